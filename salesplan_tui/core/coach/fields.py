"""Provides reading an answer typed as labelled fields ("Owner: me. Who: Kim at Fabrikam. Goal: ... Due: Dec 4.").

Sellers who think in the four questions answer them one by one. The fields are put back into the one sentence they
mean ("I will get the signed order form with Kim at Fabrikam by Dec 4"), which the judge reads as any other; each
flag found there is pointed back at the field it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesplan_tui.core.base.regex_cache import compiled

_LABELS = {
    "owner": ("owner", "who owns it", "responsible", "doer", "who does it", "by whom"),
    "target": ("who", "whom", "target", "with", "contact", "customer", "account", "aimed at", "to whom"),
    "outcome": ("goal", "outcome", "result", "what", "objective", "ask", "deliverable", "action"),
    "due": ("due", "when", "by when", "deadline", "date", "by"),
}
_LABEL_TO_PART = {label: part for part, labels in _LABELS.items() for label in labels}
_LABEL = compiled(
    r"(?:^|(?<=[.;\n|,]))\s*[-*\u2022]?\s*(?P<label>" + "|".join(sorted(map(re.escape, _LABEL_TO_PART), key=len,
                                                                         reverse=True)) + r")\s*:\s*",
    re.IGNORECASE,
)
_NOT_A_VERB_START = compiled(r"^(?:the|a|an|signed|written|verbal|final|their|his|her|our|my|\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One labelled answer: which part it gives, and where its value stands in the text."""

    part: str
    start: int
    end: int
    value: str


def labelled_fields(text: str) -> dict[str, Field]:
    """The parts an answer gives as "Label: value", when it gives at least two of them; else nothing."""
    marks = list(_LABEL.finditer(text))
    fields: dict[str, Field] = {}
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        raw = text[m.end():end]
        value = raw.strip().rstrip(".;,|").strip()
        if not value:
            continue
        start = m.end() + (len(raw) - len(raw.lstrip()))
        part = _LABEL_TO_PART[m.group("label").lower()]
        fields.setdefault(part, Field(part, start, start + len(value), value))
    return fields if len(fields) >= 2 else {}


def as_sentence(fields: dict[str, Field], verbs: frozenset[str]) -> tuple[str, list[tuple[int, int, Field]]]:
    """The one sentence the fields mean, and where each field's words stand in it."""
    pieces: list[tuple[str, Field | None]] = []
    owner = fields.get("owner")
    if owner is not None:
        said = owner.value
        pieces.append(("I" if said.lower() in ("me", "i", "myself", "mine") else said, owner))
    pieces.append((" will ", None))
    outcome = fields.get("outcome")
    if outcome is not None:
        first = outcome.value.split()[0].lower() if outcome.value.split() else ""
        if first not in verbs or _NOT_A_VERB_START.match(outcome.value):
            # "Goal: signed order form" is a thing to get ("the", so "get signed" is not read as a passive)
            pieces.append(("get " if _NOT_A_VERB_START.match(outcome.value) and first not in ("signed", "written", "verbal", "final") else "get the ", None))
        pieces.append((outcome.value, outcome))
    target = fields.get("target")
    if target is not None:
        pieces.append((" with ", None))
        pieces.append((target.value, target))
    due = fields.get("due")
    if due is not None:
        pieces.append((" by ", None))
        pieces.append((due.value, due))
    sentence, spans, pos = "", [], 0
    for words, field in pieces:
        if field is not None:
            spans.append((pos, pos + len(words), field))
        sentence += words
        pos += len(words)
    return sentence + ".", spans
