"""Tests a paste holding a terminal's escape sequence: read whole from the terminal (not half as keys), and taken by
a text box as its printable part."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.drivers import linux_driver

from salesplan_tui.core.base.visible import printable
from salesplan_tui.ui.paste_keeper import KeptPasteParser, PasteKeeper, keeping_pastes
from salesplan_tui.ui.widgets.date_input import DateInput
from salesplan_tui.ui.widgets.text_box import TextBox
from tests.conftest import TODAY

OSC = "\x1b]0;pwned\x07hello"  # retitles the window, then the text
PASTED = f"\x1b[200~{OSC}\x1b[201~"  # as the terminal sends it (tmux paste-buffer -p, a terminal's paste)


def test_textuals_reader_alone_sends_half_the_paste_as_keys() -> None:
    from textual._xterm_parser import XTermParser

    tokens = list(XTermParser().feed(PASTED))
    assert any(isinstance(t, events.Key) for t in tokens)  # why the reader below is needed: '^', ']', '0', ...


@pytest.mark.parametrize("cut", range(len(PASTED) + 1))
def test_the_reader_keeps_the_paste_whole_however_it_is_read(cut: int) -> None:
    parser = KeptPasteParser()
    chunks = [c for c in (PASTED[:cut], PASTED[cut:], "x") if c]  # an empty read is the end of input
    tokens = [t for chunk in chunks for t in parser.feed(chunk)]
    assert [type(t) for t in tokens] == [events.Paste, events.Key]
    assert tokens[0].text == OSC  # type: ignore[attr-defined]


def test_keys_outside_a_paste_are_untouched_and_escape_never_waits() -> None:
    keeper = PasteKeeper()
    assert keeper("\x1b") == "\x1b"  # the escape key, passed on at once
    assert keeper("a\x1b[A") == "a\x1b[A"
    assert keeper("\x1b[20") == "\x1b[20" and keeper("0~\x1bb\x1b[201~") == "0~\ue01bb\x1b[201~"
    assert not keeper.pasting


def test_printable_leaves_out_sequences_whole() -> None:
    assert printable(OSC) == "hello"
    assert printable("\x1b[31mred\x1b[0m [TODO] 50%") == "red [TODO] 50%"
    assert printable("\x1b]52;c;ZXZpbA==\x1b\\ok") == "ok"  # a clipboard write, ended by ESC \
    assert printable("line\tone\nline two") == "line\tone\nline two"


def test_the_app_reads_the_terminal_through_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linux_driver, "XTermParser", linux_driver.XTermParser)  # put back after the test
    assert keeping_pastes(linux_driver.LinuxDriver) is linux_driver.LinuxDriver
    assert linux_driver.XTermParser is KeptPasteParser


class Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield TextBox("Call ", id="box")
        yield DateInput(None, TODAY, id="due")


async def test_a_text_box_takes_a_pasted_sequence_as_its_printable_part() -> None:
    app = Boxes()
    async with app.run_test() as pilot:
        box = app.query_one("#box", TextBox)
        box.focus()
        box.cursor_position = len(box.value)
        box.post_message(events.Paste(OSC + "\tat Acme"))
        await pilot.pause()
        assert box.value == "Call hello at Acme"  # once, whole, nothing of the sequence
        date = app.query_one("#due-text", TextBox)
        date.focus()
        date.post_message(events.Paste("\x1b[1mFriday\x1b[0m"))
        await pilot.pause()
        assert date.value == "Friday"


async def test_a_pasted_line_break_is_a_space_in_a_one_line_box_however_the_terminal_sends_it() -> None:
    app = Boxes()
    async with app.run_test() as pilot:
        box = app.query_one("#box", TextBox)
        box.focus()
        for pasted in ("RED tab\rnewline", "RED tab\nnewline", "RED tab\r\nnewline", "RED tab \r\n\r\n  newline\r"):
            box.value = ""
            box.post_message(events.Paste(pasted))
            await pilot.pause()
            assert box.value == "RED tab newline", (pasted, box.value)  # words never run together; no line lost


async def test_an_answer_box_takes_a_paste_as_its_printable_line() -> None:
    from salesplan_tui.ui.widgets.completion_offers import AnswerBox

    class Answer(App[None]):
        def compose(self) -> ComposeResult:
            yield AnswerBox(id="answer")

    app = Answer()
    async with app.run_test() as pilot:
        box = app.query_one(AnswerBox)
        box.focus()
        box.post_message(events.Paste("By Friday\tI'll get\rLena at Acme to sign \x1b[31m[b]ok[/b]\x1b[0m"))
        await pilot.pause()
        assert box.value == "By Friday I'll get Lena at Acme to sign [b]ok[/b]"
