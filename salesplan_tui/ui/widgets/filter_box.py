"""Provides FilterBox: a filter line hidden until opened; enter applies it, escape clears it."""

from __future__ import annotations

from textual.message import Message

from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.widgets.text_box import TextBox


class FilterBox(TextBox):
    """The `/` filter of a pane. Posts Applied with the text (empty when cleared); the pane calls set_text."""

    BINDINGS = bindings("filter")

    class Applied(Message):
        def __init__(self, box: FilterBox, text: str) -> None:
            super().__init__()
            self.box = box
            self.text = text

    def __init__(self, placeholder: str, *, id: str) -> None:
        super().__init__(placeholder=placeholder, id=id, classes="hidden")

    def open(self) -> None:
        self.remove_class("hidden")
        if self.app.screen is self.screen:
            # Focused in this turn (Widget.focus waits for the next), so the box and its keys show in one frame.
            self.screen.set_focus(self, scroll_visible=False)
        else:
            self.focus()

    def set_text(self, text: str) -> None:
        """Shows the filter in force (hidden when there is none) without applying it again."""
        self.value = text
        self.set_class(not text.strip(), "hidden")

    def action_clear(self) -> None:
        self._apply("")

    async def action_submit(self) -> None:
        self._apply(self.value)

    def _apply(self, text: str) -> None:
        # The pane shows the filter in force (set_text) as it applies it: the box closing and the result are
        # drawn in one frame, not the box a frame before the result.
        self.post_message(self.Applied(self, text))
