"""Provides the phrases that name a span of time rather than a day ("sometime in December", "the week of Dec 7")."""

from __future__ import annotations

import re

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.dates.grammar import DIGIT, HOLIDAY, MONTH, MONTH_WORDS, WD
from salesplan_tui.core.dates.holidays import HOLIDAY_FIRST, HOLIDAY_WORDS

_SOMETIME = r"(?:some\s*time|at\s+some\s+point|later|early|late)"
_ORDINAL_WORD = r"(?:first|second|third|fourth|last)"
# A stretch of the calendar: a month, a quarter, a half, a season, the new year.
_STRETCH = (
    rf"(?:(?:early|late)[\s-]+)?(?:(?:the\s+month\s+of\s+)?(?:{MONTH})\b\.?|Q[1-4]\b|H[12]\b"
    rf"|the\s+{_ORDINAL_WORD}\s+(?:quarter|half)\b|the\s+new\s+(?:year|quarter|month)\b"
    rf"|the\s+(?:spring|summer|fall|autumn|winter)\b|(?:spring|summer|fall|autumn|winter)\b)"
    r"(?:\s*,?\s*(?:\d{4}|'\d\d)\b)?"
)
_DAY_NUMBER_AFTER = r"(?![.-]?\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?![\d:]|\s*(?:am|pm)\b))"
_DAY = (
    rf"(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTH})\b"
    rf"|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|the\s+\d{{1,2}}(?:st|nd|rd|th)\b|(?:{HOLIDAY})|{WD}"
)

_STRETCH_WORDS = MONTH_WORDS | {"q1", "q2", "q3", "q4", "h1", "h2", "new", "quarter", "half", "spring", "summer",
                                  "fall", "autumn", "winter"}
_WEEKS = {"week", "weeks", "wk", "wc", "w"}

