"""Provides visible(): user text with its control characters shown as symbols, so no terminal ever obeys them."""

from __future__ import annotations

import re

# C0 controls become their Unicode "control pictures" (ESC → ␛), DEL → ␡, and the C1 controls (which some
# terminals also obey) the replacement character. The stored text never changes: only what is shown.
# Bidirectional overrides and isolates reorder what is shown around them ("Trojan source"): shown as � too.
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_SINGLE_LINE = ({code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
                | dict.fromkeys([*range(128, 160), *_BIDI], 65533))
_MULTI_LINE = {code: shown for code, shown in _SINGLE_LINE.items() if code not in (0x0A, 0x09)}


def visible(text: str, *, multiline: bool = False) -> str:
    """The text as it may be shown on a terminal: control characters made visible (newlines and tabs kept when
    multiline, shown as ␊ and ␉ otherwise, so a one-line label stays one line)."""
    return str(text).translate(_MULTI_LINE if multiline else _SINGLE_LINE)


# A terminal's escape sequences: CSI (ESC [ … final), OSC, DCS, SOS, PM and APC (ESC ] … BEL or ESC \, up to
# the next ESC when unended), and the two-character ones (ESC 7, ESC c).
_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Pasted text as a text box takes it: terminal escape sequences (a window title, a colour) left out whole, and
    other control characters too; tabs and line breaks are kept, a carriage return read as the line break it is (a
    terminal, tmux among them, pastes line breaks as carriage returns)."""
    return _CONTROLS.sub("", _SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))


def pasted_line(text: str) -> str:
    """Pasted text for a one-line box: its printable part, its lines joined by a space (words never run together, and
    no line is lost), tabs as spaces."""
    return re.sub(r"[ \t]*\n+[ \t]*", " ", printable(text).strip("\n")).replace("\t", " ")


def one_line(text: object) -> str:
    """User text for one line of a document or a listing: its runs of white space made one space, controls visible."""
    return visible(" ".join(str(text).split()))


def figure(value: float) -> str:
    """A number as a document prints it: '1,250' when whole, '1,250.50' when not."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
