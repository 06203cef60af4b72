"""Provides the deals as the command line lists them (with their next two steps), and finding one by a name fragment."""

from __future__ import annotations

from dataclasses import dataclass

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Account, Action, Deal
from salesplan_tui.core.pipeline.moves import ranked
from salesplan_tui.core.pipeline.step_flags import needs_step
from salesplan_tui.core.plan.rules import NEXT_STEPS_NEEDED, open_steps

SHOWN_CANDIDATES = 8


@dataclass(frozen=True)
class DealLine:
    """One deal as listed: its id, account, title, stage, value, close date and its next open steps."""

    id: int
    account: str
    title: str
    stage: str
    value: float
    currency: str
    expected_close: str
    next_steps: tuple[str, ...]
    objective_id: int | None = None  # the objective the deal serves
    needs_step: bool = False  # a next step is kept as its note, not yet a plan (see step_flags.needs_step)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "account": self.account, "title": self.title, "stage": self.stage, "value": self.value,
                "currency": self.currency, "expected_close": self.expected_close, "next_steps": list(self.next_steps),
                "objective_id": self.objective_id, "needs_step": self.needs_step}


def step_text(action: Action) -> str:
    """A next step in one line: 'Lena at Fabrikam: confirm the PO number (me, by 2026-11-27)'."""
    return f"{action.target}: {action.outcome} ({action.owner}, by {action.due.isoformat()})"


def deal_lines(view: WorkspaceView) -> list[DealLine]:
    """Every unarchived deal in the order of the process's stages, then of its column, with two next steps."""
    order = {s.name: i for i, s in enumerate(view.process.stages)}
    steps = view.actions_by("deal_id")
    deals = sorted(ranked(view.all(Deal)), key=lambda d: order.get(d.stage, len(order)))
    return [DealLine(d.id, _account(view, d), d.title, d.stage, d.value, d.currency, d.expected_close.isoformat(),
                     tuple(step_text(a) for a in open_steps(steps.get(d.id, []))[:NEXT_STEPS_NEEDED]),
                     d.objective_id, needs_step(d, steps.get(d.id, []))) for d in deals]


def _account(view: WorkspaceView, deal: Deal) -> str:
    account = view.get(Account, deal.account_id)
    return account.name if account else ""


def find_deal(view: WorkspaceView, ref: str) -> Deal:
    """The deal an id or a name fragment names: a number is an id; otherwise the one unarchived deal whose title or
    account contains the words, any case. Raises ValidationFailed (on "deal_id") listing the candidates when none or
    several match."""
    text = " ".join(ref.split())
    if text.isdigit():
        found = view.get(Deal, int(text))
        if found is None:
            raise ValidationFailed.on("deal_id", f"there is no deal {text} (list them with `salesplan deals`)")
        return found
    wanted = text.casefold()
    if not wanted:
        raise ValidationFailed.on("deal_id", "name a deal by its id or part of its title or account")
    matches = [d for d in view.all(Deal) if wanted in d.title.casefold() or wanted in _account(view, d).casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationFailed.on("deal_id", f"no deal's title or account contains {text!r} "
                                             "(list them with `salesplan deals`)")
    shown = "; ".join(f"{d.id} {d.title}" for d in matches[:SHOWN_CANDIDATES])
    more = f" and {len(matches) - SHOWN_CANDIDATES} more" if len(matches) > SHOWN_CANDIDATES else ""
    raise ValidationFailed.on("deal_id", f"{text!r} matches {len(matches)} deals: {shown}{more}; "
                                         "give more of the name or the id")
