"""Provides the filter language of the panes: free words plus owner:, account:, status: and stage: terms."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field

KEYS = ("owner", "account", "status", "stage")


@dataclass(frozen=True)
class Query:
    """A parsed filter: every term must match (case-insensitive substrings)."""

    words: tuple[str, ...] = ()
    terms: dict[str, str] = field(default_factory=dict)
    overdue: bool = False

    @property
    def empty(self) -> bool:
        return not self.words and not self.terms and not self.overdue

    def describe(self) -> str:
        quoted = lambda v: f'"{v}"' if " " in v else v  # noqa: E731 - reads back as the same filter
        parts = [*map(quoted, self.words), *(f"{k}:{quoted(v)}" for k, v in self.terms.items())] + (
            ["overdue"] if self.overdue else [])
        return " ".join(parts)


APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")  # O'Brien, Macy's: a letter of the word, not a quote


def _split(text: str) -> list[str]:
    """Words and quoted phrases ("..." or '...'); an apostrophe inside a word stays a letter, and a quote left open
    closes at the end ('account:"north wind' is one term)."""
    kept = APOSTROPHE.sub("\x00", text)
    for closing in ("", '"', "'"):
        try:
            return [part.replace("\x00", "'") for part in shlex.split(kept + closing)]
        except ValueError:
            continue
    return text.split()


def parse_query(text: str) -> Query:
    """Reads 'owner:jill account:"north wind" overdue pricing' into a Query; a quote left open closes at the end."""
    parts = _split(text)
    words: list[str] = []
    terms: dict[str, str] = {}
    overdue = False
    for part in parts:
        key, sep, value = part.partition(":")
        if sep and key.lower() in KEYS and value:
            terms[key.lower()] = value.casefold()
        elif part.lower() == "overdue":
            overdue = True
        else:
            words.append(part.casefold())
    return Query(tuple(words), terms, overdue)


def searched(*, text: str, owner: str = "", account: str = "", stage: str = "") -> str:
    """The words a filter's free words are looked for in: one record's, ready to keep (see matches' prepared)."""
    return " ".join((text, owner, account, stage)).casefold()


def matches(query: Query, *, text: str, owner: str = "", account: str = "", status: str = "", stage: str = "",
            due: dt.date | None = None, today: dt.date | None = None, prepared: str | None = None) -> bool:
    """Whether a record described by these fields passes the filter; prepared may pass its `searched` words."""
    haystack = searched(text=text, owner=owner, account=account, stage=stage) if prepared is None else prepared
    if any(w not in haystack for w in query.words):
        return False
    fields = {"owner": owner, "account": account, "status": status, "stage": stage}
    if any(value not in fields[key].casefold() for key, value in query.terms.items()):
        return False
    return not (query.overdue and not (due is not None and today is not None and due < today and status == "open"))