# Each pattern with the words one of which it cannot do without (see date_rules.words_in).
_PATTERNS: list[tuple[str, set[str] | frozenset[str]]] = [
    # "sometime in December", "later in Q1", "in the new year", "during H2", "by December" (1st or 31st?)
    (rf"\b(?=[salebdiowtu])(?:{_SOMETIME}\s+)?(?:in|during|within|over|throughout|into|by|before|until|till)\s+(?:the\s+course\s+of\s+)?"
     rf"{_STRETCH}{_DAY_NUMBER_AFTER}", _STRETCH_WORDS),
    # "early next year", "sometime next month", "late this quarter", "early December", "later next week", "mid-Q1"
    # ("later this week" is Friday, as it always was here)
    (rf"\b(?=[sale])(?!later\s+this\s+week){_SOMETIME}(?:\s+in)?[\s-]+(?:(?:this|next|the)\s+(?:week|month|quarter|year)\b"
     rf"|(?:{MONTH})\b\.?{_DAY_NUMBER_AFTER}|Q[1-4]\b)", {"sometime", "some", "later", "early", "late"}),
    # "mid-February", "the middle of March": two weeks round the 15th, not one day
    (rf"\b(?:(?:roughly|around|about|approximately)\s+)?(?:the\s+)?(?:mid(?:dle)?\s+of\s+|mid[\s-]?)(?:{MONTH})\b\.?{_DAY_NUMBER_AFTER}", {"mid", "middle"}),
    # "sometime after the 20th", "after Dec 4": any day from then on
    (rf"\b(?=[saA])(?<!day\s)(?<!days\s)(?<!week\s)(?<!weeks\s)(?:(?:some|any)\s*time\s+)?after\s+(?:{_DAY})",
     {"after"}),
    # "between the 7th and the 11th", "between Dec 7 and Dec 11"
    (rf"\bbetween\s+(?:{_DAY})\s+(?:and|&)\s+(?:{_DAY}|\d{{1,2}}(?:st|nd|rd|th)?\b)", {"between"}),
    (r"\bmid[\s-]*(?:Q[1-4]|(?:this|next|the)\s+(?:week|month|quarter|year))\b", {"mid", "midq1", "midq2", "midq3", "midq4"}),
    # "this week", "next week", "later this week", "by next week": any of five days, a span; only "end of next week",
    # "Friday next week" and "this time next week" (the day phrases that hold it) name one day
    (r"\b(?=[lbidofntc])(?:(?:later|early|by|in|during|over|for|until|till|before)\s+)?(?:this|next|the\s+coming)\s+week\b(?!'s)",
     {"week"}),
    # "this month", "next quarter", "by next year", "within the month": a span unless "end of" comes before
    (r"\b(?=[biwdoftn])(?:(?:by|in|within|during|over|for)\s+)?(?:this|next|the\s+next|the\s+coming)\s+(?:month|quarter|year)\b"
     r"(?![\s-]*end\b)|\b(?:in|within|during|over|for)\s+the\s+(?:month|quarter|year)\b(?![\s-]*end\b)",
     {"month", "quarter", "year"}),
    # "over the next few weeks", "in the coming weeks", "in a few days", "the next couple of weeks"
    (r"\b(?=[iwodftnc])(?:(?:in|within|over|during|for)\s+)?(?:the\s+)?(?:next|coming|following)\s+"
     r"(?:(?:few|several|couple(?:\s+of)?)\s+)?(?:days|weeks|months|quarters)\b", {"days", "weeks", "months", "quarters"}),
    (r"\b(?:(?:in|within|over|for)\s+)?(?:a\s+)?(?:few|several)\s+(?:more\s+)?(?:days|weeks|months)"
     r"(?:\s+(?:from\s+(?:now|today)|out|time))?\b", {"few", "several"}),
    (r"\b(?:the\s+)?(?:weeks|months)\s+ahead\b", {"ahead"}),
    # "in a week or two", "in 2-3 weeks", "within two to three days"
    (r"\b(?=[iwo])(?:in|within|over)\s+(?:the\s+next\s+)?(?:a|an|\d{1,3}|one|two|three|four|five|six)\s*"
     r"(?:(?:-|–|to|or)\s*(?:\d{1,3}|two|three|four|five|six)\s+(?:days|weeks|months)|(?:day|week|month)s?\s+or\s+"
     r"(?:two|three|so|\d{1,3}))\b", {"or", "to", DIGIT}),
    # "the week of Dec 7", "w/c 7 Dec", "the week after Thanksgiving", "Thanksgiving week", "the week after next"
    (rf"\b(?:the\s+)?(?:week\s+(?:of|commencing|beginning|starting)|wk\s+of|w/c|wc)\s+(?:the\s+|on\s+)?(?:{_DAY})", _WEEKS),
    # ("a week after Thanksgiving" is one day: Thanksgiving moved on a week)
    (rf"\b(?:the\s+week|(?<!\ba\s)(?<!\bone\s)(?<!\d\s)week|(?:the\s+)?weekend)\s+(?:after|before)\s+(?:next\b|{_DAY})",
     {"week", "weekend"}),
    (rf"\b{HOLIDAY_FIRST}(?:{HOLIDAY})\s+(?:week|weekend|break|holidays?|season|period|time)\b", HOLIDAY_WORDS),
    # "the first week of December", "the second half of next month", "the beginning of Q1"
    (rf"\b(?:the\s+)?(?:(?:{_ORDINAL_WORD}|next)\s+(?:week|half|couple\s+of\s+weeks|few\s+days)|beginning|start)"
     rf"\s+of\s+(?:(?:this|next|the)\s+(?:week|month|quarter|year)\b|{_STRETCH})",
     {"week", "half", "weeks", "days", "beginning", "start"}),
    (r"\b(?:the\s+)?middle\s+of\s+(?:this|next|the)\s+(?:week|month|quarter|year)\b", {"middle"}),
    # "after the holidays", "over the break", "around Thanksgiving"
    (r"\b(?:after|over|during|around|before|through|until|past)\s+the\s+(?:holidays|holiday\s+season|break|new\s+year)\b",
     {"holidays", "holiday", "break", "new"}),
    # ("a week after Thanksgiving" and "the day after Christmas" are one day each)
    (rf"\b(?=[aod])(?<!day\s)(?<!days\s)(?<!week\s)(?<!weeks\s)(?<!month\s)(?<!months\s)(?:after|around|over|during)\s+(?:{HOLIDAY})(?![\w'])",
     HOLIDAY_WORDS),
    (r"\b(?:the\s+)?holiday\s+season\b", {"holiday"}),
]
VAGUE_RULES = [(compiled(pattern, re.I), frozenset(needs)) for pattern, needs in _PATTERNS]

# A day said loosely ("around the 15th", "Friday-ish") is a span round it, not the day.
LOOSE_BEFORE = compiled(r"\b(?:around|towards?|near|roughly|approximately|approx\.?|circa|sometime\s+around)\s*$", re.I)
LOOSE_AFTER = compiled(r"-?ish\b|\s+or\s+so\b", re.I)
