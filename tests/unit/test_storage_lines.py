"""Tests the file read a record a line: it opens to exactly what the whole-file reader gives, refuses exactly what it
refuses, and the seal never makes a malformed record valid (a hand edit in a sealed file is still one clear line)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Account, Action, Deal, Goal
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import CorruptDatabase, Repository
from salesplan_tui.core.storage.atomic import atomic_write, serialise
from salesplan_tui.core.storage.layout import split
from salesplan_tui.core.storage.loading import from_json
from salesplan_tui.core.storage.seal import holds, seal, seal_path

from .workspace import CLOCK, applied, open_workspace

SENTENCE = "By Friday I'll get Lena at Fabrikam to confirm the PO number."


def whole_file(path: Path) -> dict:
    """The workspace as the whole-file reader (parse everything, validate every record) gives it."""
    workspace, tables = from_json(path.read_bytes())
    return {"_meta": workspace, **{name: table.records() for name, table in tables.items()}}


def opened(repo: Repository) -> dict:
    snapshot = repo.snapshot()
    return {"_meta": snapshot.workspace, **snapshot.tables}


def edit_line(path: Path, old: bytes, new: bytes) -> bytes:
    """What an editor does: change some bytes of one record and save, leaving the seal as it was."""
    raw = path.read_bytes()
    assert raw.count(old) >= 1, old
    edited = raw.replace(old, new, 1)
    path.write_bytes(edited)
    return edited


def forge_seal(path: Path) -> None:
    """A seal made for whatever the file holds now (as a bug, or a tool that knew the key, might)."""
    seal(path, hashlib.blake2b(path.read_bytes()).digest())


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    with open_workspace(tmp_path, accounts=[{"id": 2, "name": "Fabrikam"}]) as repo:
        applied(repo, action_ops.complete(repo.get(Action, 1), CLOCK))
        path = repo.path
    assert split(path.read_bytes()) is not None and holds(path, hashlib.blake2b(path.read_bytes()).digest())
    return path


def test_a_sealed_file_opens_to_records_equal_to_the_whole_file_readers(sealed: Path) -> None:
    expected = whole_file(sealed)
    with Repository(sealed, read_only=True) as repo:
        assert opened(repo) == expected
    with Repository(sealed, read_only=True, lazy=True) as repo:
        assert repo.get(Action, 1) == expected["actions"][1]  # read alone, the same record
        assert opened(repo) == expected


@pytest.mark.parametrize(("old", "new", "problem"), [
    (b'"value":50000.0', b'"value":NaN', "deals #1 is invalid (value: infinity and NaN are not amounts; give a plain number such as 12500)"),
    (b'"value":50000.0', b'"value":1e999', "deals #1 is invalid (value: infinity and NaN are not amounts; give a plain number such as 12500)"),
    (b'"value":50000.0', b'"value":"lots"', "deals #1 is invalid (value: 'lots' is not a number; give one such as 12500"),
    (b'"due":"', b'"due":17,"x":"', "actions #1 is invalid ("),
    (b'"name":"Fabrikam"', b'"name":["Fabrikam"]', "accounts #2 is invalid (name: Input should be a valid string)"),
])
def test_a_hand_edit_in_a_sealed_file_is_refused_in_one_line(sealed: Path, old: bytes, new: bytes,
                                                             problem: str) -> None:
    edited = edit_line(sealed, old, new)
    for lazy in (False, True):
        with pytest.raises(CorruptDatabase) as refused:
            Repository(sealed, lazy=lazy)
        assert problem in str(refused.value) and "\n" not in str(refused.value)
    result = subprocess.run([sys.executable, "-m", "salesplan_tui", "add", SENTENCE, "--today", "2026-11-23",
                             "--db", str(sealed)], capture_output=True, timeout=60)
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1 and problem in err, err
    assert sealed.read_bytes() == edited


def test_a_seal_never_makes_a_record_valid(sealed: Path) -> None:
    edit_line(sealed, b'"value":50000.0', b'"value":NaN')
    forge_seal(sealed)
    with pytest.raises(CorruptDatabase, match=r"deals #1 is invalid \(value"):
        Repository(sealed)  # every record is validated on an ordinary opening, seal or none
    with Repository(sealed, read_only=True, lazy=True) as repo:
        assert repo.get(Account, 1) is not None  # what is read is validated; the damaged deal is not read yet
        with pytest.raises(CorruptDatabase) as refused:
            repo.all(Deal)
    assert "deal #1 is invalid" in str(refused.value) and "\n" not in str(refused.value)


def test_a_sealed_file_damaged_out_of_its_layout_is_one_line_when_the_damage_is_read(sealed: Path) -> None:
    raw = sealed.read_bytes()
    damaged = raw.replace(b'},\n    "2": {"archived"', b'}\n    "2": {"archived"', 1)  # accounts: a comma lost
    assert damaged != raw
    sealed.write_bytes(damaged)
    forge_seal(sealed)
    with pytest.raises(CorruptDatabase, match="invalid JSON at line"):
        Repository(sealed)
    with Repository(sealed, read_only=True, lazy=True) as repo, pytest.raises(CorruptDatabase) as refused:
        repo.all(Account)
    assert "its lines are not where this salesplan writes them" in str(refused.value)
    assert "\n" not in str(refused.value) and sealed.read_bytes() == damaged


def test_a_lazy_add_keeps_every_line_it_did_not_change_byte_for_byte(sealed: Path) -> None:
    before = split(sealed.read_bytes())
    result = subprocess.run([sys.executable, "-m", "salesplan_tui", "add", SENTENCE, "--today", "2026-11-23",
                             "--db", str(sealed)], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    after = split(sealed.read_bytes())
    assert before is not None and after is not None
    for name, lines in before.tables.items():
        if name != "_meta":
            assert {i: line for i, line in after.tables[name].items() if i in lines} == lines, name
    assert set(after.tables["actions"]) - set(before.tables["actions"]) == {2}
    with Repository(sealed, read_only=True) as repo:
        assert repo.get(Action, 2).captured_from == SENTENCE and opened(repo) == whole_file(sealed)


def test_a_file_in_another_layout_opens_the_same_and_its_first_write_stores_it_a_record_a_line(sealed: Path) -> None:
    expected = whole_file(sealed)
    indented = serialise(json.loads(sealed.read_bytes()))  # as an older salesplan, or a tidy tool, would write it
    atomic_write(sealed, indented)
    assert split(indented) is None
    with Repository(sealed, lazy=True) as repo:
        assert opened(repo) == expected and sealed.read_bytes() == indented  # opening changes nothing
        applied(repo, plan_ops.edit(repo, repo.get(Goal, 1), title="Grow Contoso more"))
    assert split(sealed.read_bytes()) is not None
    with Repository(sealed, read_only=True) as repo:
        assert repo.get(Goal, 1).title == "Grow Contoso more"
        assert {k: v for k, v in opened(repo).items() if k != "goals"} == {k: v for k, v in expected.items() if k != "goals"}


def test_a_record_that_would_not_read_back_is_refused_before_anything_is_written(sealed: Path) -> None:
    with Repository(sealed) as repo:
        before = sealed.read_bytes()
        goal = repo.get(Goal, 1)
        broken = goal.model_copy(update={"title": "   "})  # model_copy checks nothing; the write does
        with pytest.raises(ValidationFailed, match="title"):
            repo.apply(plan_ops.Change("rename", (broken,)))
        assert sealed.read_bytes() == before and repo.get(Goal, 1) == goal


def test_a_link_or_a_pipe_in_the_seals_place_is_never_written_through_nor_waited_on(sealed: Path,
                                                                                  tmp_path: Path) -> None:
    import os

    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    seal_path(sealed).unlink()
    seal_path(sealed).symlink_to(precious)
    with Repository(sealed) as repo:
        applied(repo, plan_ops.edit(repo, repo.get(Goal, 1), title="Written with a link in the seal's place"))
    assert precious.read_text() == "keep me"
    seal_path(sealed).unlink()
    os.mkfifo(seal_path(sealed))  # opening a pipe with no reader would block: the seal is not read nor written
    with Repository(sealed, lazy=True) as repo:
        applied(repo, plan_ops.edit(repo, repo.get(Goal, 1), title="Written with a pipe in the seal's place"))
    with Repository(sealed, read_only=True) as repo:
        assert repo.get(Goal, 1).title == "Written with a pipe in the seal's place"


def test_records_share_one_set_of_given_fields_and_a_copy_never_changes_another(sealed: Path) -> None:
    with Repository(sealed, read_only=True) as repo:
        accounts = repo.all(Account)
        assert accounts[0].__pydantic_fields_set__ is accounts[1].__pydantic_fields_set__
        shared = set(accounts[1].model_fields_set)
        copy = accounts[0].model_copy(update={"notes": "changed"})
        assert copy.notes == "changed" and accounts[1].model_fields_set == shared


def test_long_numbers_are_read_as_the_whole_file_reader_reads_them(sealed: Path) -> None:
    edit_line(sealed, b'"notes":""', b'"notes":"PO 12345678901234567890"')  # in a string: a note like any other
    with Repository(sealed, read_only=True) as repo:
        assert repo.get(Account, 1).notes == "PO 12345678901234567890"
    edit_line(sealed, b'"account_id":1', b'"account_id":18446744073709551616')  # past 64 bits: orjson makes it a float
    with pytest.raises(CorruptDatabase, match=r"deals #1 is invalid \(account_id"):
        whole_and_lines_agree(sealed)


def whole_and_lines_agree(path: Path) -> None:
    """Opens path both ways: both refuse (the line reader raising the whole-file reader's error), or both give the
    same records."""
    try:
        expected = whole_file(path)
    except ValueError:
        expected = None
    try:
        with Repository(path, read_only=True) as repo:
            got = opened(repo)
    except CorruptDatabase:
        assert expected is None, "the line reader refused what the whole-file reader takes"
        raise
    assert expected is not None, "the line reader took what the whole-file reader refuses"
    assert got == expected


TOKENS = [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"1e308", b"-0", b"0", b"1.5", b"7", b"true", b"false", b"null",
          b'""', b'"  "', b'"x"', b'"2026-12-01"', b'"2026-12-01T09:00:00"', b'"2026-12-01T09:00:00+02:00"',
          b'"\\ud800"', b'"\\u0000"', b'"\xff"', b"[]", b"{}", b'[1,"a"]', b'{"a":1}', b'"NaN"', b'"open"',
          b"9223372036854775808", b"18446744073709551616", b"1234567890123456789", b'"Discovery"', b"1e19"]
FIELDS = [b'"value"', b'"account_id"', b'"title"', b'"due"', b'"status"', b'"expected_close"', b'"name"',
          b'"strategic"', b'"deal_id"', b'"stage_history"', b'"archived"', b'"period_end"', b'"created_at"', b'"rank"']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(FIELDS), st.sampled_from(TOKENS), st.sampled_from(["replace", "repeat",
                                                                                              "id"])),
                min_size=1, max_size=3))
@example([(b'"account_id"', b"18446744073709551616", "replace")])  # past 64 bits: the readers part ways there
@example([(b'"account_id"', b"9223372036854775808", "replace")])
@example([(b'"value"', b"NaN", "id")])  # NaN in an "id" the table's key overrides: only json.loads takes it
@example([(b'"title"', b"7", "repeat")])  # the later "title" counts, in both readers
@example([(b'"title"', b'"\\ud800"', "replace")])
def test_the_line_reader_takes_exactly_what_the_whole_file_reader_takes(sealed: Path, edits: list) -> None:
    original = sealed.read_bytes()
    raw = original
    for field, token, how in edits:
        at = raw.find(field + b":")
        if at < 0:
            continue
        end = at + len(field) + 1
        if how == "replace":  # the field's value becomes the token (up to the next comma or brace: a rough cut)
            stop = min((i for i in (raw.find(b",", end), raw.find(b"}", end)) if i >= 0), default=end)
            raw = raw[:end] + token + raw[stop:]
        elif how == "repeat":  # the same field twice in one record: the last one counts
            raw = raw[:at] + field + b":" + token + b"," + raw[at:]
        else:  # an "id" inside the record, which the table's key overrides
            raw = raw[:at] + b'"id":' + token + b"," + raw[at:]
    sealed.write_bytes(raw)
    try:
        for forged in (False, True):
            if forged:
                forge_seal(sealed)
            with contextlib.suppress(CorruptDatabase):
                whole_and_lines_agree(sealed)
            try:  # lazily, under any seal: what is read is what the whole-file reader reads, or refused
                expected = whole_file(sealed)
            except ValueError:
                expected = None
            try:
                with Repository(sealed, read_only=True, lazy=True) as repo:
                    got = opened(repo)
            except CorruptDatabase:
                continue
            assert got == expected
    finally:
        sealed.write_bytes(original)
        seal_path(sealed).unlink(missing_ok=True)
