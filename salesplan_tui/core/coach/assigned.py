"""Provides the owner a manager assigns: "Ines, you're getting ...", "Kofi owns it:", "@sam to ...", "Owner: Priya"."""

from __future__ import annotations

import re

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.reader import DISCOURSE, FILLERS, LEAD_WORDS, Reader

# A colleague's name as a manager writes it: capitalised words, or a chat handle ("@sam", "@marco").
_NAME = r"(?P<name>@?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?|@[\w.-]+)"
_HE = r"(?:he|she|they)(?:'ll|\s+will|\s+is\s+going\s+to|'s\s+going\s+to|'re\s+going\s+to)"
# What a manager says to the colleague addressed: "you'll", "you need to", "you have to", "you must", "you should"
# (a hedge, which the commitment refuses), "you own" (then the task as "-ing": "you own getting ...").
_YOU_WILL = compiled(r"\byou(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to|\s+need\s+to|'re\s+gonna|"
                    r"\s+have\s+to|'ve\s+got\s+to|\s+must|\s+should|\s+own)\s+", re.I)
_ADDRESSED = r"(?:you(?:'re|'ll|'ve|\s+are|\s+will|\s+need|\s+have|\s+must|\s+should|\s+own)\b|please\b|[a-z])"
_PLEASE = compiled(r"please\s+", re.I)
# Each shape says who is made responsible, and its end is where that person's task is said.
_SHAPES = [
    # "Ines, you're getting ...", "Hannah, as agreed, you'll get ...", "Ravi, you need to get ...", "Ravi, please get
    # ...", "Ravi, get ...", "Ines - you own getting ...": the colleague addressed, then what they are told to do
    compiled(rf"(?:^|(?<=[.;:!?\n]\s))\s*{_NAME}(?:,|\s+[-\u2013\u2014]+)\s+(?:[^,.;:]{{1,30}},\s+)?(?={_ADDRESSED})"),
    # "Kofi owns the Litware renewal:", "@marco owns this:": the owner of the deal, then the task
    compiled(rf"{_NAME}\s+owns\s+(?:this|it|the\s+[^:;.]{{1,60}}?)\s*(?::|;|,|\s[-\u2013\u2014]+)\s*(?:{_HE}\s+)?"),
    # "Marta is on point: she'll have ...", "Dev is on point for this"
    compiled(rf"{_NAME}\s+is\s+on\s+point(?:\s+(?:for|on)\s+[^:;,.]{{1,40}})?\s*[:;,\u2013\u2014-]?\s*(?:{_HE}\s+)?"),
    # "@sam to get ...", "@lena will ..."
    compiled(r"(?P<name>@[\w.-]+)\s+(?:to|will|'ll|is\s+going\s+to|needs\s+to)\s+"),
    # "Tomasz's next step is to get ..."
    compiled(rf"{_NAME}'s\s+next\s+(?:step|action)\s+is\s+(?:to\s+)?"),
    # "I've agreed with Deshawn that he'll have ..."
    compiled(rf"\bI(?:'ve|\s+have)\s+agreed\s+with\s+{_NAME}\s+that\s+{_HE}\s+"),
    # "Ravi's gonna, uh, get ...": said aloud, "Ravi is going to"
    compiled(rf"{_NAME}'s\s+(?:gonna|going\s+to)[\s,]+"),
]
# "Owner: Priya", "owner Wei:", "owner = me": a field naming the owner, before or after the task
# "... — that's on me", "that one's on Marta": said after the task, the same as "Owner: me"
_LABEL = compiled(r"\b(?:owner|owned\s+by|assigned\s+to|responsible|(?:that|this|it|which)(?:\s+one)?(?:'s|\s+is)\s+"
                 r"(?:all\s+)?on)\s*[:=]?\s*(?P<name>me|[A-Z][\w'-]*|@[\w.-]+)"
                 r"(?P<colon>\s*:)?", re.I)


def assigned_owner(r: Reader) -> tuple[str, int, tuple[int, int]] | None:
    """The colleague the answer makes responsible, where their task starts (a token index) and the words naming them."""
    for shape in _SHAPES:
        m = shape.search(r.masked)
        if m and _is_person(r, m["name"]):
            start = _task_after(r, m.end())
            if m.re is _SHAPES[0]:
                start = _addressed_task(r, m.end(), m["name"])
            if start < len(r.tokens):
                return _name(m["name"]), start, (m.start("name"), m.end("name"))
    label = _LABEL.search(r.masked)
    if label and (label["name"].lower() == "me" or _is_person(r, label["name"])):
        name = "me" if label["name"].lower() == "me" else _name(label["name"])
        after = _task_after(r, label.end())
        rest = r.masked[label.end():].strip(" .;,|")
        if label["colon"] and len(rest.split()) >= 3 and after < len(r.tokens):
            return name, after, (label.start(), label.end())  # "owner Wei: get the PO ..."
        first = _task_after(r, 0)
        if first < len(r.tokens) and r.tokens[first].start < label.start():
            return name, first, (label.start(), label.end())  # "... by 12/11. Owner: Priya"
    return None


def _name(said: str) -> str:
    return said.removeprefix("@").removesuffix("'s")


def _is_person(r: Reader, said: str) -> bool:
    low = said.removeprefix("@").lower()
    return bool(low) and low not in r.not_names and low not in LEAD_WORDS and not r.is_function_word(low) \
        and low not in r.lex.sets["departments"] and low not in r.lex.sets["roles"]


def _addressed_task(r: Reader, char: int, name: str) -> int:
    """Where the task told to the colleague addressed starts: after "you'll"/"you need to"/"you own", after "please",
    or at the imperative itself; past the end when the words after the name tell nobody to do anything."""
    if r.masked[char:char + 3].lower() == "you":
        you = _YOU_WILL.search(r.masked, char)  # "Lucía, you're taking Kestrel: ... you'll have ..."
        return _task_after(r, you.end()) if you else _task_after(r, _you_are(r, char))
    low = name.lower()
    if low in DISCOURSE or low in FILLERS or r.names.is_account(name) or r.names.is_contact(name):
        return len(r.tokens)  # "Honestly, get ...", "Dana, sign ...": no colleague is told
    please = _PLEASE.match(r.masked, char)
    j = _task_after(r, please.end() if please else char)
    word = r.tokens[j].low if j < len(r.tokens) else ""
    return j if word and r.is_verb(word) and r.lemma(word) == word else len(r.tokens)


def _you_are(r: Reader, char: int) -> int:
    m = compiled(r"you(?:'re|\s+are)\s+", re.I).match(r.masked, char)
    return m.end() if m else char


def _task_after(r: Reader, char: int) -> int:
    """The first token at or after char that says the task: fillers ("uh", "so") and bare dates skipped."""
    j = next((t.index for t in r.tokens if t.start >= char), len(r.tokens))
    while j < len(r.tokens) and (r.tokens[j].low in LEAD_WORDS or r.tokens[j].low in FILLERS
                                 or (r.tokens[j].low in DISCOURSE and r.gap(j + 1).startswith(","))):
        j += 1
    return j
