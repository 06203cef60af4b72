"""Provides starting a review: who is in it, then the agenda to walk (add or drop items before starting)."""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static

from ...core.models import Deal, Goal, Objective, ReviewItem, ReviewKind
from ...core.review import build_agenda, commitments, previous_review
from ..access import WorkspaceAccess
from ..actions import bindings
from ..text import assemble, shown
from ..widgets.text_box import TextBox
from .dialogs import PickScreen

ICONS = {"action": "☐", "deal": "$", "objective": "●", "goal": "◆", "category": "▣", "commitment": "↺"}


class StartReview(WorkspaceAccess, ModalScreen["tuple[ReviewKind, str, str, list[ReviewItem]] | None"]):
    """Names for a one-on-one, then the agenda: space ticks an item in or out, a adds one, ctrl+s starts."""

    scope = "start"
    BINDINGS = bindings("start")

    def __init__(self, kind: ReviewKind) -> None:
        super().__init__()
        self.kind = kind
        self.items: list[ReviewItem] = []

    def compose(self) -> ComposeResult:
        one_on_one = self.kind == ReviewKind.ONE_ON_ONE
        with Vertical(classes="dialog wide"):
            yield Static(Content("One-on-one review" if one_on_one else "Weekly review"), classes="dialog-title")
            if one_on_one:
                yield Static(Content("Seller"), classes="field-label")
                yield TextBox("me", id="seller", compact=True)
                yield Static(Content("Manager"), classes="field-label")
                yield TextBox(placeholder="e.g. Jill Carter, then enter", id="manager", compact=True)
                yield Static(id="manager-error", classes="error")
            yield Static(id="promised")
            yield Static(Content("Agenda, most urgent first (space drops or keeps an item)"), classes="field-label")
            yield SelectionList(id="agenda")
            yield Static(Content("ctrl+s starts · ctrl+a adds an item · escape cancels"), classes="dialog-hint")

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
        self.query_one("#agenda").focus()

    def _fill(self) -> None:
        repo, today = self.sp.repo, self.sp.today
        self.items = build_agenda(repo, today, self.kind, self._manager(), self.sp.lexicon)
        agenda = self.query_one("#agenda", SelectionList)
        agenda.clear_options()
        agenda.add_options([(assemble(f"{ICONS[i.kind]} ", shown(i.title or i.kind), shown("  " + i.reason, "dim")),
                             n, True) for n, i in enumerate(self.items)])
        promised = self.query_one("#promised", Static)
        last = previous_review(repo, self.kind, self._manager()) if self._manager() else None
        if last is None:
            promised.update("")
            return
        kept = commitments(repo, last)
        parts: list = [(f"Promised vs done since {last.started_at:%d %b}: ", "bold"),
                       f"{sum(1 for _, k in kept if k)} of {len(kept)} kept\n"]
        for action, was_kept in kept:
            parts += [("  ✓ " if was_kept else "  ✗ ", "$success" if was_kept else "$error"), shown(action.outcome),
                      shown(f"  ({action.owner}, {action.due.isoformat()})\n", "dim", multiline=True)]
        promised.update(assemble(*parts))

    def action_add_item(self) -> None:
        repo = self.sp.repo
        choices = [(f"Deal · {d.title}", ReviewItem(kind="deal", ref_id=d.id, title=d.title, reason="added"))
                   for d in repo.all(Deal)]
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
        manager = self._manager()
        if self.kind == ReviewKind.ONE_ON_ONE and not manager:
            self.query_one("#manager-error", Static).update(Content("Who is the manager in this one-on-one?"))
            self.query_one("#manager").focus()
            return
        chosen = sorted(self.query_one("#agenda", SelectionList).selected)
        if not chosen:
            self.notify("The agenda is empty: keep or add at least one item.", severity="warning")
            return
        seller = cast(Input, self.query_one("#seller")).value.strip() if self.query("#seller") else "me"
        self.dismiss((self.kind, seller or "me", manager, [self.items[i] for i in chosen]))

    def action_cancel(self) -> None:
        self.dismiss(None)
