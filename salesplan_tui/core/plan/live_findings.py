"""Provides LiveFindings: the plan findings kept current change by change, recomputing only what a change can affect."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable
from typing import Protocol, TypeVar

from salesplan_tui.core.model.change import Changed
from salesplan_tui.core.model.records import (
    Action,
    Category,
    Deal,
    Goal,
    Kind,
    Objective,
    Record,
    StageKind,
)
from salesplan_tui.core.plan.rules import (
    RULES,
    Finding,
    PlanView,
    action_findings,
    category_findings,
    deal_findings,
    deal_flags,
    goal_findings,
    objective_findings,
    open_steps,
    sort_key,
)

R = TypeVar("R", bound=Record)
Ref = tuple[Kind, int | str]  # the record a finding is about: (Kind.DEAL, 12), (Kind.CATEGORY, "revenue")


def union(first: Changed, then: Changed) -> Changed:
    """Two changes as one, for findings brought up to date once after both (each record is read as it is now)."""
    if first.everything or then.everything:
        return Changed.all()
    return Changed({kind: first.of_kind(kind) | then.of_kind(kind) for kind in first.ids.keys() | then.ids.keys()})


class LiveView(PlanView, Protocol):
    """What the live findings read: a Repository satisfies it."""

    def get(self, model: type[R], record_id: int | None) -> R | None: ...


class LiveFindings:
    """The same findings as `rules.check(view, today)`, updated from each `Changed` instead of re-scanning.

    A record's findings depend on itself and on few others; `update` recomputes the changed records and those:
    a deal's findings read its steps (actions with its deal_id), an objective's its actions, a goal's whether any
    objective is under it, a category's whether any goal is in it. An action that moved away from a deal or an
    objective changes them too, so each action as last seen is kept (`_seen`). A new day, a
    change to the sales process (stage limits, which stages are open) or `Changed.all()` recompute more.

    It also keeps the counts the status line shows (goals, objectives, open actions, deals), which it sees pass.
    """

    def __init__(self, view: LiveView, today: dt.date) -> None:
        self.view = view
        self.today = today
        self.version = 0  # goes up whenever a finding appears, goes or changes
        self._of: dict[Ref, tuple[Finding, ...]] = {}
        self._by_rule: dict[str, dict[int | str, Finding]] = {}
        self._sorted: list[Finding] | None = None  # every finding in order, made when first asked for
        self.rebuild(today)

    # ----- reading -------------------------------------------------------------------------------

    @property
    def findings(self) -> list[Finding]:
        """Every finding, most urgent rule first: what `rules.check` returns (built on demand, then kept)."""
        if self._sorted is None:
            self._sorted = sorted((f for found in self._by_rule.values() for f in found.values()), key=sort_key)
        return self._sorted

    def count(self, rule: str) -> int:
        return len(self._by_rule[rule])

    def first(self, rule: str, n: int | None = None) -> list[Finding]:
        """A rule's findings in the order `check` lists them; only the first n when given (cheap for a few)."""
        found = self._by_rule[rule].values()
        return heapq.nsmallest(n, found, key=sort_key) if n is not None else sorted(found, key=sort_key)

    @property
    def flagged_deals(self) -> frozenset[int]:
        """The open deals with a flag on the board: what `rules.flagged_deals(check(...), view)` returns."""
        return frozenset(self._flagged)

    @property
    def counts(self) -> dict[Kind, int]:
        """Unarchived goals, objectives and deals, and open actions (Kind.ACTION)."""
        return {Kind.GOAL: sum(self._goals_in.values()), Kind.OBJECTIVE: sum(self._objectives_under.values()),
                Kind.ACTION: self._open_actions, Kind.DEAL: len(self._deals)}

    # ----- keeping up ----------------------------------------------------------------------------

    def rebuild(self, today: dt.date) -> bool:
        """Everything from scratch (opening, a new day, an import or a reload); True when any finding differs."""
        before = self._of
        self.today = today
        self._of = {}
        self._by_rule = {rule: {} for rule in RULES}
        self._sorted = None
        # Each action as last seen: the objective and deal it was under, and whether it was open, are read from it
        # when it changes (records are immutable: a reference, where a tuple and a set entry per action cost 4 MB
        # at 50,000 actions).
        self._seen: dict[int, Action] = {}
        self._objective_goal: dict[int, int] = {}  # unarchived objective → its goal
        self._goal_category: dict[int, Category] = {}  # unarchived goal → its category
        self._objectives_under: Counter[int] = Counter()
        self._goals_in: Counter[Category] = Counter()
        self._open_actions = 0
        self._deals: set[int] = set()
        self._flagged: set[int] = set()
        view = self.view
        # Parents after children: a goal's findings count the objectives under it, a category's the goals in it.
        self._every_action(view.all(Action, archived=True))
        for deal in view.all(Deal, archived=True):
            self._deal(deal.id, deal)
        for objective in view.all(Objective, archived=True):
            self._objective(objective.id, objective)
        for goal in view.all(Goal, archived=True):
            self._goal(goal.id, goal)
        for category in Category:
            self._category(category)
        differs = self._of != before
        if differs:
            self.version += 1
        return differs

    def update(self, changed: Changed, today: dt.date) -> bool:
        """Brings the findings up to date with a saved change; True when any finding appeared, went or changed."""
        if changed.everything or today != self.today:
            return self.rebuild(today)
        self._changed = False
        view = self.view
        deals = set(changed.of_kind(Kind.DEAL))
        objectives = set(changed.of_kind(Kind.OBJECTIVE))
        goals = set(changed.of_kind(Kind.GOAL))
        for action_id in changed.of_kind(Kind.ACTION):
            action = view.get(Action, action_id)
            # The objective and deal it was under before the change, and those it is under now.
            seen = self._seen.get(action_id)
            was = (seen.objective_id, seen.deal_id) if seen is not None else (None, None)
            now = (action.objective_id, action.deal_id) if action else (None, None)
            objectives.update(o for o in (was[0], now[0]) if o is not None)
            deals.update(d for d in (was[1], now[1]) if d is not None)
            self._action(action_id, action)
        if changed.touches(Kind.PROCESS):  # stage limits, or which stages are open: any deal may change
            deals.update(d.id for d in view.all(Deal, archived=True))
        for deal_id in deals:
            self._deal(deal_id, view.get(Deal, deal_id))
        for objective_id in objectives:
            objective = view.get(Objective, objective_id)
            # The goal it was under and the one it is under now: each may have gained or lost its only objective.
            was_under = self._objective_goal.get(objective_id)
            goals.update(g for g in (was_under, objective.goal_id if objective else None) if g is not None)
            self._objective(objective_id, objective)
        for goal_id in goals:
            self._goal(goal_id, view.get(Goal, goal_id))
        if changed.of_kind(Kind.GOAL):  # a goal added, moved, archived or removed: each category may change
            for category in Category:
                self._category(category)
        if self._changed:
            self.version += 1
        return self._changed

    # ----- one record ----------------------------------------------------------------------------

    def _set(self, ref: Ref, found: Iterable[Finding]) -> None:
        """A record's findings now; the rule lists change only when they differ from before."""
        new = tuple(found)
        old = self._of.get(ref, ())
        if new == old:
            return
        for finding in old:
            del self._by_rule[finding.rule][finding.ref]
        for finding in new:
            self._by_rule[finding.rule][finding.ref] = finding
        if new:
            self._of[ref] = new
        else:
            self._of.pop(ref, None)
        self._changed = True
        self._sorted = None

    def _every_action(self, actions: list[Action]) -> None:
        """`_action` for every action of a rebuild, written out: it runs 50,000 times when a large year opens, from
        nothing (no finding to compare with or take away), and most actions are closed (the only work is keeping them)."""
        today, seen, by_rule, of = self.today, self._seen, self._by_rule, self._of
        opened = 0
        for action in actions:
            seen[action.id] = action
            if not action.is_open:
                continue
            opened += 1
            found = tuple(action_findings(action, today))
            if found:
                of[(Kind.ACTION, action.id)] = found
                for finding in found:
                    by_rule[finding.rule][finding.ref] = finding
        self._open_actions += opened

    def _action(self, action_id: int, action: Action | None) -> None:
        ref = (Kind.ACTION, action_id)
        seen = self._seen.pop(action_id, None)
        if seen is not None and seen.is_open:
            self._open_actions -= 1
        if action is None:
            self._set(ref, ())
            return
        self._seen[action_id] = action
        if action.is_open:
            self._open_actions += 1
            found = action_findings(action, self.today)
        else:
            found = []  # a done, dropped or archived action has none (action_findings says so too)
        if found or ref in self._of:  # most actions had none and have none: nothing to compare (50,000 at open)
            self._set(ref, found)

    def _deal(self, deal_id: int, deal: Deal | None) -> None:
        if deal is None or deal.archived:
            self._deals.discard(deal_id)
            self._flagged.discard(deal_id)
            self._set((Kind.DEAL, deal_id), ())
            return
        self._deals.add(deal_id)
        stage = self.view.process.stage(deal.stage)
        if stage is None or stage.kind != StageKind.OPEN:
            self._flagged.discard(deal_id)
            self._set((Kind.DEAL, deal_id), ())
            return
        steps = self.view.actions_by("deal_id").get(deal_id, [])
        open_ = open_steps(steps)  # once for the flags and the findings' words
        flags = deal_flags(deal, steps, stage, self.today, open_)
        if flags:
            self._flagged.add(deal_id)
        else:
            self._flagged.discard(deal_id)
        self._set((Kind.DEAL, deal_id), deal_findings(deal, steps, stage, self.today, flags, open_))

    def _objective(self, objective_id: int, objective: Objective | None) -> None:
        goal_id = self._objective_goal.pop(objective_id, None)
        if goal_id is not None:
            self._objectives_under[goal_id] -= 1
        if objective is None or objective.archived:
            self._set((Kind.OBJECTIVE, objective_id), ())
            return
        self._objective_goal[objective_id] = objective.goal_id
        self._objectives_under[objective.goal_id] += 1
        steps = self.view.actions_by("objective_id").get(objective_id, [])
        self._set((Kind.OBJECTIVE, objective_id), objective_findings(objective, steps, self.today))

    def _goal(self, goal_id: int, goal: Goal | None) -> None:
        category = self._goal_category.pop(goal_id, None)
        if category is not None:
            self._goals_in[category] -= 1
        if goal is None or goal.archived:
            self._set((Kind.GOAL, goal_id), ())
            return
        self._goal_category[goal_id] = goal.category
        self._goals_in[goal.category] += 1
        self._set((Kind.GOAL, goal_id), goal_findings(goal, self._objectives_under[goal_id]))

    def _category(self, category: Category) -> None:
        self._set((Kind.CATEGORY, category.value), category_findings(category, self._goals_in[category]))
