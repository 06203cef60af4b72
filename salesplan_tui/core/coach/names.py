"""Provides the names a workspace knows (its contacts and accounts), indexed so an answer is read against them fast."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class KnownNames:
    """Contacts and accounts by their words: "dana" finds Dana Ruiz; "northwind traders" is found in any case."""

    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first word → (all words, the name as known), longest first
    people: dict[str, tuple[str, ...]]  # any word of a contact's name → the contacts who have it
    focus: dict[str, tuple[str, ...]]  # the same for the contacts of the deal being talked about
    accounts: frozenset[str]  # account names, lower case
    contact_names: frozenset[str]  # contacts' full names, lower case
    account_first: dict[str, tuple[str, ...]]  # an account's first word → the accounts it starts ("contoso" → Contoso Health)

    def phrase_at(self, words: list[str]) -> tuple[int, str] | None:
        """The longest known name the words start with: (how many words, the name as known)."""
        for known, name in self.phrases.get(words[0], []) if words else []:
            if words[: len(known)] == list(known):
                return len(known), name
        return None

    def person(self, word: str) -> str | None:
        """The one contact a first or last name alone stands for: the deal's first, then the workspace's."""
        for index in (self.focus, self.people):
            found = index.get(word, ())
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return None  # two Danas: ambiguous, so the answer must say which
        return None

    def account_by_first_word(self, word: str) -> str | None:
        """The one account a name's first word alone stands for: "contoso" is Contoso Health when no other starts so."""
        found = self.account_first.get(word.lower(), ())
        return found[0] if len(found) == 1 else None

    def is_account(self, name: str) -> bool:
        """Whether a name is one of the workspace's accounts: in full, or by the first word of only one."""
        low = name.lower()
        return low in self.accounts or (" " not in low and self.account_by_first_word(low) is not None)

    def is_contact(self, name: str) -> bool:
        """Whether a name is one of the customer's people: a whole name, or a first or last name of one."""
        low = name.lower()
        return low in self.contact_names or low in self.people


@lru_cache(maxsize=16)
def known_names(contacts: tuple[str, ...], accounts: tuple[str, ...], focus: tuple[str, ...] = ()) -> KnownNames:
    """The index of what a workspace knows; cached, since the same workspace is judged answer after answer."""
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    # Each word's names in the order first met, each once: a dict as an ordered set (a list searched before each
    # append took 70 ms for 2,000 contacts sharing a word, on every `salesplan add`).
    people: dict[str, dict[str, None]] = {}
    focused: dict[str, dict[str, None]] = {}
    for name, is_person in [*((c, True) for c in contacts), *((a, False) for a in accounts)]:
        words = tuple(w.lower() for w in name.split())
        if not words:
            continue
        phrases.setdefault(words[0], []).append((words, name))
        if is_person:
            for w in words:
                if len(w) > 1:
                    people.setdefault(w, {})[name] = None
    for name in focus:
        for w in (w.lower() for w in name.split()):
            if len(w) > 1:
                focused.setdefault(w, {})[name] = None
    account_first: dict[str, list[str]] = {}
    for name in accounts:
        account_words = name.lower().split()
        if len(account_words) > 1 and len(account_words[0]) > 2:
            account_first.setdefault(account_words[0], []).append(name)
    for options in phrases.values():
        options.sort(key=lambda o: len(o[0]), reverse=True)
    return KnownNames(
        phrases=phrases,
        people={k: tuple(v) for k, v in people.items()},
        focus={k: tuple(v) for k, v in focused.items()},
        accounts=frozenset(a.lower() for a in accounts),
        contact_names=frozenset(c.lower() for c in contacts),
        account_first={k: tuple(v) for k, v in account_first.items()},
    )
