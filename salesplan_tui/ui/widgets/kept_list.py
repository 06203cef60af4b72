"""Provides KeptList: an OptionList that keeps its measured lines when it is shown again at the same width."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList


class KeptList(OptionList):
    """An OptionList for a pane: switching back to the pane does not measure every option again.

    Textual sends a Resize to every widget that is shown, whatever its size, and OptionList answers each by
    dropping the heights of all its options and wrapping them again: a pane switch to a list of a thousand late
    actions spent a tenth of a second on it. Heights depend only on the width, so a Resize to the width the lines
    were measured at (the width inside the scrollbar, which comes and goes with the options) keeps them.
    """

    _measured_width: int | None = None

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width == self._measured_width:
            event.prevent_default()  # OptionList's own handler (called after this one) would drop every measured line
        self._measured_width = width

    def _update_lines(self) -> None:
        # Textual's private measuring step, and its two caches (see test_textual_canaries). A scrollbar that comes or goes changes the width inside it with no Resize: options measured before it
        # came (a list filled just after its first layout) were drawn narrower than measured, and a wrapped
        # finding lost its last line. Measured again at the width they are drawn at.
        width = self.scrollable_content_region.width
        if width and self._line_cache.lines and width != self._measured_width:
            self._line_cache.clear()
            self._option_render_cache.clear()
        if width:
            self._measured_width = width
        super()._update_lines()
