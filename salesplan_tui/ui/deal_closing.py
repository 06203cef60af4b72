"""Provides marking a deal won or lost from anywhere (board, deal screen, palette): one question, one change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import deal_ops
from . import screens

if TYPE_CHECKING:
    from ..core.models import Deal
    from .app import SalesplanApp


def ask_to_close(app: SalesplanApp, deal: Deal, *, won: bool) -> None:
    """Won asks for a yes; lost asks why. Either way the deal closes today (e on the deal changes the date)."""
    def close(reason: str = "") -> None:
        app.apply(lambda: deal_ops.close(app.repo, app.clock, deal, won=won, reason=reason))

    if won:
        app.push_screen(screens.ConfirmScreen("Mark the deal won", [
            f"{deal.title}: {deal.stage} → won, closing today.", "",
            "The close date can be changed afterwards (enter on the deal, then e)."], "Won?"),
            lambda yes: close() if yes else None)
    else:
        app.push_screen(screens.ReasonScreen(f"Mark {deal.title} lost",
                                             "Why was it lost? (price, timing, competitor, no decision…)",
                                             placeholder="e.g. chose the incumbent's bundled offer"),
                        lambda reason: close(reason) if reason else None)
