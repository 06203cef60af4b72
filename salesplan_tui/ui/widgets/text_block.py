"""Provides TextBlock: the multi-line text box that shows control characters visibly instead of sending them on."""

# Apart from TextBox: every pane's filter line is a TextBox, and TextArea's import (its document model and
# themes) is paid only by the form that has a multi-line box.

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from salesplan_tui.core.base.visible import visible


class TextBlock(TextArea):
    """Every multi-line text box: the text is kept exactly, each line is drawn with its control characters visible."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        line.plain = visible(line.plain, multiline=True)  # one character for one: the cursor stays where it is
        return line
