"""Tests that nothing in the data or on the command line can hijack the terminal, clobber a file or hang a command."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesplan_tui.cli import common as cli_common
from salesplan_tui.cli.main import cli
from salesplan_tui.core.exchange.demo import demo_document
from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.model.records import Action, Deal, Review
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.storage import Repository, backups
from salesplan_tui.core.storage.backups import BackupFailed, backup_dir, list_backups
from tests.conftest import Opened

MONDAY = "2026-11-23"
HOSTILE = "\x1b]0;pwned\x07 \x1b]52;c;SGVsbG8=\x07 \x1b#8 \x9b2J \x7f"
SENTENCE = "By Friday I'll get Lena at Fabrikam to confirm the PO number."


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-m", "salesplan_tui", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(cmd, capture_output=True, timeout=60)


def assert_clean(text: str) -> None:
    """No C0 control but newline and tab, no DEL, no C1 control."""
    bad = sorted({f"U+{ord(c):04X}" for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0})
    assert not bad, f"raw control characters {bad} in: {text[:300]!r}"


def one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode()
    assert result.returncode == 2 and err.startswith("salesplan: ") and err.count("\n") == 1, (result.returncode, err)
    return err


def hostile_workspace(folder: Path) -> Path:
    """The demo with hostile text in its name, every deal title, action, review note, answer and manager."""
    doc = demo_document(dt.date(2026, 11, 23))
    doc["workspace"]["name"] = f"Team {HOSTILE} plan"
    for deal in doc["deals"]:
        deal["title"] += f" {HOSTILE} end"
    for action in doc["actions"]:
        action["outcome"] += f" {HOSTILE} end"
        action["target"] += f" {HOSTILE} end"
    for review in doc["reviews"]:
        review["notes"] = f"Notes {HOSTILE}\nline two {HOSTILE}"
        review["manager"] = review["manager"] and f"{review['manager']} {HOSTILE} end"
        for item in review["items"]:
            item.update(title=f"{item['title']} {HOSTILE}", notes=f"said {HOSTILE}", skip_reason=f"why {HOSTILE}")
        for answer in review["answers"]:
            answer["text"] += f" {HOSTILE} end"
    path = folder / "hostile.json"
    with Repository(path) as repo:
        repo.replace_all(from_document(doc))
    Repository(path).close()  # a second opening leaves a backup to list
    return path


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    return hostile_workspace(tmp_path)


@pytest.fixture
def plain_db(tmp_path: Path) -> Path:
    path = tmp_path / "plain.json"
    with Repository(path) as repo:
        repo.replace_all(from_document(demo_document(dt.date(2026, 11, 23))))
    return path


# ----- item 3: control characters never reach the terminal or the Markdown -----------------------------


def test_cli_output_shows_control_characters_and_stores_them_unchanged(hostile_db: Path, tmp_path: Path) -> None:
    before = hostile_db.read_bytes()
    with Repository(hostile_db, read_only=True) as repo:
        review_ids = [str(r.id) for r in repo.all(Review)]
    commands = [("check", "--today", MONDAY), ("check", "--json", "--today", MONDAY), ("reviews",), ("export",),
                ("restore",), ("check", "--today", HOSTILE), ("import", str(tmp_path / f"gone{HOSTILE}.json")),
                ("export", "-o", str(hostile_db) + HOSTILE[:6] + "x", "--review", "99", "--format", "md")]
    commands += [("export", "--format", "md", "--review", rid) for rid in review_ids]
    seen = ""
    for args in commands:
        result = run(*args, db=hostile_db)
        out, err = result.stdout.decode(), result.stderr.decode()
        assert "Traceback" not in err, err
        assert_clean(out + err)
        seen += out + err
    for args in [("judge", f"Follow up {HOSTILE} with Acme."), ("judge", "--json", f"I'll call {HOSTILE} soon."),
                 ("nope" + HOSTILE,), ("add", f"Ping {HOSTILE}.")]:
        result = run(*args, db=hostile_db)
        assert_clean(result.stdout.decode() + result.stderr.decode())
    assert "␛]0;pwned␇" in seen
    assert hostile_db.read_bytes() == before
    exported = json.loads(run("export", db=hostile_db).stdout)
    assert all(HOSTILE in d["title"] for d in exported["deals"])  # the JSON escapes them, losing nothing


def test_add_shows_the_sentence_visibly_and_keeps_it_as_typed(hostile_db: Path) -> None:
    sentence = f"By Friday I'll get Lena at Fabrikam to confirm the PO {HOSTILE} number."
    result = run("add", sentence, "--today", MONDAY, db=hostile_db)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.decode() + result.stderr.decode())
    with Repository(hostile_db, read_only=True) as repo:
        spelled = sentence.replace("Lena at Fabrikam", "Lena Fischer at Fabrikam Logistics")  # as the app stores it
        assert repo.all(Action)[-1].captured_from == spelled
        assert repo.workspace.name == f"Team {HOSTILE} plan"
        assert all(d.title.endswith(f" {HOSTILE} end") for d in repo.all(Deal))


def test_review_markdown_shows_control_characters_visibly(hostile_db: Path) -> None:
    with Repository(hostile_db, read_only=True) as repo:
        reviews = repo.all(Review)
        texts = [review_markdown(repo, r) for r in reviews]
    assert reviews and all(r.notes.startswith(f"Notes {HOSTILE}") for r in reviews)
    for text in texts:
        assert_clean(text)
    assert any("␛]52;c;SGVsbG8=␇" in t and "line two" in t for t in texts)


# ----- item 8: export -o never clobbers -----------------------------------------------------------------


def test_export_refuses_the_workspace_itself_by_any_name(plain_db: Path, tmp_path: Path) -> None:
    link, hard = tmp_path / "link.json", tmp_path / "hard.json"
    link.symlink_to(plain_db)
    os.link(plain_db, hard)
    before = plain_db.read_bytes()
    with Repository(plain_db):  # even while the app holds it
        for name in (plain_db, link, hard, Path(str(plain_db) + ".lock")):
            assert "workspace file itself" in one_line(run("export", "-o", str(name), "--force", db=plain_db))
    assert plain_db.read_bytes() == before and link.is_symlink()


def test_export_refuses_the_backups(plain_db: Path) -> None:
    Repository(plain_db).close()
    backup = list_backups(plain_db)[0]
    before = backup.read_bytes()
    for name in (backup, backup_dir(plain_db) / "new.json"):
        assert "backups" in one_line(run("export", "-o", str(name), "--force", db=plain_db))
    assert backup.read_bytes() == before and not (backup_dir(plain_db) / "new.json").exists()


def test_export_replaces_an_existing_file_only_with_force(plain_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    out.write_text("keep me")
    assert "--force" in one_line(run("export", "-o", str(out), db=plain_db))
    assert out.read_text() == "keep me"
    assert run("export", "-o", str(out), "--force", db=plain_db).returncode == 0
    assert json.loads(out.read_text())["format"] == "salesplan-export"


def test_export_dash_is_stdout(plain_db: Path, tmp_path: Path) -> None:
    result = run("export", "-o", "-", db=plain_db)
    assert result.returncode == 0 and json.loads(result.stdout)["format"] == "salesplan-export"
    assert not (Path.cwd() / "-").exists()


def test_export_writes_through_a_symlink_and_keeps_the_link(plain_db: Path, tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    link.symlink_to(real)
    assert run("export", "-o", str(link), db=plain_db).returncode == 0  # a dangling link: its target is new
    assert link.is_symlink() and json.loads(real.read_text())["format"] == "salesplan-export"
    real.write_text("keep me")
    assert "--force" in one_line(run("export", "-o", str(link), db=plain_db))
    assert real.read_text() == "keep me"
    assert run("export", "-o", str(link), "--force", db=plain_db).returncode == 0
    assert link.is_symlink() and json.loads(real.read_text())["format"] == "salesplan-export"


def test_export_writes_into_a_fifo_and_never_replaces_it(plain_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("export", "-o", str(fifo), db=plain_db)
    if reader.is_alive():  # the export never opened the FIFO: let the reader go
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["format"] == "salesplan-export"


def test_export_into_a_folder_is_one_line(plain_db: Path, tmp_path: Path) -> None:
    assert "is a folder" in one_line(run("export", "-o", str(tmp_path), db=plain_db))


# ----- item 9: one line for a folder or an unreadable file; writers wait for the lock ---------------------


def test_a_folder_given_as_a_file_is_one_line_not_the_usage_text(plain_db: Path, tmp_path: Path) -> None:
    for args in [("import", str(tmp_path)), ("check", "--db", str(tmp_path)), ("add", SENTENCE, "--db", str(tmp_path)),
                 ("restore", str(tmp_path), "--db", str(plain_db)), ("--db", str(tmp_path), "reviews")]:
        err = one_line(run(*args))
        assert "Usage" not in err and str(tmp_path) in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_one_line(plain_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "locked.json"
    export.write_text("{}")
    export.chmod(0)
    plain_db.chmod(0)
    assert "ermission denied" in one_line(run("import", str(export), db=tmp_path / "new.json"))
    assert "ermission denied" in one_line(run("check", db=plain_db))


def test_a_usage_mistake_is_one_line() -> None:
    err = one_line(run("add", "--no-such-option"))
    assert "--no-such-option" in err and "salesplan add --help" in err


def waits_on(pid: int, lock: Path) -> bool:
    """The process has the lock file open: it is at the lock, waiting for it (Linux: read from /proc)."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(fd) == str(lock):
                return True
        except OSError:
            continue
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see a process wait for the lock")
def test_parallel_adds_wait_for_the_lock_and_both_are_kept(plain_db: Path, opened: Opened) -> None:
    holder = opened.repo(plain_db)  # a writer that lets go once an add waits for it
    lock = holder.path.with_name(holder.path.name + ".lock")
    sentences = [SENTENCE.replace("Lena", who) for who in ("Lena", "Omar")]
    adds = [subprocess.Popen([sys.executable, "-m", "salesplan_tui", "add", s, "--today", MONDAY, "--db", str(plain_db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in sentences]
    try:
        deadline = time.monotonic() + 120  # however slowly they start, an add reaches the lock and waits there
        while not any(waits_on(p.pid, lock) for p in adds):
            assert time.monotonic() < deadline and all(p.poll() is None for p in adds), "no add reached the lock"
            time.sleep(0.01)
        holder.close()
        results = [(p.wait(120), p.stderr.read().decode()) for p in adds]
    finally:
        for p in adds:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert results == [(0, ""), (0, "")]
    with Repository(plain_db, read_only=True) as repo:
        outcomes = " ".join(a.captured_from or "" for a in repo.all(Action))
    assert "get Lena" in outcomes and "get Omar" in outcomes


def test_a_lock_held_longer_than_the_wait_is_one_line_and_writes_nothing(plain_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    assert run("export", "-o", str(export), db=plain_db).returncode == 0
    before = plain_db.read_bytes()
    with Repository(plain_db):  # (add would leave its action in the inbox: import has no such way round)
        started = time.monotonic()
        err = one_line(run("import", str(export), "--replace", db=plain_db))
        waited = time.monotonic() - started
    assert "open in another salesplan" in err and waited >= cli_common.LOCK_WAIT - 0.5
    assert plain_db.read_bytes() == before


# ----- item 5: import stops when the backup cannot be made ------------------------------------------------


def test_import_stops_in_one_line_when_the_backup_fails(plain_db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    export = tmp_path / "export.json"
    assert run("export", "-o", str(export), db=plain_db).returncode == 0
    before = plain_db.read_bytes()

    def no_space(path: Path, keep: int) -> None:
        raise BackupFailed(f"cannot back up {path} into {backup_dir(path)}: No space left on device")

    monkeypatch.setattr(backups, "make_backup", no_space)
    result = CliRunner().invoke(cli, ["import", str(export), "--replace", "--db", str(plain_db)])
    assert result.exit_code == 2 and result.stderr.startswith("salesplan: cannot back up")
    assert result.stderr.count("\n") == 1 and "Nothing was imported" in result.stderr
    assert plain_db.read_bytes() == before


def test_add_without_a_fresh_backup_is_kept_and_says_so(plain_db: Path) -> None:
    shutil.rmtree(backup_dir(plain_db), ignore_errors=True)  # the backup made when the fixture filled it
    backup_dir(plain_db).write_text("not a folder")  # so no backup can be made
    result = run("add", SENTENCE, "--today", MONDAY, db=plain_db)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().startswith("salesplan: warning: cannot back up") and result.stderr.count(b"\n") == 1
    with Repository(plain_db, read_only=True) as repo:
        assert repo.all(Action)[-1].captured_from == SENTENCE.replace("Lena at Fabrikam", "Lena Fischer at Fabrikam Logistics")
