"""Provides SalesplanApp: the shell that opens the workspace, switches panes and applies every change."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from dataclasses import replace
from importlib import import_module
from typing import TYPE_CHECKING, Literal, TypeVar

from textual import events, work
from textual.app import App, ComposeResult
from textual.signal import Signal
from textual.widgets import Header, Static, TabbedContent, TabPane

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.settings.store import read_settings, save_theme
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import BY_ID, bindings
from salesplan_tui.ui.commands import WorkspaceCommands
from salesplan_tui.ui.file_follower import FileFollower, WritesFailed
from salesplan_tui.ui.findings_keeper import FindingsKeeper
from salesplan_tui.ui.idle_gc import TICK_SECONDS, IdleCollector
from salesplan_tui.ui.keymap import check_keymap
from salesplan_tui.ui.panes.base import Pane
from salesplan_tui.ui.text import assemble
from salesplan_tui.ui.themes import load_themes
from salesplan_tui.ui.widgets.key_footer import KeyFooter
from salesplan_tui.ui.widgets.pane_tabs import PaneTabs
from salesplan_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel
    from textual.theme import Theme
    from textual.widget import AwaitMount

    from salesplan_tui.core.base.errors import ValidationFailed
    from salesplan_tui.core.coach import Lexicon
    from salesplan_tui.core.model.change import Change, Changed
    from salesplan_tui.core.plan.live_findings import LiveFindings
    from salesplan_tui.core.plan.rules import Finding
    from salesplan_tui.core.storage import Repository

T = TypeVar("T")
PANES = ("plan", "pipeline", "review", "agenda", "accounts")
NARROW = 100  # columns under which side panels fold away
WATCH_SECONDS = 1.0  # how often the file is checked for writes from elsewhere (one stat)
ALWAYS_ALLOWED = {"quit", "help", "command_palette", "show_pane"}


def pane_class(name: str) -> type[Pane]:
    """One pane's class, its module imported when the pane is first shown (each brings its widgets and core)."""
    module = import_module(f".panes.{name}", __package__)
    return getattr(module, f"{name.capitalize()}Pane")


