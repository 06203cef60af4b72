"""Provides a review's summary on screen, with export to Markdown for the one-on-one notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from salesplan_tui.core.base.errors import SalesplanError
from salesplan_tui.core.model.records import Review
from salesplan_tui.core.plan.seller_ops import named_review
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.storage.atomic import atomic_write
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.seat import written_where


class ReviewSummary(WorkspaceAccess, ModalScreen[None]):
    """Items reviewed, refusals and why, commitments, slips and skips; m writes it as a Markdown file."""

    scope = "summary"
    BINDINGS = bindings("summary")

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id

    def _review(self) -> Review | None:
        return self.sp.repo.get(Review, self.review_id)

    def compose(self) -> ComposeResult:
        review = self._review()
        text = review_markdown(self.sp.repo, named_review(review, self.sp.repo.workspace)) if review else "No such review."
        with Vertical(classes="dialog wide"):
            with VerticalScroll(id="summary-scroll"):  # ↓, PageDown and End reach every section
                yield Markdown(text, id="summary-md")
            yield Static(Content("↑ ↓ PageUp PageDown End scroll · m export as Markdown · escape close"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#summary-scroll").focus()

    def action_export(self) -> None:
        review = self._review()
        if review is None:
            return
        folder = self.sp.repo.path.parent / "reviews"
        target = folder / f"review-{review.id}-{review.started_at:%Y-%m-%d}.md"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            atomic_write(target, review_markdown(self.sp.repo, named_review(review, self.sp.repo.workspace)).encode())
        except (OSError, SalesplanError) as e:
            self.notify(f"Could not write {target}: {e}", severity="error", markup=False)
            return
        self.notify(f"Wrote {target}{written_where(self.app)}", markup=False, timeout=6)
