"""Provides TextBox: the one-line text box that shows control characters safely and applies keys in the order pressed."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.widgets import Input

from salesplan_tui.core.base.visible import pasted_line, visible


class ShowControls(Highlighter):
    """Draws a pasted or stored ESC as ␛ (one character for one, so the cursor stays where it is); the value is kept."""

    def highlight(self, text: Text) -> None:
        text.plain = visible(text.plain)


SHOW_CONTROLS = ShowControls()
SETTLE_WAIT = 0.5  # seconds a bound key waits at most for the app to do what its action left to it


class TextBox(Input):
    """Every text box of the app: what it holds is the user's text exactly, what it draws is safe for a terminal.

    Keys apply in the order pressed. Textual inserts a letter in the box's own queue, but a bound key (home, end,
    backspace, ctrl+u, tab, enter) travels up through every parent's queue to the app before its action runs, so a
    letter pressed after it was applied first ("Home X" gave "...X" at the end). Here a bound key's action runs in the
    box, in turn; enter calls `on_submit` at once (a Submitted message would be handled after the keys queued behind
    it); and a key queued here before the keyboard moved on (enter, tab) is passed on to where the keyboard is now.
    """

    def __init__(self, *args: Any, on_submit: Callable[[str], object] | None = None, **kwargs: Any) -> None:
        """Args:
            on_submit: called with the value when enter is pressed, before any later key is applied; without it,
                enter posts Input.Submitted as usual.
        """
        kwargs.setdefault("highlighter", SHOW_CONTROLS)
        super().__init__(*args, **kwargs)
        self.on_submit = on_submit

    async def _on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if focused is not None and focused is not self:
            # Sent before the keyboard moved on, so queued here: it goes where the keyboard is now, after the keys
            # before it (a new event: this one is stopped here).
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.is_printable:
            return  # Input's own handler inserts it, in this queue, in turn
        bound = self.screen.active_bindings.get(event.key)
        if bound is None or bound.binding.priority or not bound.enabled:
            return  # a priority key ran as it arrived; an unbound one goes its usual way
        if not await self.app.run_action(bound.binding.action, bound.node):
            return  # skipped (a box does not scroll on down): the key goes up its usual way, to the next binding
        event.stop()
        event.prevent_default()
        if self.is_attached and self.screen is self.app.screen:
            # What the action left for the app to do (a widget's focus() moves the keyboard in the app's queue) is
            # done before the next key here is applied: that key follows the keyboard. Not when the screen goes
            # (the app then waits for this box to close); bounded, should the app wait on this box another way.
            settled = asyncio.Event()
            self.app.call_later(settled.set)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(settled.wait(), SETTLE_WAIT)

    def _on_paste(self, event: events.Paste) -> None:
        # A paste is taken as its printable part: a terminal's escape sequence in it (a window title, a colour copied
        # from a terminal) is no text anyone typed, and left in it would be half shown. The terminal reader keeps a
        # paste whole (ui/paste_keeper.py); Textual's own sent part of it as keys.
        event.prevent_default()  # Input's own handler (Textual runs each class's) would insert the paste as it came
        event.stop()
        super()._on_paste(events.Paste(pasted_line(event.text)))

    async def action_submit(self) -> None:
        if self.on_submit is None:
            await super().action_submit()
            return
        done = self.on_submit(self.value)
        if inspect.isawaitable(done):
            await done
