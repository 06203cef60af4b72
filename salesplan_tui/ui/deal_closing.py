"""Provides marking a deal won or lost from anywhere (board, deal screen, palette): one question, one change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, ReasonScreen

if TYPE_CHECKING:
    from salesplan_tui.core.model.records import Deal
    from salesplan_tui.ui.host import Host


def ask_to_close(app: Host, deal: Deal, *, won: bool) -> None:
    """Won asks for a yes; lost asks why. Either way the deal closes today (e on the deal changes the date).

    A deal already won (or lost) is refused before anything is asked; a won deal marked lost is warned about.
    """
    from salesplan_tui.core.model.records import StageKind

    stage = app.repo.process.stage(deal.stage)
    kind = stage.kind if stage else None
    if kind == (StageKind.WON if won else StageKind.LOST):
        app.notify(f"{deal.title} is already {kind.value}.", markup=False, timeout=3)
        return
    warning = ["", f"It is marked {kind.value} now: this changes that."] if kind in (StageKind.WON, StageKind.LOST) else []

    def close(reason: str = "") -> None:
        from salesplan_tui.ui.deal_tidy import rates_of

        app.apply(lambda: deal_ops.close(app.repo, app.clock, deal, won=won, reason=reason, rates=rates_of(app)))

    if won:
        app.push_screen(ConfirmScreen("Mark the deal won", [
            f"{deal.title}: {deal.stage} → won, closing today.", "",
            "The close date can be changed afterwards (enter on the deal, then e).", *warning], "Won?"),
            lambda yes: close() if yes else None)
    else:
        app.push_screen(ReasonScreen(f"Mark {deal.title} lost",
                                             "Why was it lost? (price, timing, competitor, no decision…)"
                                             + (" It is marked won now: this changes that." if warning else ""),
                                             placeholder="e.g. chose the incumbent's bundled offer"),
                        lambda reason: close(reason) if reason else None)
