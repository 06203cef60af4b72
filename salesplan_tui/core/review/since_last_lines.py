"""Provides "since last time" in words: the sections and lines the one-on-one's start screen and Markdown both show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesplan_tui.core.base.money_text import SYMBOLS, symbol_of
from salesplan_tui.core.base.visible import figure
from salesplan_tui.core.base.words import of_total, plural
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.review.since_last import DONE, DROPPED, Commitment, Progress, SinceLast

GOOD, BAD, WARN, PLAIN = "good", "bad", "warn", ""


@dataclass(frozen=True)
class Line:
    """One line of a section: a mark, what it is about (user text), what happened to it, and its tone."""

    mark: str
    subject: str
    detail: str = ""
    tone: str = PLAIN


@dataclass(frozen=True)
class Section:
    title: str
    summary: str
    lines: tuple[Line, ...]


def day(value: dt.date, today: dt.date) -> str:
    """A date as every screen writes it: 'Wed 25 Nov' (with its year when it is not `today`'s)."""
    return day_label(value, today)


def money(value: float, currency: str = "USD") -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol_of(currency)}{abs(value):,.0f}"


def number(value: float, unit: str = "") -> str:
    """A figure with its unit: '$780,000', '80%', '22 calls'."""
    currency = next((code for code, symbol in SYMBOLS.items() if unit in (code, symbol)), None)
    if currency:
        return money(value, currency)
    text = figure(value)
    return text + unit if unit == "%" else f"{text} {unit}".rstrip()


def times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def heading(since: SinceLast) -> str:
    return f"Since last time ({day(since.since.astimezone().date(), since.now.astimezone().date())}, with {since.manager})"


def commitment_line(c: Commitment, today: dt.date) -> Line:
    """What became of a promise: done (late or not), dropped and why, or open: overdue, or not yet due."""
    slipped = f"; slipped {times(c.slips)} ({day(c.promised_due, today)} → {day(c.due, today)})" if c.slips else ""
    if c.state == DONE:
        when = f"done {day(c.completed_on, today)}" if c.completed_on else "done"
        late = f", {plural(c.late_days, 'day')} late" if c.late_days else ""
        return Line("✓", c.outcome, f"{when}{late}{slipped}", WARN if c.late_days else GOOD)
    if c.state == DROPPED:
        return Line("–", c.outcome, f"dropped: {c.drop_reason}{slipped}", WARN)
    if c.overdue:
        return Line("✗", c.outcome, f"open, was due {day(c.due, today)}{slipped}", BAD)
    return Line("○", c.outcome, f"open, due {day(c.due, today)}{slipped}", WARN if c.slips else PLAIN)


def progress_line(p: Progress) -> Line:
    """An objective's figure then and now against its target: '0 → 4 of 10 meetings (0% → 40%)'."""
    target = f"{number(p.target, p.unit)}{'' if p.unit else ' ' + p.metric}"
    if not p.moved:
        return Line("●", p.title, f"{number(p.now, p.unit)} of {target} ({p.progress_now:.0%}), unchanged")
    up = p.now > p.then
    return Line("▲" if up else "▼", p.title, f"{number(p.then, p.unit)} → {number(p.now, p.unit)} of {target} "
                                             f"({p.progress_then:.0%} → {p.progress_now:.0%})", GOOD if up else BAD)


def sections(since: SinceLast, *, unchanged: bool = True) -> list[Section]:
    """Promised vs done, the pipeline's movement and forecast, the plan's progress and findings.

    Args:
        unchanged: list every objective that did not move too (a screen short of rows gives their count instead).
    """
    today = since.now.astimezone().date()
    commitments = Section(
        "Promised vs done",
        f"{since.kept} of {len(since.commitments)} done" if since.commitments else "nothing was promised",
        tuple(commitment_line(c, today) for c in since.commitments))
    p = since.pipeline
    change = p.forecast_now - p.forecast_then
    lines = [Line("▲", m.title, f"advanced {m.old} → {m.new}", GOOD) for m in p.advanced]
    lines += [Line("▼", m.title, f"moved back {m.old} → {m.new}", BAD) for m in p.moved_back]
    lines += [Line("★", m.title, f"won (from {m.old})", GOOD) for m in p.won]
    lines += [Line("✗", m.title, f"lost (from {m.old}): {m.reason or 'no reason given'}", BAD) for m in p.lost]
    lines += [Line("⇥", s.title, f"close date slipped {day(s.old, today)} → {day(s.new, today)}"
                                 + (f" ({times(s.times)})" if s.times > 1 else ""), WARN) for s in p.close_slips]
    lines += [Line("$", v.title, f"value {money(v.old, v.currency)} → {money(v.new, v.currency)}",
                   GOOD if v.new > v.old else BAD) for v in p.values]
    lines += [Line("+", n.title, f"new, at {n.stage}, {money(n.value, n.currency)}", GOOD) for n in p.new]
    pipeline = Section(
        "Pipeline",
        f"weighted forecast {money(p.forecast_then)} → {money(p.forecast_now)} "
        f"({'+' if change >= 0 else ''}{money(change)})" + ("; no deal moved" if p.quiet else ""),
        tuple(lines))
    still = [o for o in since.objectives if not o.moved]
    plan_lines = [progress_line(o) for o in since.objectives if o.moved or unchanged]
    if still and not unchanged:
        other = "other " if len(still) < len(since.objectives) else ""
        plan_lines.append(Line("●", plural(len(still), f"{other}objective"), "unchanged"))
    if since.findings_compared:
        plan_lines += [Line("+", f.title, f"new finding: {f.label.lower()}", BAD) for f in since.new_findings]
        plan_lines += [Line("✓", f.title, f"resolved: {f.label.lower()}", GOOD) for f in since.resolved_findings]
        found = f"{plural(len(since.new_findings), 'new finding')}, {len(since.resolved_findings)} resolved"
    else:
        found = "findings not compared (the last one-on-one kept none)"
    moved = sum(1 for o in since.objectives if o.moved)
    plan = Section("Plan", f"{of_total(moved, len(since.objectives), 'objective')} moved; {found}", tuple(plan_lines))
    return [commitments, pipeline, plan]
