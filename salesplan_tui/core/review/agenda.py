"""Provides the review's agenda: what to walk, most urgent first, what was promised last time, and each item's context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesplan_tui.core.base.visible import figure
from salesplan_tui.core.base.words import plural
from salesplan_tui.core.coach import Judgement, judge_parts
from salesplan_tui.core.coach.lexicon import Lexicon
from salesplan_tui.core.dates.day_words import day_label, describe
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import (
    Account,
    Action,
    ActionStatus,
    Deal,
    Goal,
    Kind,
    Objective,
    Review,
    ReviewItem,
    ReviewKind,
)
from salesplan_tui.core.plan.rules import NEXT_STEPS_NEEDED, Finding, check, next_steps_missing

OFF_TRACK_MARGIN = 0.25  # a goal this far behind the share of its period already gone is off track


def previous_review(repo: WorkspaceView, kind: ReviewKind, manager: str, before: int | None = None) -> Review | None:
    """The last finished review of the same kind and pair."""
    same = [r for r in repo.all(Review) if r.finished and r.kind == kind and r.id != before
            and r.manager.casefold() == manager.casefold()]
    return max(same, key=lambda r: r.started_at, default=None)


def commitments(repo: WorkspaceView, review: Review) -> list[tuple[Action, bool]]:
    """What the review committed to, each with whether it was kept (done)."""
    found = [repo.get(Action, i) for i in review.action_ids]
    return [(a, a.status == ActionStatus.DONE) for a in found if a is not None]


def goal_off_track(goal: Goal, objectives: list[Objective], today: dt.date) -> bool:
    span = (goal.period_end - goal.period_start).days
    if not objectives or span <= 0:
        return False
    elapsed = min(1.0, max(0.0, (today - goal.period_start).days / span))
    progress = sum(o.progress for o in objectives) / len(objectives)
    return progress + OFF_TRACK_MARGIN < elapsed


class _Verdicts:
    """The coach's verdicts on stored actions' words, kept for the process: an agenda judges every open action not yet
    due (about a millisecond each: seconds in a large year), and the next agenda (the manager's name typed, the
    one-on-one started) judges the same words again. Kept for one lexicon at a time, and bounded."""

    LIMIT = 100_000

    def __init__(self) -> None:
        self._lexicon: Lexicon | None = None
        self._kept: dict[tuple[str, str, dt.date, dt.date], Judgement | None] = {}  # None: a plan (most are)

    def vague(self, action: Action, today: dt.date, lexicon: Lexicon | None) -> Judgement | None:
        if lexicon is not self._lexicon or len(self._kept) >= self.LIMIT:
            self._lexicon, self._kept = lexicon, {}
        key = (action.outcome, action.target, action.due, today)
        if key not in self._kept:
            verdict = judge_parts(action.outcome, action.target, action.due, today=today, lexicon=lexicon)
            self._kept[key] = None if verdict.specific else verdict
        return self._kept[key]


_verdicts = _Verdicts()


def vague_outcome(action: Action, today: dt.date, lexicon: Lexicon | None = None) -> Judgement | None:
    """The coach's verdict on an open action's own words, when they are not a plan (None when they are)."""
    return _verdicts.vague(action, today, lexicon)


def build_agenda(repo: WorkspaceView, today: dt.date, kind: ReviewKind, manager: str = "",
                 lexicon: Lexicon | None = None, *, words: bool = True,
                 findings: list[Finding] | None = None) -> list[ReviewItem]:
    """The items to walk, most urgent first; a one-on-one starts with the last one's open commitments.

    Last come the open actions whose words are not a plan; `words=False` leaves them out (the coach reads each open
    action not yet due: seconds in a large year), for `vague_items(waiting_actions(...))` to add, on another thread.
    `findings`: the plan's findings today when the caller keeps them current (the app's live findings), instead of
    checking the whole plan again.
    """
    items: list[ReviewItem] = []
    seen: set[tuple[Kind, int]] = set()

    def add(kind_: Kind, ref: int | None, title: str, reason: str) -> None:
        key = (kind_, ref or 0)
        if ref is not None and key in seen:
            return
        seen.add(key)
        items.append(ReviewItem(kind=kind_, ref_id=ref, title=title, reason=reason))

    if kind == ReviewKind.ONE_ON_ONE and manager:
        last = previous_review(repo, kind, manager)
        if last:
            for action, kept in commitments(repo, last):
                if not kept and action.is_open:
                    promised = f"promised in the last one-on-one ({describe(last.started_at.date(), today, late=False)})"
                    add(Kind.COMMITMENT, action.id, action.outcome,
                        f"on track: {promised}, due {describe(action.due, today)}" if action.due >= today
                        else f"{promised}, still open")
                    seen.add((Kind.ACTION, action.id))
    if findings is None:
        findings = check(repo, today)
    deal_reasons: dict[int, list[str]] = {}
    for f in findings:
        if f.rule == "overdue_action":
            add(Kind.ACTION, int(f.ref), f.title, f.detail)
        elif f.kind == Kind.DEAL:
            deal_reasons.setdefault(int(f.ref), []).append(f.label.lower())
    for deal_id, reasons in deal_reasons.items():
        deal = repo.get(Deal, deal_id)
        if deal:
            add(Kind.DEAL, deal_id, deal.title, "; ".join(reasons))
    for f in findings:
        if f.rule in ("objective_stuck", "objective_missed"):
            add(Kind.OBJECTIVE, int(f.ref), f.title, f.detail)
    objectives_by_goal: dict[int, list[Objective]] = {}
    for o in repo.all(Objective):
        objectives_by_goal.setdefault(o.goal_id, []).append(o)
    for goal in repo.all(Goal):
        if goal.id not in objectives_by_goal:
            add(Kind.GOAL, goal.id, goal.title, "no objective yet")
        elif goal_off_track(goal, objectives_by_goal[goal.id], today):
            add(Kind.GOAL, goal.id, goal.title, "off track against the time gone")
    for f in findings:
        if f.rule == "category_no_goal":
            items.append(ReviewItem(kind=Kind.CATEGORY, title=f.title, reason="no goal in this category"))
    if words:
        items += vague_items(waiting_actions(repo, today, items), today, lexicon)
    return items


def waiting_actions(repo: WorkspaceView, today: dt.date, items: list[ReviewItem]) -> list[Action]:
    """The open actions not yet due that are not on the agenda already: those whose words the coach reads."""
    listed = {item.ref_id for item in items if item.kind in (Kind.ACTION, Kind.COMMITMENT)}
    return [a for a in repo.all(Action) if a.is_open and a.due >= today and a.id not in listed]


def vague_items(actions: list[Action], today: dt.date, lexicon: Lexicon | None = None) -> list[ReviewItem]:
    """An agenda item for each action whose words are not a plan (reads only the actions given: safe on a thread)."""
    found = []
    for action in actions:
        verdict = vague_outcome(action, today, lexicon)
        if verdict is not None:
            found.append(ReviewItem(kind=Kind.ACTION, ref_id=action.id, title=action.outcome,
                                    reason="vague: " + verdict.question))
    return found


def on_track(repo: WorkspaceView, item: ReviewItem | None, today: dt.date) -> Action | None:
    """The promise a commitment item is about when it is still open and not yet due: nothing to answer, only to confirm."""
    if item is None or item.kind != Kind.COMMITMENT:
        return None
    action = repo.get(Action, item.ref_id)
    return action if action is not None and action.is_open and action.due >= today else None


@dataclass
class Context:
    """What is shown beside an item: its record, the deal's stage and playbook, the objective's progress."""

    lines: list[tuple[str, str]]
    deal: Deal | None = None
    objective: Objective | None = None
    action: Action | None = None


def item_context(repo: WorkspaceView, item: ReviewItem, today: dt.date) -> Context:
    lines: list[tuple[str, str]] = []
    deal = objective = action = None
    if item.kind in (Kind.ACTION, Kind.COMMITMENT):
        action = repo.get(Action, item.ref_id)
        if action:
            lines.append(("Action", f"{action.owner} → {action.target}: {action.outcome}, due {day_label(action.due, today)}"))
            if action.captured_from:
                lines.append(("Said as", action.captured_from))
            deal = repo.get(Deal, action.deal_id)
            objective = repo.get(Objective, action.objective_id)
    elif item.kind == Kind.DEAL:
        deal = repo.get(Deal, item.ref_id)
    elif item.kind == Kind.OBJECTIVE:
        objective = repo.get(Objective, item.ref_id)
    elif item.kind == Kind.GOAL:
        goal = repo.get(Goal, item.ref_id)
        if goal:
            lines.append(("Goal", f"{goal.title} ({goal.category.label}), {day_label(goal.period_start, today)} to {day_label(goal.period_end, today)}"))
    if deal:
        stage = repo.process.stage(deal.stage)
        lines.append(("Deal", f"{deal.title} · {deal.stage} · close {day_label(deal.expected_close, today)}"))
        steps = [a for a in repo.actions_by("deal_id").get(deal.id, []) if a.is_open]
        lines.append(("Next steps", "; ".join(f"{a.outcome} ({a.owner}, {day_label(a.due, today)})" for a in steps) or "none"))
        if stage and stage.playbook:
            lines.append(("Playbook", " · ".join(stage.playbook)))
        if stage and stage.exit_criteria:
            lines.append(("To move on", " · ".join(stage.exit_criteria)))
        account = repo.get(Account, deal.account_id)
        if account and account.strategic.milestone:
            lines.append(("Strategic objective", account.strategic.milestone))
    if objective:
        lines.append(("Objective", f"{objective.title}: {figure(objective.current)} of {figure(objective.target)} "
                                   f"{objective.metric} ({objective.progress:.0%}), due {day_label(objective.due, today)}"))
        account = repo.get(Account, objective.account_id)
        if account and account.strategic.milestone:
            lines.append(("Strategic objective", account.strategic.milestone))
    unique = list(dict.fromkeys(lines))  # a deal and an objective of the same account name its milestone once
    return Context(unique, deal, objective, action)


def links_for(repo: WorkspaceView, item: ReviewItem) -> dict[str, int | None]:
    """Where an answer to this item is tied: the deal, the objective, or those of the action it follows."""
    if item.kind == Kind.DEAL:
        return {"deal_id": item.ref_id, "objective_id": None}
    if item.kind == Kind.OBJECTIVE:
        return {"deal_id": None, "objective_id": item.ref_id}
    if item.kind in (Kind.ACTION, Kind.COMMITMENT):
        action = repo.get(Action, item.ref_id)
        if action:
            return {"deal_id": action.deal_id, "objective_id": action.objective_id}
    return {"deal_id": None, "objective_id": None}


def item_needs_more(view: WorkspaceView, item: ReviewItem, *, adding: int = 0) -> str | None:
    """Why an item cannot be closed yet: a deal is not done until it has two open next steps.

    Args:
        adding: next steps about to be saved with the answer, counted as if they were already there.
    """
    if item.kind != Kind.DEAL:
        return None
    deal = view.get(Deal, item.ref_id)
    if deal is None:
        return None
    steps = view.actions_by("deal_id").get(deal.id, [])
    missing = next_steps_missing(steps, view.process.stage(deal.stage)) - adding
    if missing <= 0:
        return None
    count = NEXT_STEPS_NEEDED - missing
    return f"{deal.title} has {plural(count, 'open next step')}. What's the step after that?"
