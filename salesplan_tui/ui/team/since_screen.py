"""Provides the manager's view of a rep before a one-on-one: "since last time" and the agenda it would walk now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from salesplan_tui.core.model.records import Review, ReviewKind
from salesplan_tui.core.review.agenda import build_agenda
from salesplan_tui.core.review.since_last import since_last
from salesplan_tui.core.review.since_last_lines import heading, sections
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.screens.review_start import ICONS, section_content
from salesplan_tui.ui.text import assemble, shown


def last_manager(reviews: list[Review]) -> str:
    """The manager of the rep's last finished one-on-one ("" when there was none)."""
    held = [r for r in reviews if r.kind == ReviewKind.ONE_ON_ONE and r.ended_at is not None]
    return max(held, key=lambda r: (r.ended_at, r.id)).manager if held else ""


class SinceLastTime(WorkspaceAccess, ModalScreen[None]):
    """What changed since the rep's last one-on-one (promised against done, the pipeline, the plan), then the agenda
    a one-on-one would walk today: what the one-on-one's start screen shows, read-only, without starting one."""

    scope = "since"
    BINDINGS = bindings("since")

    def compose(self) -> ComposeResult:
        repo = self.sp.repo
        manager = last_manager(repo.all(Review))
        with Vertical(classes="dialog wide", id="since-last"):
            if not manager:
                yield Static(Content("No one-on-one held yet: nothing to compare with."), classes="dialog-title")
            with VerticalScroll():
                since = since_last(repo, manager, self.sp.clock.now()) if manager else None
                if since is not None:
                    yield Static(assemble((heading(since), "bold $accent")), id="since-heading")
                    for section in sections(since, unchanged=False):
                        yield Static(section_content(section), classes="since-section")
                items = build_agenda(repo, self.sp.today, ReviewKind.ONE_ON_ONE, manager, self.sp.lexicon)
                lines: list = [("\nThe agenda a one-on-one would walk today, most urgent first", "bold")]
                for item in items:
                    lines += ["\n", f"{ICONS[item.kind]} ", shown(item.title or item.kind), shown("  " + item.reason, "dim")]
                yield Static(assemble(*lines), id="since-agenda")
            yield Static(Content("escape closes · the one-on-one itself is held in the rep's own app"),
                         classes="dialog-hint")
