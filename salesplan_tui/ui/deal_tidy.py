"""Provides deleting a deal and merging two from anywhere (board, deal screen): each asked once, one undo step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from salesplan_tui.core.base.words import plural
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, PickScreen

if TYPE_CHECKING:
    from salesplan_tui.core.model.records import Deal
    from salesplan_tui.ui.host import Host


def rates_of(app: Host) -> Mapping[str, float] | None:
    """The user's exchange rates as the operations take them (settings.json), or None when none are set."""
    from salesplan_tui.core.plan.measured import rate_table

    settings = getattr(app, "settings", None)
    rates = getattr(settings, "rates", None)
    return rate_table(rates, getattr(settings, "base_currency", "USD") or "USD") if rates else None


def ask_to_delete(app: Host, deal: Deal) -> None:
    """Names the deal and what goes with it, and deletes it on a yes (archived: ctrl+z and the backups keep it)."""
    from salesplan_tui.core.model.records import Account

    account = app.repo.get(Account, deal.account_id)
    steps = [a for a in app.repo.actions_by("deal_id").get(deal.id, []) if a.is_open]
    with_it = f"Its {plural(len(steps), 'open step')} {'goes' if len(steps) == 1 else 'go'} with it." if steps else \
        "It has no open steps."

    def delete(yes: bool | None) -> None:
        if yes:
            app.apply(lambda: deal_ops.delete_deal(app.repo, _now(app, deal), clock=app.clock, rates=rates_of(app)))

    app.push_screen(ConfirmScreen("Delete the deal", [
        f"{account.name if account else '?'} · {deal.title} ({deal.stage})", "", with_it,
        "ctrl+z brings it back, and every backup keeps it."], "Delete it?"), delete)


def ask_to_merge(app: Host, keep: Deal) -> None:
    """Lists the account's other deals (closed ones too: a lost deal may have come back as a new one); the one
    picked is merged into `keep` after a yes naming both."""
    from salesplan_tui.core.model.records import Deal

    others = [d for d in app.repo.all(Deal) if d.account_id == keep.account_id and d.id != keep.id]
    if not others:
        app.notify(f"{keep.title} is the account's only deal: nothing to merge it with.", markup=False, timeout=4)
        return
    choices = [(f"{d.title} · {d.stage}", d) for d in others]
    app.push_screen(PickScreen(f"Merge into {keep.title}: which deal is the same one?", choices),
                    lambda other: _confirm_merge(app, keep, other) if other is not None else None)


def _confirm_merge(app: Host, keep: Deal, other: Deal) -> None:
    def merge(yes: bool | None) -> None:
        if yes:
            app.apply(lambda: deal_ops.merge_deals(app.repo, app.clock, _now(app, keep), _now(app, other),
                                                   rates=rates_of(app)))

    steps = len(app.repo.actions_by("deal_id").get(other.id, []))
    app.push_screen(ConfirmScreen("Merge two deals", [
        f"Keep:   {keep.title} ({keep.stage})", f"Merge:  {other.title} ({other.stage})", "",
        f"Its {plural(steps, 'step') + ', ' if steps else ''}contacts, notes and history move to the deal kept, which "
        "keeps its own stage, value and close date; the other is deleted.",
        "To keep the other's stage instead, merge from that deal. ctrl+z takes the merge back."], "Merge them?"), merge)


def _now(app: Host, deal: Deal) -> Deal:
    """The deal as stored now (it may have changed while a dialog was open)."""
    from salesplan_tui.core.model.change import require
    from salesplan_tui.core.model.records import Deal

    return require(app.repo.get(Deal, deal.id), "deal")
