"""Provides judge(): reads an answer to "What's next?" and accepts it only when it is a plan (seed 001).

The answer is read as a sentence: its subject (the owner), the verbs of its plan (is one a result, or all activity?),
what they are aimed at (the target), its date phrases (the due date) and its hedges (the commitment). Every refusal
points at the words that made it and says why.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.fields import Field, as_sentence, labelled_fields
from salesplan_tui.core.coach.lexicon import Lexicon, load_lexicon
from salesplan_tui.core.coach.names import KnownNames, known_names
from salesplan_tui.core.coach.outcome import result_at
from salesplan_tui.core.coach.owner import find_owner, later_owners
from salesplan_tui.core.coach.pieces import separated_fields
from salesplan_tui.core.coach.question import ask
from salesplan_tui.core.coach.reader import Flag, Reader
from salesplan_tui.core.coach.target import find_target
from salesplan_tui.core.dates import parser as date_phrases

ELEMENTS = ("commitment", "owner", "target", "outcome", "due")
MAX_CHARS = 2000  # an answer longer than this is read up to here; "What's next?" is never an essay

# Separators only a field list uses, never prose: pipes, middle dots, arrows.
_STRONG_SEPARATOR = compiled(r"\||\u00b7|\u2192|->|=>|\s/\s")
_FIRM_DEADLINE = compiled(r"\b(?:by|before|until|till|due|no\s+later\s+than|eod|cob)\s*,?\s*$", re.IGNORECASE)
# Enough separators for a field list: two of them, or a label's "=" (prose has at most a colon or a dash).
_ANY_SEPARATOR = compiled(r"(?:[;:=\u2013\u2014]|\s-\s|\.\s+\w+\s*$).*(?:[;:=\u2013\u2014]|\s-\s|\.\s+\w+\s*$)|=")
_CONTROL = compiled(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]")
# Anchors that make a date the deadline rather than a date mentioned ("by Friday" vs "the demo for Dec 7").
_DEADLINE = compiled(r"\b(?:by|before|until|till|due|no\s+later\s+than|within|in|eod|cob)\s*,?\s*$", re.IGNORECASE)


@dataclass
class Judgement:
    """The verdict on one answer: specific or not, what is missing, and the plan's parts when found."""

    specific: bool
    missing: list[str]
    owner: str | None
    target: str | None
    outcome: str | None
    due: dt.date | None
    question: str
    flags: list[Flag] = field(default_factory=list)
    due_phrase: str | None = None

    @property
    def vague_words(self) -> list[str]:
        return [f.text for f in self.flags]


def judge(
    text: str,
    *,
    today: dt.date,
    lexicon: Lexicon | None = None,
    accounts: Iterable[str] = frozenset(),
    contacts: Iterable[str] = (),
    focus: Iterable[str] = (),
) -> Judgement:
    """Judges an answer to "What's next?"; never raises, whatever the text.

    Args:
        text: the answer as typed.
        today: the day relative dates are read from.
        lexicon: the word lists (default: shipped lists plus the team's coach.json).
        accounts: names of the workspace's accounts (any case): a target when named, the customer when the subject.
        contacts: full names of the workspace's contacts: a target when named, in any case; the customer as subject.
        focus: the contacts of the deal talked about: "Dana" alone is the deal's one Dana, before any other Dana.
    """
    lex = lexicon or _default_lexicon()
    clean = _CONTROL.sub(" ", str(text)[:MAX_CHARS]).replace("\u2019", "'").replace("\u2018", "'")
    if not clean.strip():
        missing = ["owner", "target", "outcome", "due"]
        return Judgement(False, missing, None, None, None, None, ask(missing, empty=True))
    names = known_names(_names(contacts), _names(accounts), _names(focus))
    fields = labelled_fields(clean)
    verdict = _judge_fields(clean, fields, today, lex, names) if fields else _read(clean, today, lex, names)
    if _STRONG_SEPARATOR.search(clean) or (not verdict.specific and _ANY_SEPARATOR.search(clean)):
        # "12/15 | Ridgeline Solar | PO issued | me": pieces that each give one part, read as the sentence they make
        pieces = separated_fields(clean, today, lex)
        if pieces:
            as_fields = _judge_fields(clean, pieces, today, lex, names)
            if as_fields.specific:
                return as_fields
    return verdict


