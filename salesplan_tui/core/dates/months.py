"""Provides how sellers misspell months ("Decmber 4", "Janaury 15"): read as the month where a day is clearly meant."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.dates.weekdays import _osa

# The long names only: "may", "june" and "july" are too short to tell a typo from another word ("Mae", "Jane").
_NAMES = [calendar.month_name[i].lower() for i in range(1, 13) if len(calendar.month_name[i]) >= 5]
_KNOWN = {calendar.month_name[i].lower() for i in range(1, 13)} | {calendar.month_abbr[i].lower() for i in range(1, 13)}
# Words one edit from a month that sellers write for themselves ("match 3 deals", "Marco 4pm").
_NOT_MONTHS = frozenset({"match", "marco", "marcy", "marsh", "marcus", "merch", "anvil", "octet", "augur", "novel",
                         "decent", "member", "number", "junior", "janet", "jaunty"})
_WORD = compiled(r"\b[A-Za-z]{5,10}\b")
# A month is meant where a day number stands beside it ("Decmber 4", "4th of Janaury") or a word that takes a month
# comes before it ("in Janaury", "end of Decmber", "mid-Febuary").
_DAY_AFTER = compiled(r"\.?,?\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b")
_BEFORE = compiled(r"(?:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?|\b(?:in|of|by|until|till|before|after|during|early|"
                  r"late|since|from|through|mid|first|last|end|the)[\s-]+)$", re.I)


@lru_cache(maxsize=4096)
def misspelt_month(word: str) -> str | None:
    """The month a word of 5+ letters misspells ("decmber", "janaury", "febuary"), or None.

    As with weekdays: it starts with the month's letter, is within one edit of the name (two from seven letters
    on, a swap of neighbours counting one), is nearer to one month than to any other, and is no word of its own.
    """
    word = word.lower()
    if word in _KNOWN or word in _NOT_MONTHS:
        return None
    allowed = 1 if len(word) <= 6 else 2
    best = sorted((_osa(word, name, allowed), name) for name in _NAMES
                  if name[0] == word[0] and abs(len(name) - len(word)) <= allowed)
    best = [b for b in best if b[0] <= allowed]
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def respell_months(text: str) -> tuple[str, Callable[[int], int]]:
    """The text with each misspelt month written right where a day is meant, and the map from a place in it back to
    the same place in the text (a respelt month may be longer or shorter than the typo)."""
    pieces: list[str] = []
    pos = 0
    shifts: list[tuple[int, int]] = []  # (where in the new text a respelt word ends, how far that moved it)
    moved = 0
    for m in _WORD.finditer(text):
        name = misspelt_month(m.group())
        if name is None:
            continue
        if not (_DAY_AFTER.match(text, m.end()) or _BEFORE.search(text, max(0, m.start() - 16), m.start())):
            continue
        pieces += [text[pos:m.start()], name]
        pos = m.end()
        end = m.start() + moved + len(name)  # where the respelt word ends in the new text
        moved += len(name) - len(m.group())
        shifts.append((end, moved))
    if not pieces:
        return text, lambda at: at
    pieces.append(text[pos:])
    ends = [end for end, _ in shifts]
    deltas = [delta for _, delta in shifts]

    def back(at: int) -> int:
        i = bisect_right(ends, at)
        return at - (deltas[i - 1] if i else 0)

    return "".join(pieces), back
