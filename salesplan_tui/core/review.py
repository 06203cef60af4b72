"""Provides the review's logic: the agenda, carried-forward commitments, and walking it answer by answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .coach import Judgement, judge
from .coach.lexicon import Lexicon
from .models import (
    Account,
    Action,
    ActionStatus,
    Answer,
    Deal,
    Goal,
    Objective,
    Review,
    ReviewItem,
    ReviewKind,
    Slip,
    StageKind,
    now,
)
from .rules import check
from .storage import Repository, ValidationFailed

OFF_TRACK_MARGIN = 0.25  # a goal this far behind the share of its period already gone is off track


def previous_review(repo: Repository, kind: ReviewKind, manager: str, before: int | None = None) -> Review | None:
    """The last finished review of the same kind and pair."""
    same = [r for r in repo.all(Review) if r.finished and r.kind == kind and r.id != before
            and r.manager.casefold() == manager.casefold()]
    return max(same, key=lambda r: r.started_at, default=None)


def commitments(repo: Repository, review: Review) -> list[tuple[Action, bool]]:
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


def vague_outcome(action: Action, today: dt.date, lexicon: Lexicon | None = None) -> Judgement | None:
    """The coach's verdict on an open action's own words, when they are not a plan."""
    verdict = judge(f"I will {action.outcome} with {action.target} by {action.due.isoformat()}", today=today,
                    lexicon=lexicon)
    return None if verdict.specific else verdict


def build_agenda(repo: Repository, today: dt.date, kind: ReviewKind, manager: str = "",
                 lexicon: Lexicon | None = None) -> list[ReviewItem]:
    """The items to walk, most urgent first; a one-on-one starts with the last one's open commitments."""
    items: list[ReviewItem] = []
    seen: set[tuple[str, int]] = set()

    def add(kind_: str, ref: int | None, title: str, reason: str) -> None:
        key = (kind_, ref or 0)
        if ref is not None and key in seen:
            return
        seen.add(key)
        items.append(ReviewItem(kind=kind_, ref_id=ref, title=title, reason=reason))  # type: ignore[arg-type]

    if kind == ReviewKind.ONE_ON_ONE and manager:
        last = previous_review(repo, kind, manager)
        if last:
            for action, kept in commitments(repo, last):
                if not kept and action.is_open:
                    add("commitment", action.id, action.outcome,
                        f"promised in the last one-on-one ({last.started_at:%d %b}), still open")
                    seen.add(("action", action.id))
    findings = check(repo, today)
    deal_reasons: dict[int, list[str]] = {}
    for f in findings:
        if f.rule == "overdue_action":
            add("action", int(f.ref), f.title, f.detail)
        elif f.kind == "deal":
            deal_reasons.setdefault(int(f.ref), []).append(f.label.lower())
    for deal_id, reasons in deal_reasons.items():
        deal = repo.get(Deal, deal_id)
        if deal:
            add("deal", deal_id, deal.title, "; ".join(reasons))
    for f in findings:
        if f.rule in ("objective_stuck", "objective_missed"):
            add("objective", int(f.ref), f.title, f.detail)
    objectives_by_goal: dict[int, list[Objective]] = {}
    for o in repo.all(Objective):
        objectives_by_goal.setdefault(o.goal_id, []).append(o)
    for goal in repo.all(Goal):
        if goal.id not in objectives_by_goal:
            add("goal", goal.id, goal.title, "no objective yet")
        elif goal_off_track(goal, objectives_by_goal[goal.id], today):
            add("goal", goal.id, goal.title, "off track against the time gone")
    for f in findings:
        if f.rule == "category_no_goal":
            items.append(ReviewItem(kind="category", title=f.title, reason="no goal in this category"))
    for action in repo.all(Action):
        if action.is_open and action.due >= today and ("action", action.id) not in seen:
            verdict = vague_outcome(action, today, lexicon)
            if verdict is not None:
                add("action", action.id, action.outcome, "vague: " + verdict.question)
    return items


@dataclass
class Context:
    """What is shown beside an item: its record, the deal's stage and playbook, the objective's progress."""

    lines: list[tuple[str, str]]
    deal: Deal | None = None
    objective: Objective | None = None
    action: Action | None = None


