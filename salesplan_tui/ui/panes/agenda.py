"""Provides the Agenda pane: what is late and what is due this week, with each deal's planned call outcome."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.model.records import Action, Deal, Kind
from salesplan_tui.core.plan import action_ops
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.panes.base import Pane
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.paged_list import PagedList

HORIZON_DAYS = 7
PAGE = 60  # lines of the agenda drawn at first (more as the cursor nears them): a year can have a thousand late


class AgendaPane(Pane):
    """The week at a glance: late first, then by day; enter edits, space marks done."""

    scope = "agenda"
    watches = (Kind.ACTION, Kind.DEAL)
    BINDINGS = bindings("agenda")

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title")
        yield PagedList(id="agenda-list")

    def focus_main(self) -> None:
        self.focus_now(self.query_one("#agenda-list"))

    def reload(self) -> None:
        """Lists what is late and due this week; a long list draws its first page, the rest as the cursor nears it.

        After a change the cursor stays on its line (the next item once one is done), not back at the top."""
        super().reload()
        horizon = self.today + dt.timedelta(days=HORIZON_DAYS)
        deals = {d.id: d for d in self.repo.all(Deal)}
        due = sorted((a for a in self.repo.all(Action) if a.is_open and a.due <= horizon), key=lambda a: (a.due, a.id))
        rows: list[tuple[str, object]] = []  # ("heading", group), ("gap", None) or ("action", action)
        heading = None
        for action in due:
            group = "Late" if action.due < self.today else describe(action.due, self.today)
            if group != heading:
                rows += [("gap", None)] if rows else []
                rows.append(("heading", group))
                heading = group
            rows.append(("action", action))
        late = sum(1 for a in due if a.due < self.today)
        self.query_one("#agenda-title", Static).update(assemble(
            ("Agenda", "bold"), f"  {len(due)} open actions due within {HORIZON_DAYS} days", ("  ·  ", "dim"),
            (f"{late} late", "bold $error" if late else "$success")), layout=False)
        listing = self.query_one("#agenda-list", PagedList)
        was = listing.highlighted if self._drawn else None
        self._drawn = True
        if not rows:
            listing.show([Option(Content("Nothing due this week. Plan ahead: press 1 for the plan."), disabled=True)],
                          lambda option: option, PAGE)
            return
        listing.show(rows, lambda row: self._option(row, deals), PAGE)
        # Where the cursor was (or the first item): a heading or a gap is not an item, so the next one that is.
        start = min(was, len(rows) - 1) if was is not None else 0
        item = next((i for i in range(start, len(rows)) if rows[i][0] == "action"), None)
        item = item if item is not None else next(i for i in range(len(rows) - 1, -1, -1) if rows[i][0] == "action")
        listing.show_index(item)

    _drawn = False

    def _option(self, row: tuple[str, object], deals: dict[int, Deal]) -> Option | None:
        kind, value = row
        if kind == "gap":
            return None
        if kind == "heading":
            return Option(assemble((str(value), "bold $error" if value == "Late" else "bold $primary")), disabled=True)
        action = value
        assert isinstance(action, Action)
        deal = deals.get(action.deal_id) if action.deal_id else None
        return Option(assemble(
            "  ☐ ", shown(action.outcome), ("  ", ""), shown(action.owner, "$accent"), (" → ", "dim"),
            shown(action.target),
            (f"  ({describe(action.due, self.today)})", "$error") if action.due < self.today else "",
            ("\n     deal: ", "dim") if deal else "", shown(deal.title, "dim") if deal else "",
            ("  · call outcome: ", "dim") if deal and deal.next_call_outcome else "",
            shown(deal.next_call_outcome, "italic") if deal and deal.next_call_outcome else "",
        ), id=f"a{action.id}")

    def _selected(self) -> Action | None:
        listing = self.query_one("#agenda-list", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.repo.get(Action, int(option.id[1:])) if option.id and option.id.startswith("a") else None

    @on(OptionList.OptionSelected, "#agenda-list")
    def action_edit(self) -> None:
        action = self._selected()
        if action and self.writable():
            self.app.push_screen(screens.ActionForm(action))

    def action_done(self) -> None:
        action = self._selected()
        if action and self.writable():
            self.sp.apply(lambda: action_ops.complete(action, self.sp.clock))
