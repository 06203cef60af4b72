"""Provides the small edits that complete a refused answer: "I" for a vague "we", a hedge taken out, a piece put in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.judge import Flag
from salesplan_tui.core.dates.parser import find_dates

# Who a vague subject becomes when the seller takes it on; contractions keep their verb ("we'll" → "I'll").
_VAGUE_SUBJECT = compiled(
    r"^(?:we|we'll|we're|we've|we'd|our\s+team|the\s+team|my\s+team|team|someone|somebody|anyone|anybody|they|"
    r"they'll|they're|they've|let's|lets|let\s+us|one\s+of\s+us|one\s+of\s+our\s+\w+|whoever|the\s+company)$",
    re.IGNORECASE,
)
# Words for "whoever" that a named person can stand in for ("call them" → "call Dana Ruiz"). A target flag may mark
# something else (where a target is wanting, say), so only these are ever replaced.
_VAGUE_TARGET = compiled(
    r"^(?:them|him|her|everyone|everybody|anyone|anybody|people|folks|"
    r"(?:all\s+)?(?:of\s+)?(?:the\s+|their\s+|our\s+)?(?:some\s+|more\s+|all\s+|key\s+|other\s+|new\s+)?"
    r"(?:stakeholders|decision[\s-]makers|prospects|customers|clients|contacts|buyers|accounts|leads))$",
    re.IGNORECASE,
)
_AS_ME = {"ll": "I'll", "re": "I'm", "ve": "I've", "d": "I'd"}
# The verb after the old subject, said by "I": "the team needs to" → "I need to", "we are" → "I am".
_AGREEMENT = {"is": "am", "are": "am", "were": "was", "has": "have", "needs": "need", "wants": "want",
              "does": "do", "plans": "plan", "goes": "go"}
# Verbs a note starts with when its "I" is left out ("need to send…", "will get…", "gonna call…").
_NO_SUBJECT = compiled(r"^(?:need|needs|will|must|gonna|going|have|has|got|gotta|want|wants|plan|plans|shall)$",
                      re.IGNORECASE)
_MODAL_HEDGES = {"should", "might", "could", "would", "may", "should probably", "could probably"}
_TO_HEDGES = compiled(r"^(?:try|trying|attempt|attempting|hope|hoping|aim|aiming|want|wanting)(?:\s+to)?$", re.IGNORECASE)
# "will try to call" is "will call"; so is "should try to call", once its "should" is made "will" in turn.
_AFTER_A_PROMISE = compiled(r"(?:\b(?:will|shall|must|to|going|should|might|could|would|may)|'ll)\s*$", re.IGNORECASE)
_BEING = compiled(r"(?:\bI'm|\bI\s+am|\bam|\bwe're|\bwe\s+are)\s*$", re.IGNORECASE)
_SHORT = 4  # words: a flag this short is the vague words themselves, which an offer may replace or take out
_LEAD_IN = compiled(r"\s*\b(?:by|on|before|until|till|due|no\s+later\s+than)\s*,?\s*$", re.IGNORECASE)
_END = compiled(r"[\s.!?]*$")


def body_end(text: str) -> int:
    """Where the words end, before the final full stop (or ! or ?) and spaces: where a piece goes at the end."""
    return _END.search(text).start()  # type: ignore[union-attr]  # the pattern matches every string


def insert(text: str, at: int, piece: str) -> str:
    """Puts a piece (starting with its space) into the text at a place, keeping the rest as typed."""
    head, tail = text[:at].rstrip(), text[at:].lstrip(" ")
    return head + piece + (" " if tail and tail[0] not in ".,;:!?)]}" else "") + tail


def before_deadline(text: str, today: dt.date, flags: Sequence[Flag] = ()) -> int:
    """Where a piece goes so that a deadline said at the end stays at the end: before "by Friday" (or a vague
    "soon" the judge flagged, which a day will replace), else the end."""
    end = body_end(text)
    dates = [d for d in find_dates(text, today) if not text[d.end:end].strip(" ,)")]
    vague = vague_time(flags, text)
    if vague is not None and not text[vague.end:end].strip(" ,)"):
        at = len(text[:vague.start].rstrip())
    elif not dates:
        return end
    else:
        lead = _LEAD_IN.search(text[:dates[-1].start])
        at = lead.start() if lead else dates[-1].start
    # A hedge said just before the day ("…, probably next week") stays with it: the piece goes before both.
    for f in sorted((f for f in flags if f.element == "commitment" and len(f.text.split()) <= _SHORT),
                    key=lambda f: f.start, reverse=True):
        if f.end <= at and not text[f.end:at].strip(" ,"):
            at = len(text[:f.start].rstrip(" ,"))
    return at


def replace(text: str, start: int, end: int, words: str) -> str:
    """The text with one span put in other words (the span as the judge flagged it)."""
    return _tidy(text[:start] + words + text[end:])


def vague_target(flags: Sequence[Flag]) -> Flag | None:
    """The words standing for a target that a named person can replace ("them", "all the stakeholders")."""
    return next((f for f in flags if f.element == "target" and _VAGUE_TARGET.match(" ".join(f.text.split()))), None)


def vague_time(flags: Sequence[Flag], text: str = "") -> Flag | None:
    """The words standing for a day that a day can replace ("soon", "ASAP", "sometime in December"): a short due
    flag (a longer one marks where a day is wanting, not words to replace), widened to the short due flags it
    overlaps ("sometime" inside "sometime in december") and, given the text, to the "by" or "on" said before it,
    which the day's own "by" replaces."""
    short = sorted((f for f in flags if f.element == "due" and 0 < len(f.text.split()) <= _SHORT), key=lambda f: f.start)
    if not short:
        return None
    start, end = short[0].start, short[0].end
    for f in short[1:]:
        if f.start < end:
            end = max(end, f.end)
    if text:
        if ish := re.match(r"-?ish\b", text[end:], re.IGNORECASE):  # "next week-ish": the day replaces it all
            end += ish.end()
        lead = _LEAD_IN.search(text[:start])
        if lead:  # from the word itself: the space before it stays
            start = lead.start() + len(lead.group()) - len(lead.group().lstrip())
        return dataclasses.replace(short[0], start=start, end=end, text=text[start:end])
    return dataclasses.replace(short[0], start=start, end=end)


