"""Tests the inbox: a sentence captured while the app holds the file waits there and is taken in exactly once."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.capture import inbox
from salesplan_tui.core.model.records import Action

from .workspace import CLOCK, day, open_workspace

SENTENCE = "By Friday I'll get Ana Silva at Contoso to return the signed MSA"


def test_a_captured_sentence_waits_then_becomes_one_action(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        file = inbox.leave(repo.path, SENTENCE, today=CLOCK.today(), deal_id=1)
        assert inbox.waiting(repo.path) == [file] and oct(file.stat().st_mode & 0o777) == "0o600"
        entry = inbox.read(file)
        change = inbox.change_for(entry, repo, CLOCK)
        repo.apply(change)
        inbox.taken(file)
        [action] = [a for a in repo.all(Action) if a.captured_from == SENTENCE]
        assert action.deal_id == 1 and action.due == day(4) and inbox.waiting(repo.path) == []


def test_an_entry_for_a_deal_that_is_gone_is_refused_and_set_aside(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        file = inbox.leave(repo.path, SENTENCE, today=CLOCK.today(), deal_id=99)
        try:
            inbox.change_for(inbox.read(file), repo, CLOCK)
        except ValidationFailed as e:
            assert "deal_id" in e.errors
        else:
            raise AssertionError("an action for a missing deal was accepted")
        aside = inbox.set_aside(file)
        assert aside.exists() and inbox.waiting(repo.path) == []


def test_a_damaged_entry_is_one_clear_error(tmp_path: Path) -> None:
    folder = inbox.inbox_dir(tmp_path / "w.json")
    folder.mkdir()
    bad = folder / "0-bad.json"
    bad.write_text('{"sentence": "x", "today": "soon"}')
    try:
        inbox.read(bad)
    except ValueError as e:
        assert "0-bad.json cannot be read" in str(e)
    else:
        raise AssertionError("a damaged entry was read")


def test_an_entry_that_is_a_device_or_too_large_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = inbox.inbox_dir(tmp_path / "w.json")
    folder.mkdir()
    endless = folder / "zz.json"
    endless.symlink_to("/dev/zero")
    huge = folder / "big.json"
    huge.write_bytes(b" " * (inbox.ENTRY_LIMIT + 10))
    for file, why in ((endless, "not a regular file"), (huge, "too large")):
        try:
            inbox.read(file)
        except ValueError as e:
            assert why in str(e)
        else:
            raise AssertionError(f"{file.name} was read")
