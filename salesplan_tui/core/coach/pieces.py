"""Provides reading an answer typed as separated pieces ("12/15 | Ridgeline Solar | PO issued | me") as labelled fields."""

from __future__ import annotations

import datetime as dt
import re

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.fields import Field
from salesplan_tui.core.coach.lexicon import Lexicon
from salesplan_tui.core.dates.parser import find_dates

# What separates the parts of a CRM next-step field or a chat line: pipes, bullets, arrows, semicolons, a dash or a
# slash between spaces, a colon after a date or a label, a full stop before a short tail ("... (Tallis & Finch). me").
_SEPARATOR = compiled(r"\s*(?:\||\u00b7|\u2192|->|=>|;|\])\s*|\s+[-\u2013\u2014/]\s+|(?<=\S)\.\s+")
_COLON = compiled(r":\s+")
_LABELS = {
    "owner": ("owner", "owned by", "who owns it", "responsible", "who"),
    "target": ("with whom", "with", "target", "contact", "account", "customer", "to whom", "aimed at"),
    "outcome": ("next step", "next steps", "nxt stp", "next", "goal", "outcome", "result", "what", "objective", "ask",
                "deliverable", "action"),
    "due": ("due", "when", "by when", "deadline", "date", "by"),
}
_LABEL = compiled(r"^(?P<label>" + "|".join(sorted((re.escape(w) for ws in _LABELS.values() for w in ws), key=len,
                                                      reverse=True)) + r")\b\s*(?P<mark>[:=])?\s*", re.IGNORECASE)
_PART = {w: part for part, ws in _LABELS.items() for w in ws}
_ME = compiled(r"^(?:me|i|myself|mine|that's\s+on\s+me|on\s+me)$", re.IGNORECASE)


def separated_fields(text: str, today: dt.date, lex: Lexicon) -> dict[str, Field]:
    """The parts an answer gives as separated pieces, when it has at least three and says an outcome; else nothing."""
    pieces = _pieces(text)
    if len(pieces) < 3:
        return {}
    fields: dict[str, Field] = {}
    for start, end in pieces:
        raw = text[start:end].lstrip("[ ")
        start = end - len(raw)
        label = _LABEL.match(raw)
        part = None
        if label and (label["mark"] or label["label"].lower() in ("owner", "due")):
            part = _PART[label["label"].lower()]
            start += label.end()
            raw = text[start:end]
        value = raw.strip(" .,[]")
        if not value:
            continue
        offset = start + raw.find(value)
        kind = part or _kind(value, today, lex)
        if kind and kind not in fields:
            fields[kind] = Field(kind, offset, offset + len(value), value)
    return fields if "outcome" in fields and len(fields) >= 3 else {}


def _pieces(text: str) -> list[tuple[int, int]]:
    found, pos = [], 0
    for m in _SEPARATOR.finditer(text):
        if m.start() > pos:
            found.append((pos, m.start()))
        pos = m.end()
    if pos < len(text.rstrip(". ")):
        found.append((pos, len(text.rstrip(". "))))
    cut: list[tuple[int, int]] = []
    for s, e in found:
        # "EOW: countersigned SOW", "tmrw: onsite w/ dana": a colon after anything but a label parts two pieces
        colon = _COLON.search(text, s, e)
        label = _LABEL.match(text[s:e].lstrip("[ "))
        if colon and not (label and label["mark"] == ":"):
            cut += [(s, colon.start()), (colon.end(), e)]
        else:
            cut.append((s, e))
    return [(s, e) for s, e in cut if text[s:e].strip(" .,[]")]


def _kind(value: str, today: dt.date, lex: Lexicon) -> str | None:
    """Which part an unlabelled piece gives: a day, the owner, a result (a state or result word), or whom it is with."""
    if _ME.match(value):
        return "owner"
    dates = find_dates(value, today)
    if dates and sum(d.end - d.start for d in dates) >= len(value) * 0.6:
        return "due"
    words = re.findall(r"[\w'&-]+", value.lower())
    if lex.patterns["states"].search(value) or lex.patterns["results"].search(value):
        return "outcome"
    if any(w[:1].isupper() for w in value.split()) or (words and len(words) <= 4):
        return "target"
    return None
