"""Provides words that agree in number: "1 open deal", "2 objectives", "0 of 20 QBRs"."""

from __future__ import annotations

from functools import lru_cache

# Plurals English does not make with an -s (and words said in the app that end in s, y or h).
_IRREGULAR = {"person": "people", "opportunity": "opportunities", "activity": "activities", "entry": "entries",
              "currency": "currencies", "company": "companies", "criterion": "criteria", "match": "matches",
              "inbox": "inboxes", "business": "businesses", "address": "addresses"}


@lru_cache(maxsize=512)  # a handful of words (units are typed: bounded), asked for thousands of times by the findings
def plural_of(word: str) -> str:
    """The plural of a word (or of the last word of a phrase: "open step" → "open steps")."""
    head, _, last = word.rpartition(" ")
    lower = last.casefold()
    if lower in _IRREGULAR:
        found = _IRREGULAR[lower]
        made = found if last.islower() else found[:1].upper() + found[1:]
    elif last.isupper() or last[-1:].isdigit():
        made = last + "s"  # "QBR" → "QBRs"
    elif lower.endswith(("s", "x", "ch", "sh")):
        made = last + "es"
    elif lower.endswith("y") and lower[-2:-1] not in "aeiou":
        made = last[:-1] + "ies"
    else:
        made = last + "s"
    return f"{head} {made}" if head else made


def plural(count: int | float, word: str, many: str | None = None) -> str:
    """A count and its word agreeing: plural(1, "open deal") = "1 open deal", plural(2, "objective") = "2 objectives".

    Args:
        count: how many (a whole float such as 3.0 reads as 3).
        word: the singular.
        many: the plural when it is not made by the rules above.
    """
    shown = f"{count:,}" if isinstance(count, int) else f"{count:,.0f}" if float(count).is_integer() else f"{count:,.2f}"
    if not word:
        return shown
    one = float(count) == 1
    # A word already plural ("QBRs", "meetings") stays as it is for many, and is not made singular for one.
    return f"{shown} {word if one or (word.endswith('s') and many is None) else many or plural_of(word)}"


def of_total(done: int | float, total: int | float, word: str, many: str | None = None) -> str:
    """A figure out of a total, the word once and agreeing with the total: "0 of 20 QBRs", "1 of 1 deal"."""
    shown = f"{done:,}" if isinstance(done, int) else f"{done:,.0f}" if float(done).is_integer() else f"{done:,.2f}"
    return f"{shown} of {plural(total, word, many)}"
