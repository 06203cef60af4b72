"""Provides the filter language of the panes: free words plus owner:, account:, status: and stage: terms."""

from __future__ import annotations

import datetime as dt
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
        parts = [*self.words, *(f"{k}:{v}" for k, v in self.terms.items())] + (["overdue"] if self.overdue else [])
        return " ".join(parts)


def parse_query(text: str) -> Query:
    """Reads 'owner:jill account:"north wind" overdue pricing' into a Query; unbalanced quotes are read as words."""
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = text.split()
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


def matches(query: Query, *, text: str, owner: str = "", account: str = "", status: str = "", stage: str = "",
            due: dt.date | None = None, today: dt.date | None = None) -> bool:
    """Whether a record described by these fields passes the filter."""
    haystack = " ".join((text, owner, account, stage)).casefold()
    if any(w not in haystack for w in query.words):
        return False
    fields = {"owner": owner, "account": account, "status": status, "stage": stage}
    if any(value not in fields[key].casefold() for key, value in query.terms.items()):
        return False
    if query.overdue and not (due is not None and today is not None and due < today and status == "open"):
        return False
    return True
