"""Provides the Agenda pane: what is late and what is due this week, with each deal's planned call outcome."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core import action_ops
from ...core.dates import describe
from ...core.models import Action, Deal, Kind
from .. import screens
from ..actions import bindings
from ..text import assemble, shown
from ..widgets.kept_list import KeptList
from .base import Pane

HORIZON_DAYS = 7


class AgendaPane(Pane):
    """The week at a glance: late first, then by day; enter edits, space marks done."""

    scope = "agenda"
    watches = (Kind.ACTION, Kind.DEAL)
    BINDINGS = bindings("agenda")

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title")
        yield KeptList(id="agenda-list")

    def focus_main(self) -> None:
        self.focus_now(self.query_one("#agenda-list"))

    def reload(self) -> None:
        super().reload()
        horizon = self.today + dt.timedelta(days=HORIZON_DAYS)
        deals = {d.id: d for d in self.repo.all(Deal)}
        due = sorted((a for a in self.repo.all(Action) if a.is_open and a.due <= horizon), key=lambda a: (a.due, a.id))
        options: list[Option | None] = []
        self._ids: dict[str, int] = {}
        heading = None
        for action in due:
            group = "Late" if action.due < self.today else describe(action.due, self.today)
            if group != heading:
                if options:
                    options.append(None)
                options.append(Option(assemble((group, "bold $error" if group == "Late" else "bold $primary")),
                                      disabled=True))
                heading = group
            deal = deals.get(action.deal_id) if action.deal_id else None
            who = action.owner
            options.append(Option(assemble(
                "  ☐ ", shown(action.outcome), ("  ", ""), shown(who, "$accent"), (" → ", "dim"), shown(action.target),
                (f"  ({describe(action.due, self.today)})", "$error") if action.due < self.today else "",
                ("\n     deal: ", "dim") if deal else "", shown(deal.title, "dim") if deal else "",
                ("  · call outcome: ", "dim") if deal and deal.next_call_outcome else "",
                shown(deal.next_call_outcome, "italic") if deal and deal.next_call_outcome else "",
            ), id=f"a{action.id}"))
            self._ids[f"a{action.id}"] = action.id
        late = sum(1 for a in due if a.due < self.today)
        self.query_one("#agenda-title", Static).update(assemble(
            ("Agenda", "bold"), f"  {len(due)} open actions due within {HORIZON_DAYS} days", ("  ·  ", "dim"),
            (f"{late} late", "bold $error" if late else "$success")))
        listing = self.query_one("#agenda-list", OptionList)
        listing.set_options(options or [Option(Content("Nothing due this week. Plan ahead: press 1 for the plan."), disabled=True)])
        first = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        if first is not None:
            listing.highlighted = first

    def _selected(self) -> Action | None:
        listing = self.query_one("#agenda-list", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.repo.get(Action, self._ids[option.id]) if option.id in self._ids else None

    @on(OptionList.OptionSelected, "#agenda-list")
    def action_edit(self) -> None:
        action = self._selected()
        if action and self.writable():
            self.app.push_screen(screens.ActionForm(action))

    def action_done(self) -> None:
        action = self._selected()
        if action and self.writable():
            self.sp.apply(lambda: action_ops.complete(action, self.sp.clock))
