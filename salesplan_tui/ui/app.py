"""Provides SalesplanApp: the shell that holds the workspace, switches panes and applies every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, TabbedContent, TabPane

from ..core.coach import load_lexicon
from ..core.models import Account
from ..core.rules import Finding, check
from ..core.storage import Repository, StorageError
from .actions import bindings
from .commands import WorkspaceCommands
from .keymap import load_keymap
from .panes.accounts import AccountsPane
from .panes.agenda import AgendaPane
from .panes.base import Pane
from .panes.pipeline import PipelinePane
from .panes.plan import PlanPane
from .panes.review import ReviewPane
from . import screens
from .themes import load_themes
from .widgets.status_line import StatusLine

T = TypeVar("T")
PANES = ("plan", "pipeline", "review", "agenda", "accounts")


class SalesplanApp(App[None]):
    """The salesplan workspace: Plan, Pipeline, Review, Agenda and Accounts over one workspace file."""

    CSS_PATH = "app.tcss"
    TITLE = "salesplan"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {WorkspaceCommands}

    def __init__(self, repo: Repository, *, demo: bool = False, today: dt.date | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.demo = demo
        self.today = today or dt.date.today()
        self.lexicon = load_lexicon()
        self.findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="plan", id="panes"):
            with TabPane("1 Plan", id="plan"):
                yield PlanPane(id="plan-pane")
            with TabPane("2 Pipeline", id="pipeline"):
                yield PipelinePane(id="pipeline-pane")
            with TabPane("3 Review", id="review"):
                yield ReviewPane(id="review-pane")
            with TabPane("4 Agenda", id="agenda"):
                yield AgendaPane(id="agenda-pane")
            with TabPane("5 Accounts", id="accounts"):
                yield AccountsPane(id="accounts-pane")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        themes, failed = load_themes()
        for theme in themes:
            self.register_theme(theme)
        if "salesplan" in self.available_themes:
            self.theme = "salesplan"
        if failed:
            self.notify("Some themes were not loaded:\n" + "\n".join(failed), severity="warning", markup=False)
        keymap, keymap_problems = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        for problem in [*self.lexicon.problems, *keymap_problems]:
            self.notify(problem, severity="warning", markup=False, timeout=8)
        self.title = self.repo.workspace.name
        self.sub_title = "demo (a temporary copy)" if self.demo else ""
        if self.repo.read_only:
            self.notify(f"Read-only: {self.repo.read_only_reason}.", severity="warning", markup=False, timeout=8)
        # At start the findings are part of the first paint; after a change they follow its frame.
        self.findings = check(self.repo, self.today)
        self.query_one(StatusLine).show(self.repo, self.findings)
        self.active_pane().reload()
        self.call_after_refresh(self.active_pane().focus_main)

    # ----- changes -----------------------------------------------------------------------------

    def apply(self, change: Callable[[], T], done: str | None = None) -> T | None:
        """Runs one change to the workspace; a refused or failed change is one message and changes nothing."""
        try:
            result = change()
        except StorageError as e:
            self.notify(str(e), title="Not saved", severity="error", markup=False, timeout=8)
            return None
        if done:
            self.notify(done, markup=False, timeout=3)
        self.refresh_workspace()
        return result

    def refresh_workspace(self) -> None:
        """Reloads the visible pane now (hidden ones when shown), and the findings just after that frame."""
        active = self.query_one(TabbedContent).active
        for pane in self.query(Pane):
            pane.stale = True
            if pane.parent is not None and pane.parent.id == active:
                pane.reload()
        if not self._findings_pending:
            self._findings_pending = True
            # The change is painted first; the plan-wide check (tens of ms on a big year) follows it.
            # Queued on the pane, it runs after the pane's own redraw, then waits for that frame.
            self.active_pane().call_later(self.call_after_refresh, self._update_findings)

    _findings_pending = False

    def _update_findings(self) -> None:
        self._findings_pending = False
        self.findings = check(self.repo, self.today)
        self.query_one(StatusLine).show(self.repo, self.findings)
        self.active_pane().findings_changed()

    def account_names(self) -> frozenset[str]:
        return frozenset(a.name.lower() for a in self.repo.all(Account))

    # ----- navigation --------------------------------------------------------------------------

    def active_pane(self) -> Pane:
        active = self.query_one(TabbedContent).active
        return self.query_one(f"#{active}-pane", Pane)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = self.active_pane()
        if pane.stale:
            pane.reload()
        pane.focus_main()

    def action_show_pane(self, name: str) -> None:
        if name in PANES:
            self.query_one(TabbedContent).active = name

    def action_undo(self) -> None:
        if self.repo.read_only:
            self.notify("Read-only: nothing to undo here.", severity="warning")
            return
        label = self.apply(self.repo.undo)
        self.notify(f"Undone: {label}" if label else "Nothing to undo.", markup=False, timeout=3)

    def action_help(self) -> None:
        self.push_screen(screens.HelpScreen(self.active_pane().scope))
