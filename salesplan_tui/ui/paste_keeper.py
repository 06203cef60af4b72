"""Provides the terminal input reader that keeps a bracketed paste whole when it holds an escape sequence.

Textual's reader (XTermParser) takes an ESC inside a paste for the start of a key's sequence: what follows it up to
the next ESC is sent as keys (the ESC itself as "^"), and only the rest as the paste. A pasted `ESC ] 0 ; pwned BEL
hello` arrived as the keys `^]0;pwned`, ctrl+g (lost) and `hello`, and an empty paste: half of it typed, half eaten.
Here each ESC between the paste's start and end markers is handed to Textual's reader as a stand-in character, so the
paste reaches the text box in one piece, and the stand-in is turned back into ESC in the paste; the text box then
keeps the printable part (TextBox, core/base/visible.printable).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

ESC = "\x1b"
START, END = "\x1b[200~", "\x1b[201~"  # bracketed paste's markers, as the terminal sends them
STAND_IN = "\ue01b"  # a private-use character: no terminal sends it, no keyboard types it


class PasteKeeper:
    """Follows the input in the chunks it is read in, and replaces each ESC inside a bracketed paste by STAND_IN."""

    def __init__(self) -> None:
        self.pasting = False
        self._held = ""  # the start of an end marker cut by the end of a chunk, kept for the next one
        self._seen = ""  # the start of a start marker at the end of a chunk (already passed on, as is)

    def __call__(self, data: str) -> str:
        data, self._held = self._held + data, ""
        out: list[str] = []
        i = 0
        if not self.pasting and self._seen and data.startswith(START[len(self._seen):]):
            out.append(START[len(self._seen):])
            i = len(START) - len(self._seen)
            self.pasting = True
        self._seen = ""
        while i < len(data):
            marker = END if self.pasting else START
            if data.startswith(marker, i):
                out.append(marker)
                i += len(marker)
                self.pasting = not self.pasting
                continue
            rest = data[i:]
            if data[i] == ESC and marker.startswith(rest):  # the chunk ends inside a marker
                if self.pasting:
                    self._held = rest  # the reader waits for the end marker anyway: nothing is delayed
                    break
                self._seen = rest  # a key (escape) must never wait: passed on, and the rest looked for next time
            out.append(STAND_IN if self.pasting and data[i] == ESC else data[i])
            i += 1
        return "".join(out)


class KeptPasteParser(XTermParser):
    """Textual's reader, fed through a PasteKeeper: a paste holding escape sequences arrives whole, as one Paste."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keeper = PasteKeeper()

    def feed(self, data: str) -> Iterable[Message]:
        for token in super().feed(self._keeper(data) if data else data):
            if isinstance(token, events.Paste) and STAND_IN in token.text:
                yield events.Paste(token.text.replace(STAND_IN, ESC))
            else:
                yield token


def keeping_pastes(driver_class: type[Driver]) -> type[Driver]:
    """The driver class, its terminal reader made a KeptPasteParser when it is Textual's Linux one (the terminal app;
    the headless driver of the tests and the web driver read no terminal). Textual's Linux driver makes its reader by
    the module's own name for it, in the middle of its input thread, so that name is what is pointed at ours."""
    from textual.drivers import linux_driver

    if issubclass(driver_class, linux_driver.LinuxDriver) and linux_driver.XTermParser is XTermParser:
        linux_driver.XTermParser = KeptPasteParser  # type: ignore[misc]  # the one reader it makes, see above
    return driver_class
