"""Provides Pane: what every pane shares: the app's workspace, lazy reloading and where focus goes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual.containers import Container

if TYPE_CHECKING:
    from ...core.storage import Repository
    from ..app import SalesplanApp


class Pane(Container):
    """A pane of the app. `reload()` redraws it from the workspace; `stale` marks it for redrawing when shown."""

    scope = "app"
    stale = True

    @property
    def sp(self) -> SalesplanApp:
        return cast("SalesplanApp", self.app)

    @property
    def repo(self) -> Repository:
        return self.sp.repo

    @property
    def today(self) -> dt.date:
        return self.sp.today

    def reload(self) -> None:
        self.stale = False

    def focus_main(self) -> None:
        """Puts the keyboard where the pane's work is."""

    def findings_changed(self) -> None:
        """Called when the app has fresh plan findings (just after a change is shown)."""
