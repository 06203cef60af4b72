"""Provides the operations on deals and the sales process: add, edit, move, close, tie, delete, merge, edit the stages.

Every operation that changes a deal also counts again the objectives measured from it (see measuring.py), in the same
write and the same undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from salesplan_tui.core.base.clock import Clock, now
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.base.money_text import money_problem
from salesplan_tui.core.base.words import plural
from salesplan_tui.core.model.change import Change, WorkspaceView, new, revise
from salesplan_tui.core.model.records import (
    Account,
    Contact,
    Deal,
    Objective,
    Record,
    Stage,
    StageChange,
    StageKind,
)
from salesplan_tui.core.pipeline.measuring import with_measures
from salesplan_tui.core.pipeline.moves import close_date_change, neighbour_stage, ranked, rename_stage, stage_change
from salesplan_tui.core.plan.rules import next_steps_missing

Rates = Mapping[str, float] | None  # the user's exchange rates (settings), for objectives counted in money


def add_deal(view: WorkspaceView, clock: Clock, *, stage: str, new_contact: tuple[str, str] | None = None,
             new_account: str = "", rates: Rates = None, **fields: Any) -> Change:
    """A new deal at the bottom of its stage's column; a new account and a new contact (name, role) typed in the
    same form are made in the same write."""
    if view.process.stage(stage) is None:
        raise ValidationFailed.on("stage", f"the sales process has no stage named {stage!r}")
    account_id, contact_ids, people = _people(view, fields.pop("account_id", None), new_account, new_contact,
                                              fields.pop("contact_ids", []))
    last = max((d.rank for d in view.all(Deal) if d.stage == stage), default=0)
    deal = new(view, Deal, **fields, account_id=account_id, stage=stage, contact_ids=contact_ids, rank=last + 1,
               stage_history=[StageChange(stage=stage, at=clock.now())], created_at=clock.now())
    _check_value(deal)
    return with_measures(view, clock.now(), Change("add deal", (deal, *people), "Deal added."), rates=rates)


def edit_deal(view: WorkspaceView, clock: Clock, deal: Deal, *, expected_close: dt.date, slip_reason: str = "",
              new_contact: tuple[str, str] | None = None, new_account: str = "", rates: Rates = None,
              **fields: Any) -> Change:
    """The deal with new fields; a later close date is recorded as a slip with its reason."""
    account_id, contact_ids, people = _people(view, fields.pop("account_id", deal.account_id), new_account,
                                              new_contact, fields.pop("contact_ids", deal.contact_ids))
    changes = {**fields, "account_id": account_id, "contact_ids": contact_ids,
               **close_date_change(deal, expected_close, reason=slip_reason, at=clock.now())}
    revised = revise(deal, at=clock.now(), **changes)
    _check_value(revised)
    edited = Change("edit deal", (revised, *people), "Saved.")
    return with_measures(view, clock.now(), edited, rates=rates)


def _check_value(deal: Deal) -> None:
    if problem := money_problem(deal.value, "value"):
        raise ValidationFailed.on("value", problem)


def _people(view: WorkspaceView, account_id: int | None, new_account: str, new_contact: tuple[str, str] | None,
            contact_ids: list[int]) -> tuple[int | None, list[int], list[Record]]:
    """The deal's account and contacts once a typed new account (found by name if it exists) and contact are made."""
    made: list[Record] = []
    if new_account.strip():
        name = new_account.strip()
        account = next((a for a in view.all(Account) if a.name.casefold() == name.casefold()), None)
        if account is None:
            account = new(view, Account, name=name)
            made.append(account)
        account_id = account.id
    elif account_id is not None and view.get(Account, account_id) is None:
        raise ValidationFailed.on("account_id", f"there is no account {account_id}")
    contact_ids = list(contact_ids)
    if new_contact and new_contact[0].strip():
        contact = new(view, Contact, name=new_contact[0].strip(), role=new_contact[1].strip(), account_id=account_id)
        made.append(contact)
        contact_ids.append(contact.id)
    return account_id, contact_ids, made


