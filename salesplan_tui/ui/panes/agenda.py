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
    """The week at a glance: late first, then by day; enter edits, space ticks an action done (or unticks it)."""

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
        listed = sorted((a for a in self.repo.all(Action) if a.due <= horizon and (a.is_open or self._done_today(a))),
                        key=lambda a: (a.due, a.id))  # what was ticked today stays in its place, ticked
        due = [a for a in listed if a.is_open]
        ticked = len(listed) - len(due)
        rows: list[tuple[str, object]] = []  # ("heading", group), ("gap", None) or ("action", action)
        heading = None
        for action in listed:
            group = "Late" if action.due < self.today else describe(action.due, self.today)
            if group != heading:
                rows += [("gap", None)] if rows else []
                rows.append(("heading", group))
                heading = group
            rows.append(("action", action))
        late = sum(1 for a in due if a.due < self.today)
        self.query_one("#agenda-title", Static).update(assemble(
            ("Agenda", "bold"), f"  {len(due)} open actions due within {HORIZON_DAYS} days", ("  ·  ", "dim"),
            (f"{late} late", "bold $error" if late else "$success"),
            (f"  ·  ☑ {ticked} done today", "$success") if ticked else ""), layout=False)
        listing = self.query_one("#agenda-list", PagedList)
        was = listing.highlighted if self._drawn else None
        self._drawn = True
        move_on, self._move_on = self._move_on, False
        if not rows:
            listing.show([Option(Content("Nothing due this week. Plan ahead: press 1 for the plan."), disabled=True)],
                          lambda option: option, PAGE)
            return
        listing.show(rows, lambda row: self._option(row, deals), PAGE)
        # Where the cursor was (or the first item): a heading or a gap is not an item, so the next one that is.
        start = min(was, len(rows) - 1) if was is not None else 0
        item = next((i for i in range(start, len(rows)) if rows[i][0] == "action"), None)
        if move_on:  # just ticked: on to the next box still open
            still_open = [i for i, (kind, value) in enumerate(rows)
                          if i > start and kind == "action" and isinstance(value, Action) and value.is_open]
            item = still_open[0] if still_open else item
        item = item if item is not None else next(i for i in range(len(rows) - 1, -1, -1) if rows[i][0] == "action")
        listing.show_index(item)

    _drawn = False
    _move_on = False  # an action was just ticked: the cursor goes on to the next open one

    def _done_today(self, action: Action) -> bool:
        return action.completed_at is not None and action.completed_at.astimezone().date() == self.today

    def _option(self, row: tuple[str, object], deals: dict[int, Deal]) -> Option | None:
        kind, value = row
        if kind == "gap":
            return None
        if kind == "heading":
            return Option(assemble((str(value), "bold $error" if value == "Late" else "bold $primary")), disabled=True)
        action = value
        assert isinstance(action, Action)
        deal = deals.get(action.deal_id) if action.deal_id else None
        # Ticked or not is told by the box's glyph and a word, not by colour alone: a monochrome terminal, the
        # high-contrast theme and a reader who does not tell red from green all see it.
        box = ("  ☐ ", "") if action.is_open else ("  ☑ ", "bold $success")
        return Option(assemble(
            box, shown(action.outcome, "" if action.is_open else "strike"), ("  ", ""),
            ("done  ", "bold $success") if not action.is_open else "", shown(action.owner, "$accent"), (" → ", "dim"),
            shown(action.target),
            (f"  ({describe(action.due, self.today)})", "$error") if action.due < self.today and action.is_open else "",
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
        """space: ticks the action done, or unticks one ticked today (it is open again)."""
        action = self._selected()
        if action and self.writable():
            self._move_on = action.is_open
            if self.sp.apply(lambda: action_ops.toggle_done(action, self.sp.clock)) is None:
                self._move_on = False