def item_context(repo: Repository, item: ReviewItem, today: dt.date) -> Context:
    lines: list[tuple[str, str]] = []
    deal = objective = action = None
    if item.kind in ("action", "commitment"):
        action = repo.get(Action, item.ref_id)
        if action:
            lines.append(("Action", f"{action.owner} → {action.target}: {action.outcome}, due {action.due.isoformat()}"))
            if action.captured_from:
                lines.append(("Said as", action.captured_from))
            deal = repo.get(Deal, action.deal_id)
            objective = repo.get(Objective, action.objective_id)
    elif item.kind == "deal":
        deal = repo.get(Deal, item.ref_id)
    elif item.kind == "objective":
        objective = repo.get(Objective, item.ref_id)
    elif item.kind == "goal":
        goal = repo.get(Goal, item.ref_id)
        if goal:
            lines.append(("Goal", f"{goal.title} ({goal.category.label}), {goal.period_start} to {goal.period_end}"))
    if deal:
        stage = repo.process.stage(deal.stage)
        lines.append(("Deal", f"{deal.title} · {deal.stage} · close {deal.expected_close.isoformat()}"))
        steps = [a for a in repo.actions_by("deal_id").get(deal.id, []) if a.is_open]
        lines.append(("Next steps", "; ".join(f"{a.outcome} ({a.owner}, {a.due.isoformat()})" for a in steps) or "none"))
        if stage and stage.playbook:
            lines.append(("Playbook", " · ".join(stage.playbook)))
        if stage and stage.exit_criteria:
            lines.append(("To move on", " · ".join(stage.exit_criteria)))
        account = repo.get(Account, deal.account_id)
        if account and account.strategic.milestone:
            lines.append(("Strategic objective", account.strategic.milestone))
    if objective:
        lines.append(("Objective", f"{objective.title}: {_num(objective.current)} of {_num(objective.target)} "
                                   f"{objective.metric} ({objective.progress:.0%}), due {objective.due.isoformat()}"))
        account = repo.get(Account, objective.account_id)
        if account and account.strategic.milestone:
            lines.append(("Strategic objective", account.strategic.milestone))
    unique = list(dict.fromkeys(lines))  # a deal and an objective of the same account name its milestone once
    return Context(unique, deal, objective, action)


