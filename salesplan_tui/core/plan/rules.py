"""Provides the plan rules: pure checks that find where a plan is not yet a plan (seeds 000, 001, 003)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from salesplan_tui.core.base.words import plural
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.records import (
    CATEGORY_LABELS,
    Action,
    ActionStatus,
    Category,
    Deal,
    Goal,
    Kind,
    Objective,
    Record,
    SalesProcess,
    Stage,
    StageKind,
)

R = TypeVar("R", bound=Record)

# Most urgent first: the review agenda and the health panel list findings in this order.
RULES = {
    "overdue_action": "Overdue action",
    "deal_next_steps": "Deal with fewer than two next steps",
    "deal_stale": "Stale deal",
    "deal_close_past": "Close date in the past",
    "deal_slipped": "Close date slipped",
    "objective_stuck": "Objective with no open action",
    "objective_missed": "Objective past due and short of target",
    "goal_no_objective": "Goal with no objective",
    "category_no_goal": "Category with no goal",
    "just_doing": "Action tied to nothing",
    "action_slipped": "Action date slipped",
}


class PlanView(Protocol):
    """What the rules read: a Repository satisfies it."""

    @property
    def process(self) -> SalesProcess: ...

    def all(self, model: type[R], *, archived: bool = False) -> list[R]: ...

    def actions_by(self, key: str) -> dict[int, list[Action]]: ...


@dataclass(frozen=True, slots=True)  # slots: a busy year has tens of thousands, each a dict less
class Finding:
    """One place where the plan falls short, and the record to jump to."""

    rule: str
    kind: Kind  # an action, deal, objective, goal or category
    ref: int | str
    title: str
    detail: str

    @property
    def label(self) -> str:
        return RULES[self.rule]

    @property
    def key(self) -> str:
        """What the finding is about, stable across days: 'overdue_action:action:12'."""
        return f"{self.rule}:{self.kind}:{self.ref}"

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "label": self.label, "kind": self.kind, "ref": self.ref,
                "title": self.title, "detail": self.detail}


# The findings about the plan itself (the Plan health panel); the others are about deals and slipped dates.
PLAN_RULES = ("category_no_goal", "goal_no_objective", "objective_stuck", "objective_missed", "just_doing",
              "overdue_action")
NEXT_STEPS_NEEDED = 2  # a seller who does not know the next two steps of a deal is not ready for the next one (seed 002)


def open_steps(actions: Sequence[Action]) -> list[Action]:
    return [a for a in actions if a.is_open]


def next_steps_missing(steps: Sequence[Action], stage: Stage | None) -> int:
    """How many more open next steps a deal at this stage needs (0 for a closed deal)."""
    if stage is None or stage.kind != StageKind.OPEN:
        return 0
    return max(0, NEXT_STEPS_NEEDED - len(open_steps(steps)))


def last_activity(deal: Deal, steps: Sequence[Action]) -> dt.datetime:
    """When the deal last moved: its latest stage change or completed step."""
    done = [a.completed_at for a in steps if a.status == ActionStatus.DONE and a.completed_at]
    return max([deal.stage_since, *done])


def deal_flags(deal: Deal, steps: Sequence[Action], stage: Stage | None, today: dt.date,
               open_: Sequence[Action] | None = None) -> list[str]:
    """The board's flags for one open deal, by rule id (open_ may pass the open steps already found)."""
    if stage is None or stage.kind != StageKind.OPEN:
        return []
    flags = []
    open_ = open_steps(steps) if open_ is None else open_
    if len(open_) < NEXT_STEPS_NEEDED:
        flags.append("deal_next_steps")
    if any(a.due < today for a in open_):
        flags.append("overdue_action")
    if (today - last_activity(deal, steps).date()).days > stage.rot_days:
        flags.append("deal_stale")
    if deal.expected_close < today:
        flags.append("deal_close_past")
    if deal.close_slips:
        flags.append("deal_slipped")
    return flags


# ----- one record's findings: check() and the live findings (live_findings.py) both build from these -----------


def action_findings(action: Action, today: dt.date) -> list[Finding]:
    """An action's own findings: late, tied to nothing, its date slipped (none once done, dropped or archived)."""
    if not action.is_open:
        return []
    findings = []
    if action.due < today:
        days = (today - action.due).days
        findings.append(Finding("overdue_action", Kind.ACTION, action.id, action.outcome,
                                f"{action.owner} → {action.target}, due {day_label(action.due, today)} ({plural(days, 'day')} late)"))
    if action.objective_id is None and action.deal_id is None:
        findings.append(Finding("just_doing", Kind.ACTION, action.id, action.outcome,
                                "tie it to an objective or a deal, or drop it"))
    if action.slips:
        findings.append(Finding("action_slipped", Kind.ACTION, action.id, action.outcome,
                                f"due date moved {plural(len(action.slips), 'time')}"))
    return findings


