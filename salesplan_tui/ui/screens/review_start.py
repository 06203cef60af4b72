"""Provides starting a review: who is in it, a one-on-one's "since last time", then the agenda to walk."""

from __future__ import annotations

import time
from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static
from textual.worker import get_current_worker

from salesplan_tui.core.base.words import plural
from salesplan_tui.core.model.records import Action, Deal, Goal, Objective, ReviewItem, ReviewKind
from salesplan_tui.core.pipeline.moves import open_deals
from salesplan_tui.core.plan.seller_ops import seller_name
from salesplan_tui.core.review.agenda import build_agenda, vague_items, waiting_actions
from salesplan_tui.core.review.since_last import since_last
from salesplan_tui.core.review.since_last_lines import BAD, GOOD, WARN, Section, heading, sections
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.screens.dialogs import PickScreen
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.text_box import TextBox

ICONS = {"action": "☐", "deal": "$", "objective": "●", "goal": "◆", "category": "▣", "commitment": "↺"}
TONES = {GOOD: "$success", BAD: "$error", WARN: "$warning"}
SECTION_IDS = ("promised", "since-pipeline", "since-plan")
AGENDA_LABEL = "Agenda, most urgent first (space drops or keeps an item)"
READ_AT_ONCE = 150  # open actions whose words are read before the dialog shows (a millisecond each); more: on a thread
READ_AT_A_TIME = 20  # on the thread, this many at a run (about 20 ms) ...
LET_KEYS_IN = 0.01  # ... then this long (seconds) left to the screen


def section_content(section: Section) -> Content:
    """A section of "since last time": its title and figures, then a line per item, user text never markup."""
    parts: list = [(f"{section.title}: ", "bold"), section.summary]
    for line in section.lines:
        tone = TONES.get(line.tone, "")
        parts += ["\n", (f"  {line.mark} ", tone or "dim"), shown(line.subject),
                  shown(f" — {line.detail}", tone or "dim") if line.detail else ""]
    return assemble(*parts)


