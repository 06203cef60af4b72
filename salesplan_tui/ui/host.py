"""Provides Host: what panes, screens and the app's helpers need from the running app, without importing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen, ScreenResultCallbackType
    from textual.signal import Signal
    from textual.timer import Timer

    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.base.errors import ValidationFailed
    from salesplan_tui.core.coach import Lexicon
    from salesplan_tui.core.model.change import Change, Changed
    from salesplan_tui.core.plan.live_findings import LiveFindings
    from salesplan_tui.core.storage import Repository

R = TypeVar("R")


class Host(Protocol):
    """The app as its parts see it: the workspace, the day, the one apply path and the change event.

    SalesplanApp is one; a pane or screen reaches it as `self.sp` (see WorkspaceAccess), a helper is given it.
    """

    clock: Clock
    live: LiveFindings | None  # the plan findings, kept current change by change
    keymap: dict[str, str]  # the user's keymap as set ({binding id: keys}); empty when none

    @property
    def workspace_changed(self) -> Signal[Changed]: ...

    @property
    def repo(self) -> Repository: ...

    @property
    def today(self) -> dt.date: ...

    @property
    def loaded(self) -> bool: ...

    @property
    def lexicon(self) -> Lexicon: ...

    @property
    def findings_version(self) -> int: ...

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def apply(self, change: Change | Callable[[], Change], *,
              on_refused: Callable[[ValidationFailed], None] | None = None) -> Change | None: ...

    def announce(self, changed: Changed) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None, *, name: str | None = None,
                  pause: bool = False) -> Timer: ...

    def push_screen(self, screen: Screen[R], callback: ScreenResultCallbackType[R] | None = None) -> Any: ...
