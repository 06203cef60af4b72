"""Provides purposes(): the results a deal asks for next (stage, kind, open steps), as clauses still to get."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from salesplan_tui.core.base.regex_cache import compiled

RENEWAL, EXPANSION, NEW_LOGO = "renewal", "expansion", "new logo"

# Steps that only make sense with a stranger (a new logo): being introduced, finding out who they are.
_STRANGERS_ONLY = compiled(
    r"\b(?:introduc\w*|referr\w*|referenc\w*|current\s+customers?|likely\s+sponsor|research\w*|prospect\w*|"
    r"cold\s+\w+|first\s+meeting)\b", re.IGNORECASE)
# Steps that only make sense with a customer already (a renewal or an expansion).
_CUSTOMERS_ONLY = compiled(
    r"\b(?:renew\w*|upsell\w*|usage|adoption|QBR|quarterly\s+business\s+review|customer\s+success|existing\s+contract)\b",
    re.IGNORECASE)
# What each kind of deal needs besides its stage's playbook: results, each a thing the customer does or agrees.
_KIND_RESULTS: dict[str, tuple[str, ...]] = {
    RENEWAL: ("to agree the renewal terms and the date they are signed", "to get the renewal order form signed",
              "to confirm who signs the renewal and when"),
    EXPANSION: ("to agree the scope and price of the expansion", "to confirm who owns the budget for the expansion"),
    NEW_LOGO: ("to get a first meeting agreed with the sponsor",),
}
_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "can", "do", "does"})
# Past forms whose present is not the past less its ending ("saw" → "see").
_IRREGULAR = {"saw": "see", "seen": "see", "got": "get", "gotten": "get", "gave": "give", "given": "give",
              "made": "make", "took": "take", "taken": "take", "sent": "send", "wrote": "write", "written": "write",
              "knew": "know", "known": "know", "chose": "choose", "chosen": "choose", "met": "meet", "told": "tell",
              "paid": "pay", "bought": "buy", "signed off": "sign off", "set": "set", "put": "put", "held": "hold",
              "brought": "bring", "found": "find", "heard": "hear", "left": "leave", "began": "begin", "won": "win"}
_DETERMINERS = frozenset({"a", "an", "the", "their", "our", "its", "his", "her", "my", "your", "this", "that"})
_STOP = frozenset({"the", "a", "an", "and", "or", "of", "to", "for", "with", "on", "in", "by"})


def purposes(playbook: Iterable[str] = (), exit_criteria: Iterable[str] = (), *, kind: str = "",
             open_steps: Iterable[str] = ()) -> list[str]:
    """The results to offer, most fitting first: the stage's playbook that fits the deal's kind, its exit criteria as
    things to get, the deal's own open steps, then what its kind of deal needs; each once, none of a few words."""
    clauses = []
    for item in playbook:
        if fits(item, kind):
            words = re.sub(r"\s+with\s+the\s+[\w' -]{1,30}$", "", item.strip().rstrip("."))  # the whom is the target's
            clauses.append("to " + _lower_first(words))
    clauses += [criterion(item.strip().rstrip(".")) for item in exit_criteria if fits(item, kind)]
    clauses += ["to " + _lower_first(step.strip().rstrip(".")) for step in open_steps if step.strip()]
    clauses += list(_KIND_RESULTS.get(kind, ()))
    seen: set[frozenset[str]] = set()
    kept = []
    for clause in clauses:
        key = frozenset(w for w in re.findall(r"[a-z0-9]+", clause.casefold()) if w not in _STOP)
        if len(clause.split()) > 2 and key not in seen:
            seen.add(key)
            kept.append(clause)
    return kept


def fits(item: str, kind: str) -> bool:
    """Whether a step fits a kind of deal: a renewal or an expansion has no sponsor to be introduced to, and a new logo
    no contract to renew (an unknown kind takes every step)."""
    if kind in (RENEWAL, EXPANSION):
        return not _STRANGERS_ONLY.search(item)
    if kind == NEW_LOGO:
        return not _CUSTOMERS_ONLY.search(item)
    return True


def criterion(words: str) -> str:
    """An exit criterion as a result still to get. A state with its verb stays a state ("so that the signer is
    named"); a thing and its participle is a thing to get ("to get commercial and legal terms agreed"); someone who did
    something is someone to get to do it ("The buyer saw a demo and agreed" → "to get the buyer to see a demo and
    agree"), never "so that the buyer saw a demo", which is done already."""
    said = words.split()
    lowered = [w.lower() for w in said]
    if not said or set(lowered) & _AUXILIARIES:
        return "so that " + _lower_first(words)
    thing_done = lowered[-1].endswith("ed") or lowered[-1] in _IRREGULAR  # "Commercial and legal terms agreed"
    if thing_done and not any(_present(w) for w in lowered[1:-1]):
        return "to get " + _lower_first(words)
    # The verb: a past form after its subject; not one after "a" or "the" (an adjective: "a named contact").
    at = next((i for i, w in enumerate(lowered) if i > 0 and lowered[i - 1] not in _DETERMINERS and _present(w)), None)
    if at is None:
        return "so that " + _lower_first(words)
    if lowered[at + 1:at + 2] == ["by"]:  # done to it: "pricing approved by procurement" is a thing to get
        return "to get " + _lower_first(words)
    subject, rest = " ".join(said[:at]), said[at:]
    done = [_present(w) if i == 0 or lowered[at + i - 1] in ("and", "or") else None for i, w in enumerate(lowered[at:])]
    doing = " ".join(present or word for present, word in zip(done, rest, strict=True))
    return f"to get {_lower_first(subject)} to {doing}"


def _present(word: str) -> str | None:
    """The present of a past form ("agreed" → "agree", "saw" → "see"), when it is one of the coach's verbs."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ed") or len(word) < 5:
        return None
    verbs = _verbs()
    stem = word[:-2]
    for candidate in (stem + "e", stem, stem[:-1], stem[:-1] + "y" if stem.endswith("i") else ""):
        if candidate and candidate in verbs:
            return candidate
    return None


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    from salesplan_tui.core.coach.lexicon import load_lexicon

    return frozenset(v for v in load_lexicon().verbs if " " not in v)


def _lower_first(words: str) -> str:
    first = words.split(" ", 1)[0]
    return words if first.isupper() and len(first) > 1 else words[:1].lower() + words[1:]  # "CFO", "IT" stay