class SalesplanApp(App[None]):
    """The salesplan workspace: Plan, Pipeline, Review, Agenda and Accounts over one workspace file.

    Args:
        repo: an open workspace (tests, the demo); or
        opener: opens the workspace; it runs in a worker after the first frame, so the window shows at once.
        clock: today and now for every change (tests fix it); `today` is a shortcut for a clock stopped on a day.
        title: the workspace's name to show while it opens.
    """

    CSS_PATH = "app.tcss"
    TITLE = "salesplan"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {WorkspaceCommands}
    ask_seller = False  # ask whose plan this is when the workspace does not say (the command line sets it)

    def __init__(self, repo: Repository | None = None, *, opener: Callable[[], Repository] | None = None,
                 demo: bool = False, today: dt.date | None = None, clock: Clock | None = None,
                 title: str | None = None) -> None:
        super().__init__()
        if repo is None and opener is None:
            raise ValueError("SalesplanApp needs a workspace or a way to open one")
        self._repo = repo
        self._opener = opener
        self.demo = demo
        self.clock = clock or (Clock.on(today) if today else Clock())
        self.workspace_changed: Signal[Changed] = Signal(self, "workspace-changed")
        self.live: LiveFindings | None = None  # the plan findings, kept current change by change
        self.keymap: dict[str, str] = {}  # the user's keymap as set (Textual keeps its own copy privately)
        self.file = FileFollower(self, self._show_status)
        self.kept_findings = FindingsKeeper(self, self.call_after_refresh, self._show_findings)
        self._collector = IdleCollector()
        self._made: dict[str, AwaitMount] = {}  # the panes mounted so far, by name (each when first shown)
        self.open_error: str | None = None
        self._lexicon: Lexicon | None = None
        if title:
            self.title = visible(title)
        # The theme is chosen before the app runs: set once it runs (in on_mount), it parsed every rule of the
        # stylesheet again, restyled every widget and drew the window a second time (20 ms before the first frame).
        # Settings (theme, keymap) are read once, here: a bad file is said when the app is mounted.
        self.settings, self._settings_problems = read_settings()
        themes, self._theme_problems = load_themes()
        for theme in themes:
            self.register_theme(theme)
        chosen = self.settings.theme
        self.theme = chosen if chosen in self.available_themes else (
            "salesplan" if "salesplan" in self.available_themes else self.theme)
        if chosen and chosen not in self.available_themes:  # a theme removed, or a name mistyped by hand
            self._settings_problems = [*self._settings_problems,
                                       f"settings.json: there is no theme named {chosen!r}; using {self.theme!r}"]

    @property
    def repo(self) -> Repository:
        if self._repo is None:
            raise RuntimeError("the workspace is not open yet")
        return self._repo

    @property
    def today(self) -> dt.date:
        return self.clock.today()

    @property
    def loaded(self) -> bool:
        return self._repo is not None and self.live is not None

    @property
    def lexicon(self) -> Lexicon:
        """The coach's words, loaded when the coach first reads (its import compiles the date grammar: 40 ms)."""
        if self._lexicon is None:
            from salesplan_tui.core.coach import load_lexicon

            self._lexicon = load_lexicon()
            for problem in self._lexicon.problems:
                self.notify(problem, severity="warning", markup=False, timeout=8)
        return self._lexicon

    def compose(self) -> ComposeResult:
        yield Header()
        with PaneTabs(initial="plan", id="panes"):
            for name in PANES:
                with TabPane(f"{PANES.index(name) + 1} {BY_ID[f'app.{name}'].description}", id=name):
                    if name == "plan" and self._repo is None:  # an open workspace is drawn in the first frame
                        yield Static(assemble(("Opening the workspace…", "dim")), id="opening")
        yield StatusLine(id="status")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self._theme_problems:
            self.notify("Some themes were not loaded:\n" + "\n".join(self._theme_problems), severity="warning",
                        markup=False)
        keymap, keymap_problems = check_keymap(self.settings.keymap)
        if keymap:
            self.set_keymap(keymap)
            self.keymap = keymap
        for problem in self._settings_problems + keymap_problems:
            self.notify(problem, severity="warning", markup=False, timeout=8)
        self.sub_title = "demo (a temporary copy)" if self.demo else ""
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Every key answers in the frame it is drawn in: a sliding tab underline or a smooth scroll is a
            # third of a second of frames after each key. Whoever wants them sets TEXTUAL_ANIMATIONS.
            self.animation_level = "none"
        if self._repo is not None:
            await self._workspace_ready(self._repo, self._prepare_workspace(self._repo))
        else:
            self.call_after_refresh(self._open_workspace)

    def _remember_theme(self, theme: Theme) -> None:
        """The theme picked from the palette is the one the next run opens with."""
        if self.settings.theme == theme.name:
            return  # the theme it opened with (or was last kept): nothing to keep
        self.settings = replace(self.settings, theme=theme.name)
        problem = save_theme(theme.name)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    # ----- opening -----------------------------------------------------------------------------

    def _prepare_workspace(self, repo: Repository) -> LiveFindings:
        """The work that needs no screen: the plan findings, and the first pane's module (imported here, off the
        event loop, while the window is already shown)."""
        from salesplan_tui.core.plan.live_findings import LiveFindings

        pane_class(PANES[0])
        return LiveFindings(repo, self.today)

    @work(thread=True, exclusive=True, group="open")
    def _open_workspace(self) -> None:
        from salesplan_tui.core.base.errors import SalesplanError

        assert self._opener is not None
        try:
            repo = self._opener()
            live = self._prepare_workspace(repo)
        except SalesplanError as e:
            self.call_from_thread(self._open_failed, str(e))
            return
        self.call_from_thread(self._workspace_ready, repo, live)  # type: ignore[arg-type]  # Textual's hint takes a coroutine function's result as Never; it is awaited and returns None

    def _open_failed(self, message: str) -> None:
        self.open_error = message
        self.exit(return_code=2)

    async def _workspace_ready(self, repo: Repository, live: LiveFindings) -> None:
        """Mounts the visible pane on the open workspace and draws it; the others are mounted when first shown."""
        self._repo, self.live = repo, live
        # Writes go to a thread of their own: a key shows its change in the next frame, whatever the disk does.
        repo.write_in_background(lambda: self.post_message(WritesFailed()))
        # A year of records is tens of thousands of long-lived objects; without this, each full garbage
        # collection walks them all and stalls a keypress for a fifth of a second.
        gc.freeze()
        self.title = visible(repo.workspace.name)
        if repo.read_only:
            self.notify(f"Read-only: {repo.read_only_reason}.", severity="warning", markup=False, timeout=8)
        for opening in self.query("#opening"):
            opening.remove()
        self.query_one(StatusLine).show(repo, live)
        for problem in repo.problems:
            self.notify(problem, severity="warning", markup=False, timeout=8)
        if getattr(repo, "server", False):  # a workspace on a server is followed by what the server announces
            from salesplan_tui.ui.server_follower import ServerFollower

            self.file = ServerFollower(self, self._show_status)
        self.set_interval(WATCH_SECONDS, self.file.watch)
        self.set_interval(WATCH_SECONDS, self.kept_findings.watch_day)
        self.set_interval(TICK_SECONDS, self._collector.tick)
        await self._pane_shown()
        self.call_after_refresh(self._collector.start)  # once the data is drawn
        self.call_after_refresh(self._make_models)
        if self.ask_seller and not repo.read_only and not repo.workspace.seller:
            from salesplan_tui.ui.screens.seller_name import SellerName

            self.push_screen(SellerName())  # once per run until it is said; escape leaves it for later

    @work(thread=True, exclusive=True, group="models")
    def _make_models(self) -> None:
        """Makes every record model's validator and serializer once the data is drawn (they are made when first used:
        see records.py), so the first form or change does not pay for them."""
        from salesplan_tui.core.model.records import build_models

        build_models()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast. Text that is not markup (any text holding user data) shows as typed, control characters visible."""
        if not markup:
            message, title = visible(str(message), multiline=True), visible(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._collector.key_pressed()  # a full garbage collection waits until the keys pause
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._collector.stop()

    def on_resize(self, event: events.Resize) -> None:
        # Under 100 columns side panels fold away (see app.tcss); the class sits on the app so every screen sees it.
        # The event's size is the new one (self.size may still be the old).
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        if not narrow:  # wide again: a panel unfolded over the outline goes back beside it
            for unfolded in self.query(".unfolded, .folded"):
                unfolded.remove_class("unfolded", "folded")

    def get_driver_class(self) -> type[Driver]:
        from salesplan_tui.ui.paste_keeper import keeping_pastes

        return keeping_pastes(super().get_driver_class())  # a paste holding an escape sequence arrives whole

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the workspace is open only quitting, help and switching panes make sense.
        return True if self.loaded or action in ALWAYS_ALLOWED else None

    # ----- changes -----------------------------------------------------------------------------

    def apply(self, change: Change | Callable[[], Change], *,
              on_refused: Callable[[ValidationFailed], None] | None = None) -> Change | None:
        """The one path by which the workspace changes: builds the change, writes it as one unit, tells the screens.

        A refused change (a rule, a field) goes to on_refused when given (a form shows it under the field),
        otherwise it is one line; a failed write is one line. Either way nothing was written and None returns.
        When another program changed the file since it was read, it is reloaded first and a change given as a
        function is built again on what is there now (so nothing anyone saved is overwritten).
        """
        from salesplan_tui.core.base.errors import ValidationFailed
        from salesplan_tui.core.storage import OutsideChange

        def write() -> tuple[Change, Changed]:
            built = change() if callable(change) else change
            return built, self.repo.apply(built)

        try:
            try:
                done = self._write(write)
            except OutsideChange:
                if not self.file.follow():
                    return None
                if not callable(change):
                    self.notify("Your change was not saved because the file changed under it: make it again.",
                                severity="warning", timeout=8)
                    return None
                done = self._write(write)
                if done is not None:
                    self.notify("Your change was made on the reloaded workspace.", timeout=5)
        except ValidationFailed as e:
            if on_refused is None:
                self.notify(_sentence(e), severity="warning", markup=False, timeout=5)
            else:
                on_refused(e)
            return None
        if done is None:
            return None
        built, _ = done
        if built.warning:  # one toast saying both: each toast is a frame of its own to lay out and draw
            self.notify(f"{built.message} {built.warning}" if built.message else built.warning, severity="warning",
                        markup=False, timeout=5)
        elif built.message:
            self.notify(built.message, markup=False, timeout=3)
        return built

    def action_undo(self) -> None:
        self._step_back_or_forth("undo")

    def action_redo(self) -> None:
        self._step_back_or_forth("redo")

    def _step_back_or_forth(self, which: Literal["undo", "redo"]) -> None:
        """Undoes the last change, or redoes the last undone one; a file changed elsewhere ends both (it is reloaded)."""
        from salesplan_tui.core.storage import OutsideChange

        if self.repo.read_only:
            self.notify(f"Read-only: nothing to {which} here.", severity="warning")
            return
        if not (self.repo.can_undo if which == "undo" else self.repo.can_redo):
            self.notify(f"Nothing to {which}.", timeout=3)
            return
        try:
            done = self._write(self.repo.undo if which == "undo" else self.repo.redo)
        except OutsideChange:  # undoing over another window's write would lose it: start again from what is there
            if self.file.follow():
                self.notify(f"Nothing to {which}: the file was changed in another window.", timeout=5)
            return
        if done is not None:
            self.notify(f"{'Undone' if which == 'undo' else 'Redone'}: {done[0]}", markup=False, timeout=3)

    def _write(self, write: Callable[[], tuple[T, Changed] | None]) -> tuple[T, Changed] | None:
        """Runs one write; a storage failure is one line. A write that happened is announced to every screen."""
        from salesplan_tui.core.base.errors import SalesplanError, ValidationFailed
        from salesplan_tui.core.storage import OutsideChange

        try:
            if self.repo.changed_on_disk():  # found before the change is made (its write comes later, on its own)
                raise OutsideChange(self.repo.path, deleted=not self.repo.path.exists())
            result = write()
        except (ValidationFailed, OutsideChange):
            raise  # the caller says how a refusal or a file changed under it is handled
        except SalesplanError as e:
            self.notify(str(e), title="Not saved", severity="error", markup=False, timeout=8)
            return None
        if result is not None:
            self.announce(result[1])
        while self.repo.problems:  # e.g. the backup before this session's first write could not be made
            self.notify(self.repo.problems.pop(0), severity="warning", markup=False, timeout=8)
        return result

    def on_writes_failed(self, _message: WritesFailed) -> None:
        self.file.writes_failed()

    async def action_quit(self) -> None:
        """Quits once the last change is on disk, saying "Saving…" if that takes long; a write that failed is said
        (and rolled back) instead, and the window stays open. The window keeps answering while it waits."""
        self._quit_once_saved()

    @work(exclusive=True, group="quit")
    async def _quit_once_saved(self) -> None:
        if self._repo is not None and not await self.file.finish_writes():
            return
        self.exit()

    def announce(self, changed: Changed) -> None:
        """Tells every pane and open screen what changed, and brings the plan findings up to date (see FindingsKeeper)."""
        self.kept_findings.announce(changed)

    @property
    def findings(self) -> list[Finding]:
        """Every plan finding, most urgent first (what `salesplan check` lists)."""
        return self.kept_findings.findings

    @property
    def findings_version(self) -> int:
        """Goes up whenever a finding appears, goes or changes."""
        return self.kept_findings.version

    def _show_status(self) -> None:
        self.query_one(StatusLine).show(self.repo, self.live)

    def _show_findings(self, changed: bool) -> None:
        """The status line (only when its words change) and, when findings changed, the visible pane's view of them."""
        self._show_status()
        pane = self.active_pane()
        if pane is not None and changed:
            pane.findings_changed()

    # ----- navigation --------------------------------------------------------------------------

    def active_pane(self) -> Pane | None:
        active = self.query_one(TabbedContent).active
        return next(iter(self.query(f"#{active}-pane").results(Pane)), None)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        await self._pane_shown()  # a tab clicked (a key has done this already: see action_show_pane)

    async def action_show_pane(self, name: str) -> None:
        if name in PANES:
            self.query_one(PaneTabs).show(name)
            await self._pane_shown()

    _shown: Pane | None = None

    async def _pane_shown(self) -> None:
        """The pane just shown is brought up to date and takes the keyboard in the same turn, so the pane, its tab,
        its keys and its focus are drawn in one frame (the tab's activation message comes a turn later).

        A pane is made when it is first shown: the window opens with one pane's widgets, not five, and a pane
        never visited costs neither its imports nor its memory.
        """
        name = self.query_one(TabbedContent).active
        if name not in self._made and self.loaded:
            self._made[name] = self.query_one(f"#{name}", TabPane).mount(pane_class(name)(id=f"{name}-pane"))
        pane = self.active_pane()
        if pane is not None and not pane.is_mounted:
            await self._made[name]  # composed (a key pressed while it was being made waits here too)
        if pane is None or pane is self._shown or self.query_one(TabbedContent).active != name:
            return
        self._shown = pane
        if pane.stale:
            pane.reload()
        else:
            pane.findings_changed()  # findings that changed while it was hidden
        pane.focus_main()

    def action_import_crm(self) -> None:
        if self.repo.read_only:
            self.notify(f"Read-only: {self.repo.read_only_reason}.", severity="warning", markup=False)
            return
        from salesplan_tui.ui.exchange_flow import import_crm

        import_crm(self)

    def action_name_seller(self) -> None:
        """Asks whose plan this is (the palette's "Name the seller…"): the name headings and `salesplan team` show."""
        if self.repo.read_only:
            self.notify(f"Read-only: {self.repo.read_only_reason}.", severity="warning", markup=False)
            return
        from salesplan_tui.ui.screens.seller_name import SellerName

        self.push_screen(SellerName())

    def action_export(self, fmt: str, what: str) -> None:
        from salesplan_tui.ui.exchange_flow import export

        export(self, fmt, what)

    def action_help(self) -> None:
        if isinstance(self.screen, screens.HelpScreen):
            self.screen.dismiss(None)  # F1 again closes it
            return
        pane = self.active_pane() if self.screen is self.screen_stack[0] else None
        scope = pane.scope if pane is not None else getattr(self.screen, "scope", "app")
        self.push_screen(screens.HelpScreen(scope, self.screen.active_bindings))


def _sentence(refused: ValidationFailed) -> str:
    """A refusal as the user reads it: the messages, without the field names a form would show them under."""
    return "; ".join(message[:1].upper() + message[1:] for message in refused.errors.values())
