"""Provides FindingsKeeper: the app's plan findings, kept live change by change and drawn in the frame of the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesplan_tui.core.model.change import Changed
    from salesplan_tui.core.plan.rules import Finding
    from salesplan_tui.ui.host import Host


class FindingsKeeper:
    """Held by the app: `announce` tells the screens what changed and brings the findings (`host.live`) up to date.

    Args:
        host: the app.
        after_refresh: runs a function just after the next frame (the app's call_after_refresh).
        show: draws fresh findings: the status line, and the visible pane's view of them when they changed.
    """

    def __init__(self, host: Host, after_refresh: Callable[[Callable[[], None]], object],
                 show: Callable[[bool], None]) -> None:
        self.host = host
        self.after_refresh = after_refresh
        self.show = show
        self._pending: Changed | None = None  # a change whose findings follow after the frame (see announce)

    @property
    def findings(self) -> list[Finding]:
        """Every plan finding, most urgent first (what `salesplan check` lists)."""
        live = self.host.live
        return live.findings if live is not None else []

    @property
    def version(self) -> int:
        """Goes up whenever a finding appears, goes or changes."""
        live = self.host.live
        return live.version if live is not None else 0

    def announce(self, changed: Changed) -> None:
        """Tells every pane and open screen what changed, and brings the plan findings up to date.

        The findings of a few records are recomputed at once, so the change and its findings are drawn in one
        frame. A change that can touch every record (a reload, an import, the sales process) or a new day is
        painted first and its findings follow just after that frame.
        """
        from salesplan_tui.core.model.records import Kind
        from salesplan_tui.core.plan.live_findings import union

        host = self.host
        live = host.live
        assert live is not None
        if self._pending is None and not changed.everything and not changed.touches(Kind.PROCESS) and \
                live.today == host.today:
            findings_changed = live.update(changed, host.today)
            host.workspace_changed.publish(changed)
            self.show(findings_changed)
            return
        host.workspace_changed.publish(changed)
        if self._pending is None:
            self.after_refresh(self._update_findings)
        self._pending = union(self._pending, changed) if self._pending is not None else changed

    def _update_findings(self) -> None:
        pending, self._pending = self._pending, None
        live = self.host.live
        if pending is not None and live is not None:
            self.show(live.update(pending, self.host.today))

    def watch_day(self) -> None:
        """Past midnight lateness changes: every finding and every 'due' on screen is worked out again."""
        from salesplan_tui.core.model.change import Changed

        live = self.host.live
        if self.host.loaded and live is not None and live.today != self.host.today:
            self.announce(Changed.all())