def _judge_fields(clean: str, fields: dict[str, Field], today: dt.date, lex: Lexicon, names: KnownNames) -> Judgement:
    """An answer given as labelled fields, judged as the sentence they make, its flags pointed back at the fields."""
    sentence, spans = as_sentence(fields, lex.verbs)
    verdict = _read(sentence, today, lex, names)
    flags = []
    for f in verdict.flags:
        field = next((fd for s, e, fd in spans if s <= f.start < e), None)
        start, end = (field.start, field.end) if field else (0, len(clean.rstrip()))
        flags.append(Flag(start, end, clean[start:end], f.element, f.reason, f.ask))
    verdict.flags = flags
    verdict.question = ask(verdict.missing, flags=flags) if verdict.missing else ""
    return verdict


def _read(clean: str, today: dt.date, lex: Lexicon, names: KnownNames) -> Judgement:
    """The verdict on a cleaned answer: commitment, due date, owner, then target and outcome from the predicate."""
    r = Reader(clean, today, lex, names)
    committed = _commitment(r)
    due, due_phrase = _due(r)
    owner = find_owner(r)
    base = len(r.flags)
    if owner.name is not None:
        committed = _commitment_of_the_plan(r, owner.span[0])
    result = result_at(r, owner.predicate) if owner.predicate < len(r.tokens) else None
    if result is None or not committed:
        # The first subject's clause may be context ("I'll deal with that later. By Friday week, I'll have ..."):
        # the plan is the first later clause that promises a result and is not hedged.
        kept = list(r.flags)
        for later in later_owners(r, owner):
            r.flags[:] = kept[:base]
            later_committed = _commitment_of_the_plan(r, later.span[0])
            later_result = result_at(r, later.predicate)
            if later_result is not None and later_committed:
                owner, result, committed = later, later_result, later_committed
                break
        else:
            r.flags[:] = kept
    if result is not None and due is not None and len(r.dates) > 1:
        due, due_phrase = _day_of_the_result(r, result, due, due_phrase)
    predicate_char = r.tokens[owner.predicate].start if owner.predicate < len(r.tokens) else len(r.text)
    target = find_target(r, predicate_char, owner.span)
    outcome_found = result is not None
    if owner.predicate >= len(r.tokens):
        r.flag(0, len(r.text.rstrip()), "outcome", "what result must it get (a decision, a date, a signature, a number)?")
    found = {"commitment": committed, "owner": owner.name is not None, "target": target is not None,
             "outcome": outcome_found, "due": due is not None}
    missing = [e for e in ELEMENTS if not found[e]]
    flags = sorted((f for f in r.flags if f.element in missing), key=lambda f: f.start)
    return Judgement(
        specific=not missing, missing=missing, owner=owner.name, target=target,
        outcome=_outcome_words(r, predicate_char, result, due_phrase) if result is not None else None, due=due,
        question=ask(missing, flags=flags) if missing else "", flags=flags, due_phrase=due_phrase,
    )


def judge_parts(outcome: str, target: str, due: dt.date, *, today: dt.date, lexicon: Lexicon | None = None) -> Judgement:
    """Judges an action already split into its fields (a form's boxes, a stored action) as the one sentence they make."""
    return judge(f"I will {outcome} with {target} by {due.isoformat()}", today=today, lexicon=lexicon)


def _names(names: Iterable[str]) -> tuple[str, ...]:
    """Names as a stable key for the cached index: stripped, without blanks or repeats, in their given order.

    A tuple is taken as given (the caller built it once), so a big workspace is not re-read per answer."""
    if isinstance(names, tuple):
        return names
    return tuple(dict.fromkeys(" ".join(str(n).split()) for n in names if str(n).strip()))


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return load_lexicon()


def _commitment(r: Reader) -> bool:
    ok = True
    for m in r.matches("hedges"):
        r.flag(m.start(), m.end(), "commitment", f'"{m.group()}" is a maybe, not a promise')
        ok = False
    stripped = r.text.rstrip()
    if stripped.endswith("?"):
        r.flag(len(stripped) - 1, len(stripped), "commitment", "a question is not a commitment")
        ok = False
    return ok