def move_stage(view: WorkspaceView, clock: Clock, deal: Deal, stage: Stage, *, reason: str = "",
               rates: Rates = None) -> Change:
    """The deal at another stage, its history one step longer; a move into an open stage checks its next steps."""
    moved = revise(deal, **stage_change(deal, stage, reason=reason, at=clock.now()))
    missing = next_steps_missing(view.actions_by("deal_id").get(deal.id, []), stage)
    warning = "Fewer than two next steps: press n to add what's next." if missing else ""
    return with_measures(view, clock.now(), Change("move deal", (moved,), f"Moved to {stage.name}.", warning),
                         rates=rates)


def close(view: WorkspaceView, clock: Clock, deal: Deal, *, won: bool, reason: str = "",
          on: dt.date | None = None, rates: Rates = None) -> Change:
    """Won or lost straight from any stage: one step in the history, the close date set to the day it closed
    (today unless given), and a lost deal's reason kept."""
    kind = StageKind.WON if won else StageKind.LOST
    stage = next((s for s in view.process.stages if s.kind == kind), None)
    if stage is None:
        raise ValidationFailed.on("stage", f"the sales process has no {kind.value} stage")
    fields = stage_change(deal, stage, reason=reason, at=clock.now())
    closed = revise(deal, **fields, expected_close=on or clock.today())
    change = Change(f"mark deal {kind.value}", (closed,), f"{deal.title}: {stage.name}.")
    return with_measures(view, clock.now(), change, rates=rates)


def tie_to_objective(view: WorkspaceView, clock: Clock, deal: Deal, objective_id: int | None, *,
                     rates: Rates = None) -> Change:
    """The deal tied to the objective it serves (None unties it); an objective measured from the pipeline counts
    it, or stops counting it, in the same step."""
    if objective_id is not None:
        objective = view.get(Objective, objective_id)
        if objective is None or objective.archived:
            raise ValidationFailed.on("objective_id", f"there is no objective {objective_id}")
        message = f"Tied to {objective.title}."
    else:
        message = "No longer tied to an objective."
    if objective_id == deal.objective_id:
        raise ValidationFailed.on("objective_id", "the deal is already tied to that objective" if objective_id
                                  is not None else "the deal is tied to no objective")
    tied = revise(deal, objective_id=objective_id)
    return with_measures(view, clock.now(), Change("tie deal", (tied,), message), rates=rates)


def delete_deal(view: WorkspaceView, deal: Deal, *, clock: Clock | None = None, rates: Rates = None) -> Change:
    """The deal deleted (archived, so ctrl+z and every backup keep it) with its open steps, which no longer plan
    anything; its done steps stay on it as its record. An objective that counted it counts it no more."""
    if deal.archived:
        raise ValidationFailed.on("", "that deal is already deleted")
    steps = [revise(a, archived=True) for a in view.actions_by("deal_id").get(deal.id, []) if a.is_open]
    gone = Change("delete deal", (revise(deal, archived=True), *steps),
                  f"Deleted {deal.title}" + (f" and its {plural(len(steps), 'open step')}" if steps else "")
                  + ". ctrl+z brings it back.")
    return with_measures(view, clock.now() if clock else now(), gone, rates=rates)


