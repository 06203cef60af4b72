"""Provides how sellers spell weekdays: short forms read only where the context says a day, and typos by edit distance."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from salesplan_tui.core.base.regex_cache import compiled

FULL_NAMES = [calendar.day_name[i].lower() for i in range(7)]
# Spellings that are always a day; "mon", "wed", "sat" and "sun" are words too, so they are left to the context.
WEEKDAYS = {name: i for i, name in enumerate(FULL_NAMES)}
WEEKDAYS.update({"tue": 1, "tues": 1, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4})
AMBIGUOUS = {"mon": 0, "wed": 2, "sat": 5, "sun": 6}

# A weekday written some other way is rewritten in place as this mark, as long as the word, so every rule
# reads one spelling and spans stay where they were in the text.
MARK = "\ue000"
FILL = "\ue001"
# The first letters a weekday can start with (the mark included), for a cheap look before the list is tried.
WD_FIRST = "".join(sorted({w[0] for w in WEEKDAYS})) + MARK
WEEKDAY_PATTERN = (
    "(?<![\\w\ue000\ue001])(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + "|\ue000[0-6]\ue001*)(?![\\w\ue000\ue001])"
)

# English words the typo rule would read as days; a check against a 75,000-word English dictionary found these.
_NOT_DAYS = frozenset({"soundly", "sundry", "faraday", "sundae"})

_MONTH_WORD = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
               r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_TIME_WORD = r"eod|cob|eob|am|pm|a\.m\.|p\.m\.|noon|morning|afternoon|evening|night|first\s+thing|\d{1,2}(?::\d\d)?\s*[ap]\.?m\b"
# What makes "sat" or "wed" a day: a deadline word before it, ...
_DAY_BEFORE = compiled(
    r"(?:\b(?:by|on|before|until|till|til|due|next|this|coming|eod|cob|eob|nlt|thru|through)|\bno\s+later\s+than"
    r"|\bprior\s+to|[(@])\s*,?\s*$", re.I)
# ... a date or a time of day after it, ...
_DAY_AFTER = compiled(
    rf"\.?\s*,?\s*(?:\(\s*)?(?:\d{{1,2}}\s*/\s*\d{{1,2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_WORD})\b"
    rf"|(?:{_MONTH_WORD})\.?\s+\d{{1,2}}\b|the\s+\d{{1,2}}(?:st|nd|rd|th)\b|\d{{1,2}}(?:st|nd|rd|th)\b"
    rf"|(?:at\s+|@\s*|by\s+)?(?:{_TIME_WORD})\b)", re.I)
# ... or a bullet or a line of its own it heads: "Fri – call Dana", "- Sat: demo".
_LINE_HEAD = compiled(r"(?:^|\n)[ \t]*(?:[-*•–—·>]+[ \t]*|\d{1,2}[.)][ \t]*)?$")
_HEAD_AFTER = compiled(r"\.?[ \t]*(?:[-–—:)]|$|\n)")
# "wed" and "mon" are seldom words in what a seller writes ("call Ellen at Contoso wed to get..."), so they are
# days unless the words round them make them a verb or a name: "they wed", "to wed", "c'mon", "Mon Ami Bistro".
_VERB_BEFORE = compiled(r"(?:['\u2019]|\b(?:to|will|would|shall|they|we|i|you|he|she|who|newly|be|been|being|get|got|"
                       r"never|finally)\s+)$", re.I)
_NAME_AFTER = compiled(r"\s+(?!I\b|I['\u2019])[A-Z]")
_SELDOM_WORDS = frozenset({"wed", "mon"})
_CANDIDATE = compiled(r"\b(?:(?P<short>mon|wed|sat|sun)|(?P<word>[mtwfs][a-z]{3,9}y))\b", re.I)


def _osa(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of two neighbours as one edit; stops early past limit."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=4096)
def misspelt_weekday(word: str) -> int | None:
    """The weekday a word of 5+ letters misspells ("wensday", "thrusday", "fridy"), or None.

    A word is read as a typo when it starts with the day's letter (sellers rarely miss that one), is within
    one edit of the name (two from seven letters on), is nearer to one day than any other, and is not an
    English word it could be confused with.
    """
    word = word.lower()
    # Every day ends in "day", and a typo keeps its "d" near the end ("fridy", "monady"): "strategy" is not one.
    if len(word) < 5 or "d" not in word[-3:] or word in WEEKDAYS or word in _NOT_DAYS:
        return None
    allowed = 1 if len(word) <= 6 else 2
    letters = set(word)
    best: list[tuple[int, int]] = []
    for i, name in enumerate(FULL_NAMES):
        if name[0] != word[0] or abs(len(name) - len(word)) > allowed or len(letters - set(name)) > allowed:
            continue
        dist = _osa(word, name, allowed)
        if dist <= allowed:
            best.append((dist, i))
    best.sort()
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def _says_day(text: str, start: int, end: int) -> bool:
    if _DAY_BEFORE.search(text, max(0, start - 24), start) or _DAY_AFTER.match(text, end):
        return True
    return bool(_LINE_HEAD.search(text, max(0, start - 12), start) and _HEAD_AFTER.match(text, end))


def _is_word(text: str, start: int, end: int) -> bool:
    if _VERB_BEFORE.search(text, max(0, start - 12), start):
        return True
    return text[start].isupper() and bool(_NAME_AFTER.match(text, end))


def mark_weekdays(text: str) -> str:
    """The text with each weekday spelt another way ("wensday", "sat" in "by sat") rewritten as a mark of its length."""
    pieces: list[str] = []
    pos = 0
    for m in _CANDIDATE.finditer(text):
        if m["short"]:
            short = m["short"].lower()
            says = _says_day(text, m.start(), m.end()) or (
                short in _SELDOM_WORDS and not _is_word(text, m.start(), m.end()))
            day = AMBIGUOUS[short] if says else None
        else:
            day = misspelt_weekday(m["word"])
        if day is not None:
            pieces += [text[pos:m.start()], MARK, str(day), FILL * (m.end() - m.start() - 2)]
            pos = m.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def weekday_index(spelling: str) -> int:
    """The weekday (Monday is 0) of a spelling matched by WEEKDAY_PATTERN."""
    if spelling[:1] == MARK:
        return int(spelling[1])
    return WEEKDAYS[spelling.lower()]