class StartReview(WorkspaceAccess, ModalScreen["tuple[ReviewKind, str, str, list[ReviewItem]] | None"]):
    """Names for a one-on-one, then the agenda: space ticks an item in or out, a adds one, ctrl+s starts."""

    scope = "start"
    BINDINGS = bindings("start")
    CSS_PATH = "review_start.tcss"

    def __init__(self, kind: ReviewKind) -> None:
        super().__init__()
        self.kind = kind
        self.items: list[ReviewItem] = []
        self.reading = False  # the coach is still reading the open actions' words
        self._made = 0  # how many times the agenda was made (a reading for an older one is not used)
        self._begin_when_read = False  # ctrl+s was pressed while the words were read

    def compose(self) -> ComposeResult:
        one_on_one = self.kind == ReviewKind.ONE_ON_ONE
        with Vertical(classes="dialog wide", id="start"):
            yield Static(Content("One-on-one review" if one_on_one else "Weekly review"), classes="dialog-title")
            if one_on_one:
                with Horizontal(id="people"):
                    yield Static(Content("Seller"), classes="people-label")
                    yield TextBox(seller_name(self.repo.workspace), id="seller", compact=True)
                    yield Static(Content("Manager"), classes="people-label")
                    yield TextBox(placeholder="e.g. Jill Carter, then enter", id="manager", compact=True)
                yield Static(id="manager-error", classes="error")
            with VerticalScroll(id="since"):
                yield Static(id="since-title")
                for name in SECTION_IDS:
                    yield Static(id=name, classes="since-section")
            yield Static(Content(AGENDA_LABEL), classes="field-label", id="agenda-label")
            yield SelectionList(id="agenda")
            yield Static(Content("ctrl+s start · ctrl+a add an item · tab next part · escape cancel"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill()
        target = "#manager" if self.kind == ReviewKind.ONE_ON_ONE else "#agenda"
        self.query_one(target).focus()

    def _manager(self) -> str:
        found = self.query("#manager")
        return cast(Input, found.first()).value.strip() if found else ""

    @on(Input.Submitted, "#manager")
    def _manager_entered(self) -> None:
        self._fill()
        since = self.query_one("#since")
        (since if since.display else self.query_one("#agenda")).focus()  # the one-on-one opens on what changed

    def _fill(self) -> None:
        repo, today = self.sp.repo, self.sp.today
        self.items = build_agenda(repo, today, self.kind, self._manager(), self.sp.lexicon, words=False,
                                  findings=self.sp.live.findings if self.sp.live is not None else None)
        self.query_one("#agenda", SelectionList).clear_options()
        self._list(self.items)
        self._fill_since()
        # The coach reads every open action not yet due (seconds in a large year): on a thread, while the dialog
        # answers keys; the vague ones join the agenda when read.
        waiting = waiting_actions(repo, today, self.items)
        self._made += 1  # a reading still going for the agenda made before is not used
        self.reading = len(waiting) > READ_AT_ONCE
        self.query_one("#agenda-label", Static).update(Content(
            f"{AGENDA_LABEL} · reading {plural(len(waiting), 'open action')}' words…" if self.reading
            else AGENDA_LABEL))
        if self.reading:
            self._read_words(waiting, len(self.items), self._made)
            return
        self._list(found := vague_items(waiting, today, self.sp.lexicon))
        self.items += found

    def _list(self, items: list[ReviewItem]) -> None:
        """Lists items after those listed (each option's value is its place in self.items), ticked."""
        agenda = self.query_one("#agenda", SelectionList)
        first = agenda.option_count
        agenda.add_options([(assemble(f"{ICONS[i.kind]} ", shown(i.title or i.kind), shown("  " + i.reason, "dim")),
                             first + n, True) for n, i in enumerate(items)])

    @work(thread=True, exclusive=True, group="agenda-words")
    def _read_words(self, waiting: list[Action], listed: int, made: int) -> None:
        found: list[ReviewItem] = []
        worker = get_current_worker()
        for start in range(0, len(waiting), READ_AT_A_TIME):
            if worker.is_cancelled:
                return
            found += vague_items(waiting[start:start + READ_AT_A_TIME], self.sp.today, self.sp.lexicon)
            # The coach is pure Python: between runs the thread sleeps, so a key never waits for the interpreter lock
            # behind it (without this, an arrow key took a second while the words were read).
            time.sleep(LET_KEYS_IN)
        self.app.call_from_thread(self._words_read, found, listed, made)

    def _words_read(self, found: list[ReviewItem], listed: int, made: int) -> None:
        """The vague actions join the agenda after the items it was made with (before any the seller added since),
        ticked; what the seller unticked meanwhile stays out."""
        if made != self._made or not self.is_mounted:
            return  # the agenda was made again meanwhile (the manager's name entered): its own reading follows
        agenda = self.query_one("#agenda", SelectionList)
        kept = set(agenda.selected)
        before, after = self.items[:listed], self.items[listed:]
        self.items = before + found + after
        agenda.clear_options()
        self._list(self.items)
        for old in range(len(before) + len(after)):
            if old not in kept:
                agenda.deselect(old if old < listed else old + len(found))
        self.reading = False
        self.query_one("#agenda-label", Static).update(Content(AGENDA_LABEL))
        if self._begin_when_read:
            self.action_begin()

    def _fill_since(self) -> None:
        """A one-on-one's "since last time" with this manager (the promised vs done of the last one included)."""
        since_box = self.query_one("#since", VerticalScroll)
        manager = self._manager()
        since_box.display = self.kind == ReviewKind.ONE_ON_ONE and bool(manager)
        if not since_box.display:
            return
        since = since_last(self.sp.repo, manager, self.sp.clock.now())
        title = self.query_one("#since-title", Static)
        if since is None:
            title.update(assemble(("Since last time: ", "bold"), "no earlier one-on-one with ", shown(manager),
                                  " to compare with."))
            for name in SECTION_IDS:
                self.query_one(f"#{name}", Static).update("")
            return
        title.update(assemble((heading(since), "bold $accent")))
        for name, section in zip(SECTION_IDS, sections(since, unchanged=False), strict=True):
            self.query_one(f"#{name}", Static).update(section_content(section))

    def action_add_item(self) -> None:
        repo = self.sp.repo
        choices = [(f"Deal · {d.title}", ReviewItem(kind="deal", ref_id=d.id, title=d.title, reason="added"))
                   for d in open_deals(repo.all(Deal), repo.process)]  # a closed deal has nothing to review
        choices += [(f"Objective · {o.title}", ReviewItem(kind="objective", ref_id=o.id, title=o.title, reason="added"))
                    for o in repo.all(Objective)]
        choices += [(f"Goal · {g.title}", ReviewItem(kind="goal", ref_id=g.id, title=g.title, reason="added"))
                    for g in repo.all(Goal)]
        self.app.push_screen(PickScreen("Add to the agenda", choices), self._added)

    def _added(self, item: ReviewItem | None) -> None:
        if item is None:
            return
        self.items.append(item)
        self.query_one("#agenda", SelectionList).add_option(
            (assemble(f"{ICONS[item.kind]} ", shown(item.title), ("  added", "dim")), len(self.items) - 1, True))

    def action_begin(self) -> None:
        if self.reading:  # started as soon as the agenda is whole
            self._begin_when_read = True
            self.notify("Reading the open actions' words for the agenda; the review starts when they are read.",
                        timeout=3)
            return
        manager = self._manager()
        if self.kind == ReviewKind.ONE_ON_ONE and not manager:
            error = self.query_one("#manager-error", Static)
            error.update(Content("Who is the manager in this one-on-one?"))
            error.add_class("shown")
            self.query_one("#manager").focus()
            return
        chosen = sorted(self.query_one("#agenda", SelectionList).selected)
        if not chosen:
            self.notify("The agenda is empty: keep or add at least one item.", severity="warning")
            return
        seller = (cast(Input, self.query_one("#seller")).value.strip() if self.query("#seller")
                  else seller_name(self.repo.workspace))
        self.dismiss((self.kind, seller or "me", manager, [self.items[i] for i in chosen]))

    def action_cancel(self) -> None:
        self.dismiss(None)