def _commitment_of_the_plan(r: Reader, plan_start: int) -> bool:
    """Drops hedges said in an earlier sentence of their own ("I think finance is the blocker. I'll call ..."): an
    opinion before the plan is context, not a maybe on it. A bare "Maybe." before it still is one."""
    sentence_end = max((m.end() for m in re.finditer(r"[.!?](?:\s|$)", r.text[:plan_start])), default=0)
    # A clause of its own before the plan's ("I can't promise legal will like it, but by the 9th I will ...",
    # "Maybe the price is high — regardless, ...") is context too: the hedge is about something else.
    plan_tok = next((t for t in r.tokens if t.end > plan_start), None)
    clause_start = sentence_end
    if plan_tok is not None:
        first = next(t for t in r.tokens if t.clause == plan_tok.clause)
        clause_start = max(sentence_end, first.start if first.index > 0 else 0)
    earlier = [f for f in r.flags if f.element == "commitment" and f.end <= clause_start]
    context = [f for f in earlier if len(r.text[:clause_start].split()) >= 4]
    # "... by Friday. Then we'll see.": a later sentence of its own is a comment on the plan; a bare "Maybe." is not
    plan_end = re.search(r"[.!?](?:\s|$)", r.text[plan_start:])
    if plan_end:
        after = plan_start + plan_end.end()
        later = r.text[after:]
        if len(later.split()) >= 3 and not re.search(r"(?<![\w'])I(?:'ll|'m)?(?![\w'])", later):
            context += [f for f in r.flags if f.element == "commitment" and f.start >= after]
    for f in context:
        if f in r.flags:
            r.flags.remove(f)
    return not any(f.element == "commitment" for f in r.flags)


def _due(r: Reader) -> tuple[dt.date | None, str | None]:
    """The plan's deadline: of the dates said as deadlines ("by", "before", "within"), the last one (the result's)."""
    for m in r.matches("vague_times"):
        r.flag(m.start(), m.end(), "due", f'"{m.group()}" is not a date')
    for start, end, phrase in getattr(date_phrases, "vague_spans", lambda _t: [])(r.text):
        r.flag(start, end, "due", f'"{phrase}" is a span, not one day: which day?')
    if not r.dates:
        return None, None
    deadlines = [d for d in r.dates if d.anchored or _DEADLINE.search(r.text[max(0, d.start - 20):d.start])]
    # "By Friday I'll get Dana to agree the kickoff on Dec 17": "by" says the deadline, "on" a date in the result
    firm = [d for d in deadlines if _FIRM_DEADLINE.search(r.text[max(0, d.start - 20):d.start])]
    chosen = max(firm or deadlines, key=lambda d: d.day) if deadlines else r.dates[0]
    other = getattr(chosen, "conflict", None)
    if other is not None:
        first, second = sorted((chosen.day, other))
        r.flag(chosen.start, chosen.end, "due", f'"{chosen.phrase}": those are two different days',
               ask=f"which day: {first:%A} {first.day} {first:%b} or {second:%A} {second.day} {second:%b}")
        return None, None
    if chosen.day < r.today or _just_gone(r, chosen):
        r.flag(chosen.start, chosen.end, "due", f'"{chosen.phrase}" has passed: by what day from now?')
        return None, None
    alternative = next((d for d in r.dates if d is not chosen and _either_or(r, chosen, d)), None)
    if alternative is not None:
        first, second = sorted((chosen, alternative), key=lambda d: d.start)
        r.flag(first.start, second.end, "due", "two days: which one is the deadline?",
               ask=f"which day: {first.phrase} or {second.phrase}")
        return None, None
    return chosen.day, chosen.phrase


def _day_of_the_result(r: Reader, result: int, due: dt.date, phrase: str | None) -> tuple[dt.date, str | None]:
    """ "Email Greta the case study tonight; tomorrow, get her to confirm the call": with no date said as a deadline,
    the plan's day is the one said in the result's own clause, not the first action's."""
    if any(d.anchored or _DEADLINE.search(r.text[max(0, d.start - 20):d.start]) for d in r.dates):
        return due, phrase
    clause = r.tokens[result].clause
    for d in r.dates:
        after = next((t for t in r.tokens if t.start >= d.end), None)
        before = next((t for t in reversed(r.tokens) if t.end <= d.start), None)
        near = after if after is not None and not _CLAUSE_BREAK.search(r.masked[d.end:after.start]) else before
        if near is not None and near.clause == clause and d.day >= r.today and getattr(d, "conflict", None) is None:
            return d.day, d.phrase
    return due, phrase


