"""Tests the salesplan command as a user runs it: exit codes, one-line errors, nothing written on refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Action
from salesplan_tui.core.storage import Repository

MONDAY = "2026-11-23"


def run(*args: str, db: object = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "salesplan_tui", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    import datetime as dt

    repo = open_demo(dt.date(2026, 11, 23), folder=tmp_path)
    repo.close()
    return repo.path


def test_judge_accepts_a_plan_and_prints_its_parts() -> None:
    result = run("judge", "By Friday I will call Dana at Northwind to confirm the budget.", "--today", MONDAY, "--json")
    assert result.returncode == 0
    verdict = json.loads(result.stdout)
    assert verdict["specific"] and verdict["owner"] == "me" and verdict["due"] == "2026-11-27"


def test_judge_refuses_hand_waving_with_the_question() -> None:
    result = run("judge", "I need to increase my prospecting calls.", "--today", MONDAY)
    assert result.returncode == 1
    assert result.stdout.startswith("What does that mean?")
    assert "'increase'" in result.stdout


def test_add_of_a_vague_answer_leaves_the_file_byte_for_byte_unchanged(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    result = run("add", "Follow up with Acme.", db=demo_db)
    assert result.returncode == 1
    assert "What does that mean?" in result.stderr
    assert demo_db.read_bytes() == before


def test_add_of_a_specific_answer_stores_the_action_with_its_sentence(demo_db: Path) -> None:
    sentence = "By Friday I'll get [Lena] at Fabrikam to confirm the PO number."
    result = run("add", sentence, "--deal", "6", "--today", MONDAY, db=demo_db)
    assert result.returncode == 0, result.stderr
    with Repository(demo_db, read_only=True) as repo:
        action = repo.all(Action)[-1]
    # Stored as the app stores it: the names it is aimed at spelled as the workspace has them (judge reads it the same).
    assert action.captured_from == sentence.replace("[Lena] at Fabrikam", "[Lena Fischer] at Fabrikam Logistics")
    assert action.deal_id == 6 and action.owner == "me"
    assert action.due.isoformat() == "2026-11-27" and "[Lena Fischer]" in action.outcome


def test_add_to_a_missing_deal_is_one_clear_line(demo_db: Path) -> None:
    result = run("add", "By Friday I'll get Lena at Fabrikam to confirm the PO number.", "--deal", "999", db=demo_db)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no deal 999" in result.stderr


def test_check_exits_1_with_findings_and_prints_json(demo_db: Path) -> None:
    result = run("check", "--json", "--today", MONDAY, db=demo_db)
    assert result.returncode == 1
    rules = {f["rule"] for f in json.loads(result.stdout)}
    assert {"overdue_action", "deal_next_steps", "deal_stale", "just_doing", "goal_no_objective"} <= rules


def test_export_import_export_gives_the_same_json(demo_db: Path, tmp_path: Path, target: object) -> None:
    first = tmp_path / "first.json"
    assert run("export", "-o", str(first), db=demo_db).returncode == 0
    copy = target  # a file, and a workspace on the private server
    assert run("import", str(first), db=copy).returncode == 0
    second = run("export", db=copy)
    assert second.stdout.encode() == first.read_bytes()


def test_import_of_a_broken_file_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "salesplan-export", "version": 1, "goals": [{"id": 1, "title": ""}]}')
    target = tmp_path / "target.json"
    result = run("import", str(bad), db=target)
    assert result.returncode == 2 and "goals record 1 is invalid" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists() or "goals" not in json.loads(target.read_text()) or not json.loads(target.read_text())["goals"]


def test_corrupt_database_is_one_line_naming_the_file(tmp_path: Path) -> None:
    db = tmp_path / "broken.json"
    db.write_text('{"goals": {"1": {"title": ')
    result = run("check", db=db)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(db) in result.stderr and "line 1" in result.stderr
    assert db.read_text() == '{"goals": {"1": {"title": '


def test_add_never_writes_the_file_the_app_holds_it_leaves_the_action_in_the_inbox(demo_db: Path) -> None:
    with Repository(demo_db):
        before = demo_db.read_bytes()
        result = run("add", "By Friday I'll get Lena at Fabrikam to confirm the PO number.", db=demo_db)
        assert demo_db.read_bytes() == before  # never two writers: the app takes the action in itself
    assert result.returncode == 0 and "inbox" in result.stdout


def test_export_review_as_markdown_holds_the_commitments(demo_db: Path) -> None:
    result = run("export", "--format", "md", "--review", "1", db=demo_db)
    assert result.returncode == 0
    assert "# One-on-one: Alex Morgan and Jill Carter" in result.stdout  # the demo's seller, named
    assert "agree the decision date for the North America expansion" in result.stdout


def test_every_command_has_help() -> None:
    for command in ["export", "import", "check", "restore", "judge", "add", "reviews"]:
        result = run(command, "--help")
        assert result.returncode == 0 and "Usage:" in result.stdout


def test_reviews_names_each_kind_in_words(demo_db: Path) -> None:
    result = run("reviews", db=demo_db)
    assert result.returncode == 0 and "one-on-one" in result.stdout and "one_on_one" not in result.stdout


def test_stale_demo_copies_are_swept_and_a_live_one_is_kept(tmp_path: Path) -> None:
    import datetime as dt

    from salesplan_tui.core.exchange.demo import PREFIX, open_demo, sweep_stale_copies

    dead = tmp_path / f"{PREFIX}killed"
    dead.mkdir()
    (dead / "demo.json").write_text("{}")
    live_folder = tmp_path / f"{PREFIX}open"
    live_folder.mkdir()
    live = open_demo(dt.date(2026, 11, 23), folder=live_folder)  # an app with its demo open holds the lock
    try:
        assert sweep_stale_copies(tmp_path) == 1
        assert not dead.exists() and live_folder.exists()
    finally:
        live.close()


def test_a_demo_closed_by_sigterm_removes_its_copy(tmp_path: Path) -> None:
    import os
    import signal
    import threading

    env = os.environ | {"TMPDIR": str(tmp_path), "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "salesplan_tui", "--demo"], env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    drawn = threading.Event()

    def watch_the_screen() -> None:  # the app draws on stderr; read all of it, so it never blocks on a full pipe
        seen = b""
        for chunk in iter(lambda: process.stderr.read1(65536), b""):
            seen = seen[-16:] + chunk
            if FIRST_LINE in seen:
                drawn.set()
        drawn.set()  # ended without drawing: the checks below say so

    threading.Thread(target=watch_the_screen, daemon=True).start()
    try:
        # the kill comes once the window is drawn (its loop is running), however long a busy machine takes to get there
        assert drawn.wait(120) and process.poll() is None, "the demo did not start"
        assert list(tmp_path.glob("salesplan-demo-*/demo.json"))
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not list(tmp_path.glob("salesplan-demo-*"))


FIRST_LINE = b"\x1b[1;1H"  # the cursor sent to the top left: the app is drawing its first frame


def test_a_vague_add_on_a_new_path_creates_no_workspace(tmp_path: Path) -> None:
    path = tmp_path / "typo.json"
    result = run("add", "I'll follow up soon", db=path)
    assert result.returncode == 1 and not path.exists()