def _num(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def links_for(repo: Repository, item: ReviewItem) -> dict[str, int | None]:
    """Where an answer to this item is tied: the deal, the objective, or those of the action it follows."""
    if item.kind == "deal":
        return {"deal_id": item.ref_id, "objective_id": None}
    if item.kind == "objective":
        return {"deal_id": None, "objective_id": item.ref_id}
    if item.kind in ("action", "commitment"):
        action = repo.get(Action, item.ref_id)
        if action:
            return {"deal_id": action.deal_id, "objective_id": action.objective_id}
    return {"deal_id": None, "objective_id": None}


def open_steps_of_deal(repo: Repository, deal_id: int | None) -> int:
    if deal_id is None:
        return 0
    return sum(1 for a in repo.actions_by("deal_id").get(deal_id, []) if a.is_open)


def item_needs_more(repo: Repository, item: ReviewItem) -> str | None:
    """Why an item cannot be closed yet: a deal is not done until it has two open next steps."""
    if item.kind != "deal":
        return None
    deal = repo.get(Deal, item.ref_id)
    stage = repo.process.stage(deal.stage) if deal else None
    if deal is None or stage is None or stage.kind != StageKind.OPEN:
        return None
    count = open_steps_of_deal(repo, deal.id)
    if count < 2:
        return f"{deal.title} has {count} open next step{'s' if count != 1 else ''}. What's the step after that?"
    return None


class ReviewSession:
    """Walks one review, saving after every step so it can be paused, closed and resumed."""

    def __init__(self, repo: Repository, review: Review, today: dt.date, lexicon: Lexicon | None = None) -> None:
        self.repo = repo
        self.review = review
        self.today = today
        self.lexicon = lexicon

    @classmethod
    def start(cls, repo: Repository, today: dt.date, kind: ReviewKind, items: list[ReviewItem], *,
              seller: str = "me", manager: str = "", lexicon: Lexicon | None = None) -> ReviewSession:
        review = repo.create(Review, kind=kind, seller=seller, manager=manager, items=items)
        return cls(repo, review, today, lexicon)

    def _save(self, **changes: object) -> None:
        self.review = self.repo.update(self.review, **changes)

    @property
    def item(self) -> ReviewItem | None:
        pos = self.review.position
        return self.review.items[pos] if 0 <= pos < len(self.review.items) else None

    @property
    def done(self) -> bool:
        return self.review.position >= len(self.review.items)

    def _set_item(self, **changes: object) -> None:
        items = list(self.review.items)
        items[self.review.position] = items[self.review.position].model_copy(update=changes)
        self._save(items=items)

    def answer(self, text: str) -> Judgement:
        """Judges an answer and records it, accepted or refused."""
        verdict = judge(text, today=self.today, lexicon=self.lexicon,
                        accounts=frozenset(a.name.lower() for a in self.repo.all(Account)))
        record = Answer(item=self.review.position, text=text, accepted=verdict.specific, missing=verdict.missing,
                        question=verdict.question)
        self._save(answers=[*self.review.answers, record], draft="" if verdict.specific else text)
        return verdict

    def commit(self, *, owner: str, target: str, outcome: str, due: dt.date, sentence: str) -> Action:
        """Stores a confirmed answer as an action tied to the item, in the same write as the review."""
        item = self.item
        if item is None:
            raise ValidationFailed("the review is finished")
        links = links_for(self.repo, item)
        action = self.repo.create(Action, owner=owner, target=target, outcome=outcome, due=due,
                                  captured_from=sentence, **links)
        self._save(action_ids=[*self.review.action_ids, action.id], draft="")
        return action

    def complete_item(self) -> str | None:
        """Closes the item and moves on; returns why it cannot close yet, if it cannot."""
        item = self.item
        if item is None:
            return None
        needs = item_needs_more(self.repo, item)
        if needs:
            return needs
        items = list(self.review.items)
        items[self.review.position] = item.model_copy(update={"state": "done"})
        self._save(items=items, position=self.review.position + 1, draft="")
        return None

    def skip(self, reason: str) -> None:
        if not reason.strip():
            raise ValidationFailed("skip_reason: say why the item is skipped")
        items = list(self.review.items)
        items[self.review.position] = items[self.review.position].model_copy(
            update={"state": "skipped", "skip_reason": reason.strip()})
        self._save(items=items, position=self.review.position + 1, draft="")

    def note(self, text: str) -> None:
        item = self.item
        if item is not None:
            joined = f"{item.notes}\n{text}".strip() if item.notes else text.strip()
            self._set_item(notes=joined)

    def save_draft(self, text: str) -> None:
        if text != self.review.draft:
            self._save(draft=text)

    # ----- an overdue action: done, reschedule or drop -----------------------------------------

    def _action(self) -> Action:
        item = self.item
        action = self.repo.get(Action, item.ref_id) if item else None
        if action is None:
            raise ValidationFailed("this item is not an action")
        return action

    def mark_done(self) -> None:
        self.repo.update(self._action(), status="done", completed_at=now())
        self.complete_item()

    def reschedule(self, new_due: dt.date, reason: str = "") -> None:
        action = self._action()
        if new_due <= self.today:
            raise ValidationFailed("due: the new date must be after today")
        slip = Slip(old=action.due, new=new_due, reason=reason)
        self.repo.update(action, due=new_due, slips=[*action.slips, slip])
        self._save(slips=[*self.review.slips, slip])
        self.complete_item()

    def drop(self, reason: str) -> None:
        self.repo.update(self._action(), status="dropped", drop_reason=reason)
        self.complete_item()

    def finish(self, notes: str = "") -> Review:
        self._save(ended_at=now(), notes=notes or self.review.notes, position=len(self.review.items))
        return self.review


__all__ = ["ReviewSession", "build_agenda", "commitments", "item_context", "previous_review"]
