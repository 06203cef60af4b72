"""Tests trust, round three (issue 22): what a disk, a shared folder and other programs do to the guarantees.

Each test is one numbered item of the issue, tried the way it broke: files beside the backups, FIFOs and endless
files in their folder, an inbox taken in twice, two restores in one second, a lock held by a command, an inbox
folder others can write, a forged seal, values the app took and could not use, messages and exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesplan_tui.cli.main import cli
from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.capture import inbox, quick
from salesplan_tui.core.exchange import plan_export
from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.model.records import Action, Review
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.storage import CorruptDatabase, Repository, StorageError
from salesplan_tui.core.storage.backups import backup_dir, list_backups, newest_good_backup
from salesplan_tui.core.storage.lock import WriterLock
from salesplan_tui.core.storage.restore import restore
from salesplan_tui.core.storage.schema import file_problem
from tests.conftest import TODAY

from .workspace import document

CLOCK = Clock.on(TODAY)
SENTENCE = "By Friday I'll get Ana Silva at Contoso to return the signed MSA"
QUICK = 20  # seconds: a command that takes longer than this hangs


def backup_name(moment: dt.datetime) -> str:
    """A name as salesplan gives its backups."""
    return f"{moment:%Y%m%d-%H%M%S-%f}.json"


def workspace_with_backups(tmp_path: Path, sessions: int = 2) -> Path:
    """A workspace (the test document) with one backup per writing session after the first."""
    path = tmp_path / "workspace.json"
    with Repository(path) as repo:
        repo.replace_all(from_document(document()))
    for n in range(sessions):
        with Repository(path) as repo:
            action = repo.get(Action, 1)
            assert action is not None
            repo.apply(_renamed(action, f"get the MSA back, take {n}"))
    return path


def _renamed(action: Action, outcome: str):  # a change of one action's outcome
    from salesplan_tui.core.model.change import Change

    return Change("rename", [action.model_copy(update={"outcome": outcome})])


def run(*args: str, timeout: float = QUICK) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "salesplan_tui", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("salesplan: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def damage(path: Path) -> None:
    path.write_bytes(b'{"_meta": {"1": {"schema_version": 2}}, "goals": {"1": {"title": ""}}}')


# ----- 1. backups pushed out by other files ------------------------------------------------------------


def test_1_files_salesplan_did_not_write_never_push_a_backup_out_and_never_count(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path)
    assert len(list_backups(path)) == 3  # the new file's, and one per session
    folder = backup_dir(path)
    others = {name: f"{{\"not\": \"{name}\"}}".encode() for name in
              ("zz1.json", "zz2.json", "zz3.json", "zz4.json", "zz5.json", "manual.json", "sync-copy (1).json",
               "99991231-235959-999999.json.part",
               "29990101-000000-000000.json")}  # the last: a backup's name made up to sort after every backup
    for name, content in others.items():
        (folder / name).write_bytes(content)
    (folder / backup_name(dt.datetime.now())).symlink_to(path)  # a link with a backup's name is not a backup
    for n in range(5):
        with Repository(path) as repo:
            action = repo.get(Action, 1)
            assert action is not None
            repo.apply(_renamed(action, f"again {n}"))
    kept = list_backups(path)
    assert len(kept) == 5 and all(p.parent == folder and not p.is_symlink() for p in kept)
    assert not {p.name for p in kept} & set(others)
    assert all((folder / name).read_bytes() == content for name, content in others.items())
    damage(path)
    with pytest.raises(CorruptDatabase) as caught:
        Repository(path)
    assert caught.value.backup == kept[0]


# ----- 2. hangs and memory blow-ups from the backups folder ---------------------------------------------


def _hostile_backups(path: Path) -> Path:
    """A FIFO, a link to /dev/zero and a 3 GB sparse file, each named as the newest backups; returns the FIFO."""
    folder = backup_dir(path)
    soon = dt.datetime.now() + dt.timedelta(hours=1)
    fifo = folder / backup_name(soon + dt.timedelta(seconds=3))
    os.mkfifo(fifo)
    (folder / backup_name(soon + dt.timedelta(seconds=2))).symlink_to("/dev/zero")
    with open(folder / backup_name(soon + dt.timedelta(seconds=1)), "wb") as sparse:
        sparse.truncate(3_000_000_000)
    return fifo


def test_2_a_fifo_dev_zero_and_a_huge_sparse_file_in_the_backups_never_hang_nor_blow_up(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path)
    good = list_backups(path)[0]
    fifo = _hostile_backups(path)
    listed = run("restore", "--db", str(path))
    assert listed.returncode == 0 and str(good) in listed.stdout, listed.stderr
    assert str(fifo) not in listed.stdout  # a FIFO is no backup, nor a link: never opened
    damage(path)
    for args in (("check",), ("add", SENTENCE), ("export",)):
        message = one_line(run(*args, "--db", str(path)))
        assert f"Newest good backup: {good}" in message
    message = one_line(run("restore", str(fifo), "--db", str(path)))
    assert "not a regular file" in message
    restored = run("restore", "--latest", "--db", str(path))
    assert restored.returncode == 0 and f"Restored {good}" in restored.stderr, restored.stderr


def test_2_every_file_is_read_through_the_one_bounded_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    sparse = tmp_path / "huge.json"
    with open(sparse, "wb") as out:
        out.truncate(3_000_000_000)
    for file in (fifo, sparse, Path("/dev/zero")):
        problem = file_problem(file)  # what vets a backup, a restore source
        assert problem is not None and "\n" not in problem
    one_line(run("import", str(fifo), "--db", str(tmp_path / "w.json")))


# ----- 3. intake exactly once ---------------------------------------------------------------------------


def test_3_an_entry_whose_action_was_saved_before_a_kill_is_never_taken_in_twice(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    file = inbox.leave(path, SENTENCE, today=TODAY, deal_id=1)
    with Repository(path) as repo:
        repo.apply(inbox.change_for(inbox.read(file), repo, CLOCK))  # saved; then killed before the entry went
    assert file.exists()
    with Repository(path) as repo:
        assert inbox.take_in_all(repo, CLOCK) == []
        assert len([a for a in repo.all(Action) if a.captured_from == SENTENCE]) == 1
    assert inbox.waiting(path) == []


# ----- 4. restore keeps every pre-restore copy ----------------------------------------------------------


def test_4_two_restores_in_one_second_keep_both_pre_restore_copies(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path)
    first, second = b"first", b"second"
    path.write_bytes(first)
    _, kept_first = restore(path, None, latest=True)
    path.write_bytes(second)
    _, kept_second = restore(path, None, latest=True)
    assert kept_first is not None and kept_second is not None and kept_first != kept_second
    assert kept_first.read_bytes() == first and kept_second.read_bytes() == second


# ----- 5. `add` says "the app is open" only when it is --------------------------------------------------


def _hold(path: Path, role: str, seconds: float) -> threading.Thread:
    lock = WriterLock(path, role=role) if role != "command" else WriterLock(path)  # a command is the default
    assert lock.acquire()
    holder = threading.Timer(seconds, lock.release)
    holder.start()
    return holder


def test_5_add_waits_for_a_command_holding_the_lock_and_writes(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    holder = _hold(path, "command", quick.INBOX_WAIT + 1.0)
    captured = quick.add(path, SENTENCE, today=TODAY, clock=CLOCK)
    holder.join()
    assert not captured.left_in_inbox and captured.action is not None
    assert inbox.waiting(path) == []


def test_5_add_leaves_the_action_in_the_inbox_only_when_the_app_is_the_writer(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    holder = _hold(path, "app", quick.INBOX_WAIT + 0.5)
    captured = quick.add(path, SENTENCE, today=TODAY, clock=CLOCK)
    holder.join()
    assert captured.left_in_inbox and len(inbox.waiting(path)) == 1


def test_5_check_and_export_mention_waiting_inbox_entries(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    inbox.leave(path, SENTENCE, today=TODAY)
    for args in (["check", "--today", TODAY.isoformat()], ["export", "--format", "csv"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(path)])
        assert "1 captured action waits in the inbox" in result.stderr, (args, result.output)


# ----- 6. the inbox is the owner's ---------------------------------------------------------------------


def test_6_a_new_inbox_is_private(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    inbox.leave(path, SENTENCE, today=TODAY)
    assert stat.S_IMODE(inbox.inbox_dir(path).stat().st_mode) == 0o700


@pytest.mark.parametrize("how", ["writable by others", "a symlink", "owned by another user"])
def test_6_an_inbox_others_can_write_is_refused_in_one_line(tmp_path: Path, how: str) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    folder = inbox.inbox_dir(path)
    if how == "a symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.symlink_to(elsewhere)
    else:
        folder.mkdir(mode=0o700)
        if how == "writable by others":
            folder.chmod(0o777)
        elif os.getuid() == 0:
            os.chown(folder, 65534, 65534)
        else:
            pytest.skip("needs root to make a folder another user owns")
    planted = (folder / "20260101T000000000000-evil.json")
    os.umask(old := os.umask(0))
    try:
        planted.write_text(json.dumps({"sentence": SENTENCE, "today": TODAY.isoformat()}))
    finally:
        os.umask(old)
    with pytest.raises(StorageError) as caught:
        inbox.waiting(path)
    assert str(folder) in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(StorageError):
        inbox.leave(path, SENTENCE, today=TODAY)
    captured = quick.add(path, SENTENCE, today=TODAY, clock=CLOCK)  # no app open: add writes, and says why it
    assert captured.action is not None and any(str(folder) in w for w in captured.warnings)  # left the inbox
    with Repository(path, read_only=True) as repo:
        assert len([a for a in repo.all(Action) if a.captured_from == SENTENCE]) == 1  # the planted one not taken
    assert planted.exists()


# ----- 7. the seal cannot be forged ---------------------------------------------------------------------


def _public_key_seal(path: Path) -> None:
    """What any program could write as the seal before: a key made of public data only."""
    import pydantic
    import pydantic_core

    from salesplan_tui.core.model import records
    from salesplan_tui.core.model.version import SCHEMA_VERSION
    from salesplan_tui.core.storage.seal import LAYOUT, seal_path

    parts = [Path(records.__file__).read_bytes(), LAYOUT, str(SCHEMA_VERSION).encode(), pydantic.VERSION.encode(),
             pydantic_core.__version__.encode()]
    key = hashlib.blake2b(b"\0".join(parts), digest_size=32).digest()
    digest = hashlib.blake2b(path.read_bytes()).digest()
    seal_path(path).write_text(hashlib.blake2b(digest, key=key, digest_size=32).hexdigest() + "\n")


def test_7_a_forged_seal_never_gets_a_bad_record_written_back(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    raw = path.read_bytes()
    assert b'"target":10.0' in raw
    path.write_bytes(raw.replace(b'"target":10.0', b'"target":1e999', 1))
    _public_key_seal(path)
    forged = path.read_bytes()
    with pytest.raises(CorruptDatabase) as caught:
        quick.add(path, SENTENCE, today=TODAY, clock=CLOCK)
    assert "objectives #1" in str(caught.value) and "target" in str(caught.value)
    assert path.read_bytes() == forged


def test_7_the_seal_secret_is_private_and_random(tmp_path: Path) -> None:
    from salesplan_tui.core.storage import seal

    secret = seal.secret_path()
    workspace_with_backups(tmp_path, sessions=0)
    assert secret.exists() and stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes().strip()) >= 32


# ----- 8. values the app takes and can use --------------------------------------------------------------


def _hand_written(tmp_path: Path, edit) -> Path:
    """The test document as a TinyDB file written by hand (not in salesplan's layout), after `edit`."""
    from salesplan_tui.core.storage.schema import encode

    data = json.loads(json.dumps(encode(from_document(document()))))
    text = edit(data) if callable(edit) else None
    path = tmp_path / "workspace.json"
    path.write_text(text if isinstance(text, str) else json.dumps(data))
    return path


def _ours(tmp_path: Path, old: bytes, new: bytes) -> Path:
    """The test document as salesplan writes it, with one line changed (no seal: it is a hand edit)."""
    path = workspace_with_backups(tmp_path, sessions=0)
    raw = path.read_bytes()
    assert old in raw, raw[:2000]
    path.write_bytes(raw.replace(old, new, 1))
    from salesplan_tui.core.storage.seal import seal_path

    seal_path(path).unlink(missing_ok=True)
    return path


def _set(table: str, key: str, field: str, value: object):
    def edit(data: dict) -> None:
        data[table][key][field] = value
    return edit


def _rekey(table: str, old: str, new: str):
    def edit(data: dict) -> None:
        data[table][new] = data[table].pop(old)
    return edit


def _duplicate(data: dict) -> str:
    text = json.dumps(data)
    action = json.dumps(data["actions"]["1"])
    return text.replace(f'"actions": {{"1": {action}', f'"actions": {{"1": {action}, "1": {action}', 1)


CASES = {
    "a due date of 9999-12-31": (_set("actions", "1", "due", "9999-12-31"), "actions #1", "due"),
    "a date before 1900": (_set("goals", "1", "period_start", "1066-10-14"), "goals #1", "period_start"),
    "an id of 10^23": (_rekey("actions", "1", str(10**23)), f"actions #{10**23}", "id"),
    "a negative id": (_rekey("goals", "1", "-1"), "goals #-1", "id"),
    "an id of 0": (_rekey("accounts", "1", "0"), "accounts #0", "id"),
    "a duplicated id": (_duplicate, "actions #1", "twice"),
    "a dangling account_id": (_set("deals", "1", "account_id", 9), "deals #1", "account_id"),
    "a dangling goal_id": (_set("objectives", "1", "goal_id", 9), "objectives #1", "goal_id"),
    "a stage not in the process": (_set("deals", "1", "stage", "Nowhere"), "deals #1", "stage"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_8_the_loader_refuses_what_import_refuses_naming_record_and_field(tmp_path: Path, case: str) -> None:
    edit, record, field = CASES[case]
    path = _hand_written(tmp_path, edit)
    before = path.read_bytes()
    with pytest.raises(CorruptDatabase) as caught:
        Repository(path)
    message = str(caught.value)
    assert record in message and field in message and "\n" not in message, message
    assert path.read_bytes() == before


@pytest.mark.parametrize(("old", "new", "record", "field"), [
    (b'"account_id":1,', b'"account_id":9,', "deals #1", "account_id"),
    (b'"stage":"Discovery",', b'"stage":"Nowhere",', "deals #1", "stage"),
    (b'"due":"2026-11-21"', b'"due":"9999-12-31"', "actions #1", "due"),
])
def test_8_the_line_reader_refuses_the_same(tmp_path: Path, old: bytes, new: bytes, record: str, field: str) -> None:
    path = _ours(tmp_path, old, new)
    for lazy in (False, True):
        with pytest.raises(CorruptDatabase) as caught:
            Repository(path, lazy=lazy)
        assert record in str(caught.value) and field in str(caught.value), str(caught.value)


def test_8_a_far_due_date_is_refused_when_saved_so_ics_export_never_crashes(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    with Repository(path) as repo:
        action = repo.get(Action, 1)
        assert action is not None
        with pytest.raises(ValueError, match="due"):
            Action.model_validate({**action.model_dump(), "due": "9999-12-31"})
    assert run("export", "--format", "ics", "--db", str(path)).returncode == 0


# ----- 9. messages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["a folder", "a loop of links", "unreadable"])
def test_9_every_open_failure_names_the_newest_good_backup(tmp_path: Path, how: str) -> None:
    path = workspace_with_backups(tmp_path)
    good = newest_good_backup(path, lambda b: file_problem(b) is None)
    assert good is not None
    path.unlink()
    if how == "a folder":
        path.mkdir()
    elif how == "a loop of links":
        path.symlink_to(path)
    else:
        path.write_bytes(b"{}")
        path.chmod(0)
        if os.getuid() == 0:
            pytest.skip("root reads any file")
    for args in (("check",), ("add", SENTENCE)):
        message = one_line(run(*args, "--db", str(path)))
        assert f"Newest good backup: {good}" in message, message


def test_9_no_message_has_a_double_period_nor_a_library_url(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    damage(path)
    message = one_line(run("add", SENTENCE, "--db", str(path)))
    assert ".." not in message, message
    # A sealed file whose line turns out bad (damage after the seal was written) names the field, no URL.
    path = workspace_with_backups(tmp_path / "sealed", sessions=0)
    raw = path.read_bytes().replace(b'"target":10.0', b'"target":"ten"', 1)
    path.write_bytes(raw)
    from salesplan_tui.core.storage import seal

    seal.seal(path, hashlib.blake2b(raw).digest())
    with Repository(path, lazy=True) as repo, pytest.raises(CorruptDatabase) as caught:
        repo.snapshot()
    message = str(caught.value)
    assert "pydantic.dev" not in message and "http" not in message and "target" in message, message


# ----- 10. exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["\uff1dHYPERLINK(\"http://x\")", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufe66 1",
                                  "\u22121+1", " =1+1", "\t=1"])
def test_10_look_alike_formula_starters_are_escaped_in_csv(text: str) -> None:
    assert plan_export.safe_cell(text).startswith("'")


def test_10_markdown_escapes_html_in_user_text(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    evil = "<script>alert(1)</script> & <img src=x onerror=y>"
    with Repository(path) as repo:
        action = repo.get(Action, 1)
        assert action is not None
        from salesplan_tui.core.model.change import Change
        from salesplan_tui.core.model.records import Goal, ReviewKind

        goal = repo.get(Goal, 1)
        assert goal is not None
        repo.apply(Change("evil", [action.model_copy(update={"outcome": evil, "deal_id": None}),
                                   goal.model_copy(update={"title": evil})]))

        review = Review(id=1, kind=ReviewKind.WEEKLY, notes=evil, action_ids=[1])
        repo.apply(Change("review", [review]))
        outputs = [plan_export.plan_markdown(repo, TODAY), review_markdown(repo, review)]
    for text in outputs:
        assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text, text


def test_10_csv_round_trip_keeps_the_text(tmp_path: Path) -> None:
    path = workspace_with_backups(tmp_path, sessions=0)
    with Repository(path) as repo:
        action = repo.get(Action, 1)
        assert action is not None
        repo.apply(_renamed(action, "\uff1d1+1"))
        rows = list(csv.reader(io.StringIO(plan_export.actions_csv(repo).lstrip("\ufeff"))))
    assert rows[1][3] == "'\uff1d1+1"
