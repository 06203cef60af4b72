"""Provides completions(): the missing parts of a refused answer, offered from what the workspace knows, one pick each."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from salesplan_tui.core.coach.judge import Judgement
from salesplan_tui.core.coach.purposes import purposes
from salesplan_tui.core.coach.rewording import (
    as_me,
    as_promise,
    before_deadline,
    body_end,
    insert,
    is_vague_subject,
    replace,
    vague_target,
    vague_time,
)
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.dates.parser import due_date, end_of_month, end_of_week, find_dates, vague_spans
from salesplan_tui.core.dates.span_ends import span_end

# First words of an account's name that are words of their own, not the account ("First National", "New Bank").
_COMMON = frozenset({"first", "global", "national", "united", "general", "american", "international", "the", "new",
                     "north", "south", "east", "west", "city", "state", "royal", "central", "bank", "group",
                     "them", "they", "their", "this", "that", "with", "from", "next", "soon", "some", "more", "team",
                     "everyone", "people", "call", "meet", "send", "sign", "deal", "friday", "monday"})
LIMIT = 9  # one key each, 1 to 9: more would not fit under the question at 80×24, nor in a glance
ORDER = ("commitment", "owner", "target", "outcome", "due")


@dataclass(frozen=True)
class Completion:
    """One offer: the element it supplies, what the offer says, and the whole answer with it in."""

    element: str
    label: str
    text: str
    blank: str = ""  # a pattern to fill ("<name at company>"): the words in `text` the seller types over; not judged


@dataclass(frozen=True)
class Person:
    """Someone an answer can be aimed at: a contact with their role and account, as the workspace has them."""

    name: str
    role: str = ""
    account: str = ""

    @property
    def label(self) -> str:
        """How the offer names them: "Dana Ruiz, CFO at Northwind Traders"."""
        role = f", {self.role}" if self.role else ""
        return f"{self.name}{role}{f' at {self.account}' if self.account else ''}"

    @property
    def phrase(self) -> str:
        # "Dana Ruiz at Northwind Traders": the coach reads a name at a named organisation as one target,
        # which a bracketed role would cut short; the role is in the offer's label.
        return f"{self.name} at {self.account}" if self.account else self.name


@dataclass(frozen=True)
class CompletionContext:
    """What the workspace knows for one answer: whom it can be aimed at, and the results its deal asks for (its stage's
    playbook and exit criteria, its kind: "renewal", "expansion" or "new logo", and its own open steps)."""

    people: tuple[Person, ...] = ()
    playbook: tuple[str, ...] = ()
    exit_criteria: tuple[str, ...] = ()
    kind: str = ""
    open_steps: tuple[str, ...] = ()


# What to type where the workspace knows nothing to offer: the part said as a pattern, its blank typed over.
WHOM_BLANK = "<name> at <company>"
RESULT_BLANK = "<a decision, a signature, a date agreed>"


def completions(
    text: str,
    verdict: Judgement,
    today: dt.date,
    context: CompletionContext = CompletionContext(),
    *,
    check: Callable[[str], Judgement] | None = None,
    limit: int = LIMIT,
) -> list[Completion]:
    """The offers that complete a refused answer, in the order a sentence is built (who, whom, what, when).

    Args:
        text: the answer as typed (and refused).
        verdict: the coach's verdict on it; only `specific`, `missing` and `flags` are read.
        today: the day dates are offered from (never one before it).
        context: what the workspace knows for this answer (see `completion_context`).
        check: the coach as the app runs it; when given, an offer that would not supply its part is left out,
            so every pick moves the answer on.
        limit: at most this many offers, shared fairly between the parts that are missing.
    """
    if verdict.specific or not text.strip():
        return []
    text = text.rstrip()
    clauses = purposes(context.playbook, context.exit_criteria, kind=context.kind, open_steps=context.open_steps)
    dated = _dates(text, verdict, today) if "due" in verdict.missing else []
    days = {offer.text: day for day, offer in dated}
    # Each part's candidates, made and read by the coach only as far as the offers shown need them: with a long
    # answer and an account of many people, checking every one would keep the seller waiting on enter.
    candidates: dict[str, Iterable[Completion]] = {
        "commitment": _one("commitment", as_promise(text, verdict.flags), verdict),
        "owner": _one("owner", as_me(text, verdict.flags), verdict),
        "target": _or_pattern(
            (Completion("target", p.label, _aimed_at(text, verdict, p, clauses, today)) for p in context.people),
            Completion("target", f"no one known here yet: type who, as {WHOM_BLANK}",
                       _aimed_at(text, verdict, Person(WHOM_BLANK), clauses, today), blank=WHOM_BLANK)),
        "outcome": _or_pattern(
            (Completion("outcome", c, insert(text, before_deadline(text, today, verdict.flags), " " + c)) for c in clauses),
            Completion("outcome", "no stage to draw on: type the result it must get",
                       insert(text, before_deadline(text, today, verdict.flags), f" to get {RESULT_BLANK}"),
                       blank=RESULT_BLANK)),
        "due": [offer for _, offer in dated],
    }
    chosen = _shared({e: _checked(e, found, text, verdict, check) for e, found in candidates.items()}, limit)
    # The days kept are the most useful ones; shown in calendar order (after the two asked about), they read as a week.
    dates = iter(sorted((o for o in chosen if o.element == "due"), key=lambda o: days[o.text]))
    return [next(dates) if o.element == "due" else o for o in chosen]


def _checked(element: str, found: Iterable[Completion], text: str, verdict: Judgement,
             check: Callable[[str], Judgement] | None) -> Iterator[Completion]:
    """The candidates that change the answer, once each, and (given the coach) supply the part they are for."""
    if element not in verdict.missing:
        return
    seen = {text}
    for offer in found:  # a pattern is not judged: it is not an answer until its blank is typed over
        if offer.text not in seen and (offer.blank or check is None or element not in check(offer.text).missing):
            yield offer
        seen.add(offer.text)


def _or_pattern(found: Iterable[Completion], pattern: Completion) -> Iterator[Completion]:
    """The offers found, or, when the workspace knows none, the pattern that says what is missing and how to say it."""
    none = True
    for offer in found:
        none = False
        yield offer
    if none:
        yield pattern


def _shared(lists: dict[str, Iterator[Completion]], limit: int) -> list[Completion]:
    """Up to `limit` offers: the one-word fixes first, then the parts taken in turn, so each missing part has some."""
    taken: dict[str, list[Completion]] = {element: [] for element in ORDER}
    budget = limit
    for element in ORDER:
        if element in ("commitment", "owner"):
            taken[element] = list(itertools.islice(lists[element], budget))
            budget -= len(taken[element])
    open_parts = ["target", "outcome", "due"]
    while budget > 0 and open_parts:
        for element in list(open_parts):
            if budget <= 0:
                break
            offer = next(lists[element], None)
            if offer is None:
                open_parts.remove(element)
            else:
                taken[element].append(offer)
                budget -= 1
    return [offer for element in ORDER for offer in taken[element]]


def _one(element: str, text: str | None, verdict: Judgement) -> list[Completion]:
    if text is None:
        return []
    said = [f.text for f in verdict.flags if f.element == element and f.text != "?"]
    if element == "owner":
        if said and not is_vague_subject(said[0]):  # no subject said: "need to send…" → "I need to send…"
            verb = re.search(r"\bI\s+(\S+)", text)
            return [Completion(element, f'I, as "I {verb.group(1) if verb else said[0].lower()} …"', text)]
        return [Completion(element, f'I, not "{said[0] if said else "we"}"', text)]
    words = ", ".join(f'"{w}"' for w in said) if said else "the question mark"
    return [Completion(element, f"say it as a promise, without {words}", text)]


def _aimed_at(text: str, verdict: Judgement, person: Person, clauses: Sequence[str], today: dt.date) -> str:
    """The answer aimed at someone: in place of a vague "them" or "everyone", else "with …" before the result."""
    vague = vague_target(verdict.flags)
    mention = _mention(text, person.account) if vague is None and person.account else None
    if mention is not None:  # "set up a QBR w/ contoso" → "set up a QBR w/ Priya Nair at Contoso Health"
        return replace(text, *mention, person.phrase)
    if vague is not None:
        end = vague.end + len(m.group()) if (m := re.match(r"\s+involved\b", text[vague.end:])) else vague.end
        return replace(text, vague.start, end, person.phrase)
    at = before_deadline(text, today, verdict.flags)
    lowered = text.lower()
    found = [lowered.find(" " + c.lower()) for c in clauses]
    at = min([f for f in found if 0 <= f < at] + [at])
    joiner = " " if re.search(r"\b(?:with|to|for)\s*$", text[:at], re.IGNORECASE) else " with "
    return insert(text, at, joiner + person.phrase)


def names_account(text: str, account: str) -> bool:
    """Whether a text names an account, in any case: its whole name, or its first word when that is a name of its
    own ("contoso" for Contoso Health; not "the" or "new")."""
    return any(re.search(rf"(?<![\w/-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE) for w in _account_words(account))


def _account_words(account: str) -> list[str]:
    words = account.split()
    if not words:
        return []
    first = words[0].strip(".,'’:")
    return [account] + ([first] if len(first) >= 4 and first.casefold() not in _COMMON else [])


def _mention(text: str, account: str) -> tuple[int, int] | None:
    """Where the answer aims at the account itself ("w/ contoso", "with Contoso Health"), which a person there can
    stand in for; not its possessive ("Contoso's CFO" already names someone)."""
    for words in _account_words(account):
        found = re.search(rf"\b(?:with|w/|to|for|at)\s+({re.escape(words)})(?![\w'’-])", text, re.IGNORECASE)
        if found:
            return found.span(1)
    return None


def _dates(text: str, verdict: Judgement, today: dt.date) -> list[tuple[tuple[bool, dt.date], Completion]]:
    """A few days as words, all after today, most useful first: the two days a weekday and a date that disagree
    stand for, this Friday, the end of next week, next Monday…; each with the order it is shown in."""
    friday, next_friday = end_of_week(today), end_of_week(today, 1)
    if friday <= today:
        friday, next_friday = next_friday, end_of_week(today, 2)
    monday = today + dt.timedelta(days=7 - today.weekday())
    tomorrow = today + dt.timedelta(days=1)
    month_end = end_of_month(today.year, today.month)
    vague = vague_time(verdict.flags, text)
    # A weekday and a date that disagree ("Thursday 12/4"): the question asks which, so the two come first.
    conflict = next((m for m in find_dates(text, today) if m.conflict is not None and vague is not None
                     and m.start < vague.end and vague.start < m.end), None)
    asked = sorted((conflict.day, conflict.conflict)) if conflict is not None and conflict.conflict else []
    candidates: list[tuple[dt.date | None, str | None]] = [(day, None) for day in asked]
    # A span said ("next week", "sometime in January"): its end is the day it surely allows, offered first.
    spans = [p for s, e, p in vague_spans(text) if vague is None or (s < vague.end and vague.start < e)]
    ended = span_end(spans[0], today) if spans else None
    if ended is not None:
        asked.append(ended[1])
        candidates.append((ended[1], ended[0]))
    candidates += [  # most useful first: a short list keeps the first few
        (friday, None),
        (next_friday, "the end of next week"),
        (monday, None),
        (tomorrow if tomorrow.weekday() < 5 else None, "tomorrow"),
        (month_end if month_end > today else None, "the end of the month"),
    ]
    days: dict[dt.date, str | None] = {}
    for day, phrase in candidates:
        if day is not None and day > today and day not in days:
            days[day] = phrase
    offers = []
    for day, phrase in days.items():
        said = _said(day, phrase, today)
        label = f"{phrase.removeprefix('the ')} · {_day(day, today)}" if phrase else _day(day, today)
        rank = (day not in asked, day)  # the days asked about first, then the calendar's order
        if vague is not None:  # "soon", "ASAP", "by Thursday 12/4": the day in their place
            offers.append((rank, Completion("due", label, replace(text, vague.start, vague.end, "by " + said))))
        else:
            offers.append((rank, Completion("due", label, insert(text, body_end(text), " by " + said))))
    return offers


def _day(day: dt.date, today: dt.date) -> str:
    """A day as a person writes it: "Fri 4 Dec", with its year when it is not this year's."""
    return day_label(day, today)


def _said(day: dt.date, phrase: str | None, today: dt.date) -> str:
    """The words for a day that the date reader reads back as that very day: "Fri 27 Nov", else "4 Dec"."""
    # The day itself before a phrase ("tomorrow"): the answer is stored, and read again on other days.
    for words in (_day(day, today), f"{day.day} {day:%b}", phrase, day.isoformat()):
        found = due_date(f"by {words}", today) if words else None
        if found is not None and found.day == day:
            return words  # type: ignore[return-value]  # found means words is a string
    return day.isoformat()