_CLAUSE_BREAK = compiled(r"[.!?;:\n|\u2192]|\s[-\u2013\u2014]+\s|[\u2013\u2014]")


def _just_gone(r: Reader, d: date_phrases.DateMatch) -> bool:
    """ "by last Friday"; "by 11/20" said on 23 Nov (read as next year's, but meant the one just gone)."""
    if re.search(r"\blast\s*$", r.text[:d.start], re.IGNORECASE):
        return True
    if d.day.year <= r.today.year or re.search(r"\d{4}|'\d\d", d.phrase):
        return False
    try:
        this_year = d.day.replace(year=r.today.year)
    except ValueError:
        return False
    return 0 < (r.today - this_year).days <= 45


def _either_or(r: Reader, a: date_phrases.DateMatch, b: date_phrases.DateMatch) -> bool:
    """ "by Friday or Monday", "Friday, worst case Monday": two days offered, so no one deadline."""
    first, second = sorted((a, b), key=lambda d: d.start)
    between = r.text[first.end:second.start]
    return bool(re.fullmatch(r"\s*,?\s*(?:or|or\s+at\s+the\s+latest|worst\s+case|at\s+worst|failing\s+that|"
                             r"latest|at\s+the\s+latest|if\s+not(?:\s+then)?|else)\s*,?\s*(?:by|on)?\s*",
                             between, re.IGNORECASE))


def _outcome_words(r: Reader, predicate_char: int, result: int, due_phrase: str | None = None) -> str:
    """What the action must get, in the user's words: the whole predicate when its verb is the result ("send the
    deck to Dana"); from the result on when an activity only leads to it ("follow up with Bob to get the terms
    agreed" → "get the terms agreed": Bob is kept in the target's own field)."""
    start = r.tokens[result].start
    if _refers_back(r, result):
        start = predicate_char  # "email Raj three times for the review, get one booked": "one" needs what it stands for
    return _predicate(r, max(predicate_char, start), due_phrase)


def _refers_back(r: Reader, result: int) -> bool:
    """Whether the result's object only points back ("get one booked", "have it signed", "get that done")."""
    nxt = r.tokens[result + 1] if result + 1 < len(r.tokens) else None
    return nxt is not None and nxt.low in ("one", "it", "that", "them", "those", "these", "this")


# Where a sentence ends inside a result: a full stop before a capital, not after "Mrs" or "Inc".
_SENTENCE_END = compiled(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSr)(?<!\bInc)(?<!\bLtd)(?<!\bCorp)(?<!\bCo)"
                        r"(?<!\bSt)(?<!\b[A-Z])[.!?]+\s+(?=\S)")


def _predicate(r: Reader, start: int, due_phrase: str | None = None) -> str:
    """The answer from the verb on to its sentence's end, without the deadline: what will be done, in the user's words.

    Only the deadline is dropped: another date is part of the result ("agree the kickoff on Dec 17")."""
    pieces = []
    pos = start
    for d in r.dates:
        if d.end <= start or (due_phrase is not None and d.phrase != due_phrase):
            continue
        lead = re.search(r"(?:\b(?:by|on|before|until|till|due|no\s+later\s+than)\s*,?\s*)$", r.text[pos:d.start], re.IGNORECASE)
        pieces.append(r.text[pos:d.start][: lead.start() if lead else None])
        pos = d.end
    pieces.append(r.text[pos:])
    body = " ".join("".join(pieces).split())
    end = _SENTENCE_END.search(body)
    if end and len(body[:end.start()].split()) >= 2:
        body = body[:end.start()]  # later sentences are context, not the result
    body = re.sub(r"^(?:[,;:]\s*|will\s+|'ll\s+|to\s+|needs?\s+to\s+|(?:am|is|'m|'s)\s+going\s+to\s+|must\s+|have\s+to\s+)+", "",
                  body, flags=re.IGNORECASE)
    body = body.strip(" ,.;:!-")
    return body or r.text.strip()
