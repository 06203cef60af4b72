"""Provides ShowsFindings: the app's plan findings, kept live change by change and drawn in the frame of the change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesplan_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from salesplan_tui.core.model.change import Changed
    from salesplan_tui.core.plan.rules import Finding
    from salesplan_tui.ui.app import SalesplanApp

    _Base = SalesplanApp
else:
    _Base = object


class ShowsFindings(_Base):
    """Mixed into the app: `announce` tells the screens what changed and brings the findings (`live`) up to date."""

    @property
    def findings(self) -> list[Finding]:
        """Every plan finding, most urgent first (what `salesplan check` lists)."""
        return self.live.findings if self.live is not None else []

    @property
    def findings_version(self) -> int:
        """Goes up whenever a finding appears, goes or changes."""
        return self.live.version if self.live is not None else 0

    _pending: Changed | None = None  # a change whose findings follow after the frame (see announce)

    def announce(self, changed: Changed) -> None:
        """Tells every pane and open screen what changed, and brings the plan findings up to date.

        The findings of a few records are recomputed at once, so the change and its findings are drawn in one
        frame. A change that can touch every record (a reload, an import, the sales process) or a new day is
        painted first and its findings follow just after that frame.
        """
        from salesplan_tui.core.model.records import Kind
        from salesplan_tui.core.plan.live_findings import union

        live = self.live
        assert live is not None
        if self._pending is None and not changed.everything and not changed.touches(Kind.PROCESS) and \
                live.today == self.today:
            findings_changed = live.update(changed, self.today)
            self.workspace_changed.publish(changed)
            self._show_findings(findings_changed)
            return
        self.workspace_changed.publish(changed)
        if self._pending is None:
            self.call_after_refresh(self._update_findings)
        self._pending = union(self._pending, changed) if self._pending is not None else changed

    def _update_findings(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and self.live is not None:
            self._show_findings(self.live.update(pending, self.today))

    def _show_findings(self, changed: bool) -> None:
        """The status line (only when its words change) and, when findings changed, the visible pane's view of them."""
        self.query_one(StatusLine).show(self.repo, self.live)
        pane = self.active_pane()
        if pane is not None and changed:
            pane.findings_changed()

    def _watch_day(self) -> None:
        """Past midnight lateness changes: every finding and every 'due' on screen is worked out again."""
        from salesplan_tui.core.model.change import Changed

        if self.loaded and self.live is not None and self.live.today != self.today:
            self.announce(Changed.all())
