"""Tests the shipped sample (sample_data/demo.json) as a user's own workspace: imported with its dates moved to today,
and rebuilt by its script exactly as shipped."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.exchange.anchored import anchored_to
from salesplan_tui.core.exchange.demo import demo_document, demo_file
from salesplan_tui.core.exchange.workspace_json import import_json
from salesplan_tui.core.model.records import Action, Review
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

from .test_cli import run

SAMPLE = demo_file()


def test_the_sample_imports_with_its_dates_moved_to_today() -> None:
    contents = import_json(SAMPLE.read_bytes(), today=TODAY + dt.timedelta(days=10))
    as_demo = import_json(SAMPLE.read_bytes(), today=TODAY)
    later = {a.id: a.due for a in contents.of(Action).values()}
    assert later == {a.id: a.due + dt.timedelta(days=10) for a in as_demo.of(Action).values()}
    demo = demo_document(TODAY)
    assert {a["id"]: a["due"] for a in demo["actions"]} == {i: d.isoformat() for i, d in
                                                           ((a.id, a.due) for a in as_demo.of(Action).values())}
    assert not contents.workspace.seller  # the user's own now: the app asks whose plan it is


def test_salesplan_import_of_the_sample_makes_a_working_workspace(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    result = run("import", str(SAMPLE), db=target)
    assert result.returncode == 0, result.stderr
    assert "anchor" not in result.stderr
    with Repository(target, read_only=True) as repo:
        assert len(repo.all(Action)) > 20 and repo.all(Review)
    assert run("check", db=target).returncode in (0, 1)  # opens and reads: 1 only says the plan has findings


def test_an_anchor_that_is_not_a_day_is_said() -> None:
    with pytest.raises(ValueError, match="anchor_date"):
        anchored_to({"anchor_date": "soon"}, TODAY)


def test_the_script_builds_the_sample_as_shipped(tmp_path: Path) -> None:
    script = tmp_path / "make_demo.py"
    script.write_text(Path(SAMPLE.parent / "make_demo.py").read_text(encoding="utf-8"), encoding="utf-8")
    built = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "demo.json").read_bytes() == SAMPLE.read_bytes()