def merge_deals(view: WorkspaceView, clock: Clock, keep: Deal, other: Deal, *, rates: Rates = None) -> Change:
    """Two records of one deal made one: `other`'s steps, contacts, notes and history move to `keep` (so does its
    CRM id when `keep` has none, so the next import updates `keep`), and `other` is deleted; one undo step."""
    if keep.id == other.id:
        raise ValidationFailed.on("deal_id", "choose two different deals to merge")
    if keep.archived or other.archived:
        raise ValidationFailed.on("deal_id", "a deleted deal cannot be merged")
    steps = [revise(a, deal_id=keep.id) for a in view.actions_by("deal_id").get(other.id, [])]
    takes_crm = not keep.crm_id and bool(other.crm_id)
    # The other's history from before `keep` existed is the same deal's earlier life; later entries would contradict
    # the stage and value `keep` has now.
    fields: dict[str, Any] = {
        "contact_ids": [*keep.contact_ids, *(c for c in other.contact_ids if c not in keep.contact_ids)],
        "notes": "\n".join(dict.fromkeys(n for n in (keep.notes, other.notes) if n.strip())),
        "stage_history": sorted([*keep.stage_history, *(h for h in other.stage_history if h.at < keep.created_at)],
                                key=lambda h: h.at),
        "value_history": sorted([*keep.value_history, *(h for h in other.value_history if h.at < keep.created_at)],
                                key=lambda h: h.at),
        "close_slips": sorted([*keep.close_slips, *other.close_slips], key=lambda s: s.at),
        "created_at": min(keep.created_at, other.created_at),
        "objective_id": keep.objective_id if keep.objective_id is not None else other.objective_id,
        "next_call_outcome": keep.next_call_outcome or other.next_call_outcome,
    }
    if takes_crm:
        fields |= {"crm": other.crm, "crm_id": other.crm_id}
    merged = revise(keep, **fields)
    cleared: dict[str, Any] = {"crm_id": ""} if takes_crm else {}
    gone = revise(other, archived=True, **cleared)
    moved = f" and {plural(len(steps), 'step')}" if steps else ""
    change = Change("merge deals", (merged, gone, *steps), f"Merged {other.title} into {keep.title}{moved}.")
    return with_measures(view, clock.now(), change, rates=rates)


def step_stage(view: WorkspaceView, deal: Deal, step: int) -> Stage:
    """The stage one step along the process, or a refusal at either end."""
    target = neighbour_stage(view.process, deal, step)
    if target is None:
        raise ValidationFailed.on("stage", "that is the end of the sales process")
    return target


def reorder(view: WorkspaceView, deal: Deal, step: int) -> Change:
    """Moves a card up or down its column; the column's order is stored as each card's rank."""
    column = ranked([d for d in view.all(Deal) if d.stage == deal.stage])
    index = next(i for i, d in enumerate(column) if d.id == deal.id)
    other = index + step
    if not 0 <= other < len(column):
        raise ValidationFailed.on("rank", "the card is already at the end of its column")
    column[index], column[other] = column[other], column[index]
    changed = tuple(revise(d, rank=float(rank)) for rank, d in enumerate(column, 1) if d.rank != rank)
    return Change("reorder cards", changed)


def set_stages(view: WorkspaceView, stages: list[Stage], *, renamed: tuple[str, str] | None = None,
               clock: Clock | None = None, rates: Rates = None) -> Change:
    """The sales process with new stages; a renamed stage takes its deals (and their history) with it. A stage that
    becomes won, lost or open again has the objectives measured from its deals counted again, in the same write."""
    process = view.process
    deals: list[Deal] = []
    if renamed and renamed[0] != renamed[1]:
        process, deals = rename_stage(process, view.all(Deal, archived=True), *renamed)
    names = {s.name for s in stages}
    stranded = sorted({d.stage for d in view.all(Deal, archived=True) if d.stage not in names} - {
        renamed[0] if renamed else ""})
    if stranded:
        raise ValidationFailed.on("stages", f"deals are still at {', '.join(stranded)}: move them first")
    updated = revise(process, stages=[s.model_dump() for s in stages])
    change = Change("edit sales process", (updated, *deals), "Sales process saved.")
    return with_measures(view, clock.now() if clock else now(), change, rates=rates, process=updated,
                         also=_kind_changed(view, stages, renamed))


def _kind_changed(view: WorkspaceView, stages: list[Stage], renamed: tuple[str, str] | None) -> set[int | None]:
    """The objectives of the deals whose stage is of another kind in the new stages (open, won, lost)."""
    before = {s.name: s.kind for s in view.process.stages}
    after = {s.name: s.kind for s in stages}
    if renamed:
        before[renamed[1]] = before.get(renamed[0], after.get(renamed[1], StageKind.OPEN))
    changed = {name for name, kind in after.items() if before.get(name) != kind}
    if not changed:
        return set()  # the order, probabilities or playbooks: no deal is read
    moved = renamed or ("", "")
    return {d.objective_id for d in view.all(Deal, archived=True)
            if (moved[1] if d.stage == moved[0] else d.stage) in changed}