def deal_findings(deal: Deal, steps: Sequence[Action], stage: Stage | None, today: dt.date,
                  flags: Sequence[str] | None = None, open_: Sequence[Action] | None = None) -> list[Finding]:
    """An open deal's findings from its steps (its unarchived actions) and its stage; flags may pass deal_flags', and
    open_ the open steps already found."""
    if deal.archived or stage is None or stage.kind != StageKind.OPEN:
        return []
    open_ = open_steps(steps) if open_ is None else open_
    rules = deal_flags(deal, steps, stage, today, open_) if flags is None else flags
    # Each overdue action is its own finding, so the deal's overdue flag is not one more.
    return [Finding(rule, Kind.DEAL, deal.id, deal.title, _deal_detail(rule, deal, steps, open_, stage, today))
            for rule in rules if rule != "overdue_action"]


def _deal_detail(rule: str, deal: Deal, steps: Sequence[Action], open_: Sequence[Action], stage: Stage,
                 today: dt.date) -> str:
    if rule == "deal_next_steps":
        return f"{plural(len(open_), 'open next step')}; know at least the next two"
    if rule == "deal_stale":
        return f"no movement for {(today - last_activity(deal, steps).date()).days} days (stage limit {stage.rot_days})"
    if rule == "deal_close_past":
        return f"expected to close {day_label(deal.expected_close, today)}"
    return f"close date pushed back {plural(len(deal.close_slips), 'time')}"


def objective_findings(objective: Objective, steps: Sequence[Action], today: dt.date) -> list[Finding]:
    """An unmet objective's findings: nothing open moves it (steps are its unarchived actions), or it is past due."""
    if objective.archived or objective.met:
        return []
    findings = []
    if not any(a.is_open for a in steps):
        findings.append(Finding("objective_stuck", Kind.OBJECTIVE, objective.id, objective.title,
                                "no open action moves it: what's next?"))
    if objective.due < today:
        findings.append(Finding("objective_missed", Kind.OBJECTIVE, objective.id, objective.title,
                                f"due {day_label(objective.due, today)}, at {objective.current:,g} of {objective.target:,g}"))
    return findings


def goal_findings(goal: Goal, objectives: int) -> list[Finding]:
    """A goal with no (unarchived) objective under it."""
    if goal.archived or objectives:
        return []
    return [Finding("goal_no_objective", Kind.GOAL, goal.id, goal.title,
                    "add a SMART objective: a metric, a target and a date")]


def category_findings(category: Category, goals: int) -> list[Finding]:
    """A category with no (unarchived) goal in it."""
    if goals:
        return []
    return [Finding("category_no_goal", Kind.CATEGORY, category.value, CATEGORY_LABELS[category],
                    "a plan needs a goal in each of the three categories")]


def flagged_deals(findings: Sequence[Finding], view: PlanView) -> set[int]:
    """The open deals the findings flag, including those with an overdue step (a closed deal is never flagged)."""
    flagged = {int(f.ref) for f in findings if f.kind == Kind.DEAL}
    overdue = {int(f.ref) for f in findings if f.rule == "overdue_action"}
    open_stages = {s.name for s in view.process.stages if s.kind == StageKind.OPEN}
    open_ids = {d.id for d in view.all(Deal) if d.stage in open_stages}
    for action in view.all(Action):
        if action.id in overdue and action.deal_id in open_ids:
            flagged.add(action.deal_id)
    return flagged


ORDER = {rule: i for i, rule in enumerate(RULES)}
CATEGORY_ORDER = {category.value: i for i, category in enumerate(Category)}


def sort_key(finding: Finding) -> tuple[int, int]:
    """Most urgent rule first; within a rule records by id, categories in their own order (relationship first)."""
    ref = finding.ref
    return ORDER[finding.rule], ref if isinstance(ref, int) else CATEGORY_ORDER[ref]


def check(view: PlanView, today: dt.date) -> list[Finding]:
    """Every finding in the workspace, most urgent rule first."""
    findings: list[Finding] = []
    for action in view.all(Action):
        if action.is_open:
            findings += action_findings(action, today)
    steps_by_deal = view.actions_by("deal_id")
    stages = {s.name: s for s in view.process.stages}
    for deal in view.all(Deal):
        stage = stages.get(deal.stage)
        if stage is not None and stage.kind == StageKind.OPEN:
            findings += deal_findings(deal, steps_by_deal.get(deal.id, []), stage, today)
    goals = view.all(Goal)
    objectives = view.all(Objective)
    per_category = Counter(g.category for g in goals)
    findings += [f for category in Category for f in category_findings(category, per_category[category])]
    per_goal = Counter(o.goal_id for o in objectives)
    findings += [f for goal in goals for f in goal_findings(goal, per_goal[goal.id])]
    steps_by_objective = view.actions_by("objective_id")
    for objective in objectives:
        if not objective.met:
            findings += objective_findings(objective, steps_by_objective.get(objective.id, []), today)
    return sorted(findings, key=sort_key)
