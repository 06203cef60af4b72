"""Provides PaneTabs: the app's tabbed panes, with the tab underline moved in the frame the pane changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widgets import TabbedContent

if TYPE_CHECKING:
    from textual.widgets._tabs import Underline  # not exported by name (see test_textual_canaries)


class PaneTabs(TabbedContent):
    """TabbedContent whose underline is under the new tab in the first frame that shows the new pane.

    Textual moves the underline after the next refresh, so every pane switch drew one frame with the underline
    under the old tab and another to move it. The tabs do not move when one is activated, so where the new tab
    is drawn is known at once.
    """

    def show(self, name: str) -> None:
        """Shows a pane, its tab underlined in the same frame."""
        self.active = name
        self.underline_active()

    def on_tabbed_content_tab_activated(self) -> None:
        self.underline_active()  # a tab clicked

    def underline_active(self) -> None:
        underline = self.query("Underline")  # Textual's own widget under the tabs (not exported by name)
        tab = self.query(f"#--content-tab-{self.active}")
        if underline and tab and tab.first().region:
            active = tab.first()
            start, end = active.virtual_region.shrink(active.styles.gutter).column_span
            first = cast("Underline", underline.first())
            first.highlight_start, first.highlight_end = start, end