def as_me(text: str, flags: Sequence[Flag]) -> str | None:
    """The answer with its vague subject ("we", "the team", "someone") made "I", or "I" put before a verb said with
    no subject ("need to get…", "will send…", as notes are typed); None when it has neither."""
    flag = next((f for f in flags if f.element == "owner" and _VAGUE_SUBJECT.match(f.text.strip())), None)
    if flag is None:
        return _with_me(text, flags)
    said = flag.text.strip().lower()
    suffix = said.rsplit("'", 1)[1] if "'" in said and not said.startswith("let") else ""
    me = "I'll" if said.startswith("let") else _AS_ME.get(suffix, "I")
    rest = text[flag.end:]
    verb = re.match(r"(\s+)([A-Za-z]+)\b", rest)
    if verb and me == "I" and verb.group(2).lower() in _AGREEMENT:
        rest = verb.group(1) + _AGREEMENT[verb.group(2).lower()] + rest[verb.end():]
    return _tidy(text[:flag.start] + me + rest)


def is_vague_subject(words: str) -> bool:
    """Whether a subject is one that "I" stands in for ("we", "the team", "let's"), not a verb said without one."""
    return bool(_VAGUE_SUBJECT.match(words.strip()))


def _with_me(text: str, flags: Sequence[Flag]) -> str | None:
    """ "need to get Dana…" → "I need to get Dana…": the owner flagged is a verb that wants its subject said."""
    flag = next((f for f in flags if f.element == "owner" and _NO_SUBJECT.match(f.text.strip())), None)
    if flag is None or (text[:flag.start].strip(" \t-•*·–—>[]()#:") and not re.search(r"[:.;!?]\s*$", text[:flag.start])):
        return None  # only where the sentence starts: after a bullet or a label, not in the middle of a clause
    word = flag.text.strip()
    verb = _AGREEMENT.get(word.lower(), word.lower())
    return text[:flag.start] + "I " + verb + text[flag.start + len(flag.text.rstrip()):]


def as_promise(text: str, flags: Sequence[Flag]) -> str | None:
    """The answer said as a promise: its hedges taken out ("maybe", "try to") or made "will"; None when unchanged."""
    # Only a hedge's own words are edited: a longer flag says why a whole clause is no promise, and stays.
    hedges = sorted((f for f in flags if f.element == "commitment" and len(f.text.split()) <= _SHORT),
                    key=lambda f: f.start, reverse=True)
    out = text
    for f in hedges:
        out = _unhedged(out, f)
    out = _tidy(out)
    if text[:1].isupper() and out[:1].islower():
        out = out[0].upper() + out[1:]
    return out if out != _tidy(text) else None


def _unhedged(text: str, f: Flag) -> str:
    before, after, word = text[:f.start], text[f.end:], " ".join(f.text.lower().split())
    if word == "?":
        return before.rstrip() + "." + after
    if word in _MODAL_HEDGES:
        return before + "will" + after
    if _TO_HEDGES.match(word):
        if not word.endswith(" to"):
            to = re.match(r"\s+to\b", after)
            if to is None:
                return before.rstrip() + " " + after.lstrip()  # "I hope Dana agrees": the hope goes
            after = after[to.end():]
        being = _BEING.search(before)
        if being:  # "I'm trying to get" → "I'll get"
            subject = "I" if being.group().strip().lower() in ("i'm", "i am", "am") else "we"
            return before[:being.start()] + f" {subject} will" + after
        if _AFTER_A_PROMISE.search(before):  # "I will try to call" → "I will call"
            return before.rstrip() + after
        return before + "will" + after
    if word in ("i think", "i guess"):
        return before + re.sub(r"^\s*(?:that\b|,)?", "", after)
    if word.startswith("if "):
        return before.rstrip(" ,") + after
    return before.rstrip() + " " + re.sub(r"^\s*,", "", after).lstrip()


def _tidy(text: str) -> str:
    """One space between words, none before punctuation, and a capital where the sentence starts."""
    out = re.sub(r"[ \t]{2,}", " ", text).strip()
    out = re.sub(r" +([,.;:!?])", r"\1", out)
    return out[:1].upper() + out[1:] if out[:1].islower() and text.lstrip()[:1].isupper() else out
