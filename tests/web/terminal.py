"""Provides Terminal: just enough of a terminal to read the text an app drew (cursor moves and characters)."""

from __future__ import annotations

import codecs
import re
import unicodedata

# One escape sequence: CSI (with its parameters and final byte), OSC or DCS (up to BEL or ST), or a two-byte ESC.
SEQUENCE = re.compile(r"\x1b\[([0-9;?<=>!$ ]*)([@-~])|\x1b[\]P][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


class Terminal:
    """A grid of characters fed with what the app wrote; colours and modes are ignored, only the text is kept."""

    def __init__(self, width: int = 100, height: int = 30) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self._pending = ""
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode  # a character split between packets

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decode(data)
        self._pending = ""
        cut = text.rfind("\x1b")
        if cut != -1 and not _complete(text, cut):  # a sequence split between two packets: wait for the rest
            text, self._pending = text[:cut], text[cut:]
        at = 0
        for match in SEQUENCE.finditer(text):
            self._write(text[at:match.start()])
            if match.group(2):
                self._control(match.group(1), match.group(2))
            at = match.end()
        self._write(text[at:])

    def _control(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params and params[0].isdigit() else []
        first = numbers[0] if numbers else 0
        if final in "Hf":
            self.y = (numbers[0] if numbers and numbers[0] else 1) - 1
            self.x = (numbers[1] if len(numbers) > 1 and numbers[1] else 1) - 1
        elif final == "G":
            self.x = max(first, 1) - 1
        elif final == "A":
            self.y -= max(first, 1)
        elif final == "B":
            self.y += max(first, 1)
        elif final == "C":
            self.x += max(first, 1)
        elif final == "D":
            self.x -= max(first, 1)
        elif final == "J" and first == 2:
            self.rows = [[" "] * self.width for _ in range(self.height)]
        self.x = min(max(self.x, 0), self.width - 1)
        self.y = min(max(self.y, 0), self.height - 1)

    def _write(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif char >= " ":
                if 0 <= self.y < self.height and 0 <= self.x < self.width:
                    self.rows[self.y][self.x] = char
                wide = unicodedata.east_asian_width(char) in "WF"
                self.x += 2 if wide else 1
                if wide and self.x - 1 < self.width:
                    self.rows[self.y][self.x - 1] = ""
                self.x = min(self.x, self.width)

    @property
    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)

    def block(self, start: str, rows: int = 6) -> str:
        """The text of a box that begins with `start` (a toast): from its column, down `rows` rows, as one line."""
        for y, row in enumerate(self.rows):
            x = "".join(row).find(start)
            if x != -1:
                return " ".join(" ".join("".join(line[x:]).split()) for line in self.rows[y:y + rows]).strip()
        return ""


def _complete(text: str, start: int) -> bool:
    """True when the escape sequence at `start` is whole ("\x1b[" alone is the start of a CSI, not a two-byte ESC)."""
    match = SEQUENCE.match(text, start)
    if match is None:
        return False
    opener = text[start + 1:start + 2]
    return opener not in "[]P" or match.end() - start > 2 or (opener == "[" and match.group(2) is not None)
