"""Provides the operations on deals and the sales process: add, edit, move a stage, reorder cards, edit the stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change, WorkspaceView, new, revise
from salesplan_tui.core.model.records import Account, Contact, Deal, Record, Stage, StageChange, StageKind
from salesplan_tui.core.pipeline.moves import close_date_change, neighbour_stage, ranked, rename_stage, stage_change
from salesplan_tui.core.plan.rules import next_steps_missing


def add_deal(view: WorkspaceView, clock: Clock, *, stage: str, new_contact: tuple[str, str] | None = None,
             new_account: str = "", **fields: Any) -> Change:
    """A new deal at the bottom of its stage's column; a new account and a new contact (name, role) typed in the
    same form are made in the same write."""
    if view.process.stage(stage) is None:
        raise ValidationFailed.on("stage", f"the sales process has no stage named {stage!r}")
    account_id, contact_ids, people = _people(view, fields.pop("account_id", None), new_account, new_contact,
                                              fields.pop("contact_ids", []))
    last = max((d.rank for d in view.all(Deal) if d.stage == stage), default=0)
    deal = new(view, Deal, **fields, account_id=account_id, stage=stage, contact_ids=contact_ids, rank=last + 1,
               stage_history=[StageChange(stage=stage, at=clock.now())], created_at=clock.now())
    return Change("add deal", (deal, *people), "Deal added.")


def edit_deal(view: WorkspaceView, clock: Clock, deal: Deal, *, expected_close: dt.date, slip_reason: str = "",
              new_contact: tuple[str, str] | None = None, new_account: str = "", **fields: Any) -> Change:
    """The deal with new fields; a later close date is recorded as a slip with its reason."""
    account_id, contact_ids, people = _people(view, fields.pop("account_id", deal.account_id), new_account,
                                              new_contact, fields.pop("contact_ids", deal.contact_ids))
    changes = {**fields, "account_id": account_id, "contact_ids": contact_ids,
               **close_date_change(deal, expected_close, reason=slip_reason, at=clock.now())}
    return Change("edit deal", (revise(deal, at=clock.now(), **changes), *people), "Saved.")


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


def move_stage(view: WorkspaceView, clock: Clock, deal: Deal, stage: Stage, *, reason: str = "") -> Change:
    """The deal at another stage, its history one step longer; a move into an open stage checks its next steps."""
    moved = revise(deal, **stage_change(deal, stage, reason=reason, at=clock.now()))
    missing = next_steps_missing(view.actions_by("deal_id").get(deal.id, []), stage)
    warning = "Fewer than two next steps: press n to add what's next." if missing else ""
    return Change("move deal", (moved,), f"Moved to {stage.name}.", warning)


def close(view: WorkspaceView, clock: Clock, deal: Deal, *, won: bool, reason: str = "",
          on: dt.date | None = None) -> Change:
    """Won or lost straight from any stage: one step in the history, the close date set to the day it closed
    (today unless given), and a lost deal's reason kept."""
    kind = StageKind.WON if won else StageKind.LOST
    stage = next((s for s in view.process.stages if s.kind == kind), None)
    if stage is None:
        raise ValidationFailed.on("stage", f"the sales process has no {kind.value} stage")
    fields = stage_change(deal, stage, reason=reason, at=clock.now())
    closed = revise(deal, **fields, expected_close=on or clock.today())
    return Change(f"mark deal {kind.value}", (closed,), f"{deal.title}: {stage.name}.")


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


def set_stages(view: WorkspaceView, stages: list[Stage], *, renamed: tuple[str, str] | None = None) -> Change:
    """The sales process with new stages; a renamed stage takes its deals (and their history) with it."""
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
    return Change("edit sales process", (updated, *deals), "Sales process saved.")

