"""Tests the per-workspace UI state: kept by the workspace's real path, written whole, never in the way when broken."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from salesplan_tui.core.settings import ui_state
from salesplan_tui.core.settings.ui_state import UI_STATE_FILE, read_ui_state, save_ui_state


def test_a_shape_is_kept_per_workspace_by_its_real_path(tmp_path: Path) -> None:
    one, other = tmp_path / "one.json", tmp_path / "other.json"
    one.write_text("{}")
    (tmp_path / "link.json").symlink_to(one)
    assert save_ui_state(tmp_path / "link.json", "outline", {"open": [["goal", 1]]}, folder=tmp_path) is None
    assert read_ui_state(one, "outline", folder=tmp_path) == {"open": [["goal", 1]]}
    assert read_ui_state(other, "outline", folder=tmp_path) is None
    save_ui_state(one, "other_part", 3, folder=tmp_path)
    assert read_ui_state(one, "outline", folder=tmp_path) == {"open": [["goal", 1]]}  # one part does not drop another


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"workspaces": 3}', b"\xff\xfe", b'{"workspaces": {"a": 1}}'])
def test_a_broken_file_reads_as_nothing_kept_and_is_replaced_by_one_that_reads(tmp_path: Path, content: bytes) -> None:
    (tmp_path / UI_STATE_FILE).write_bytes(content)
    assert read_ui_state(tmp_path / "w.json", "outline", folder=tmp_path) is None
    assert save_ui_state(tmp_path / "w.json", "outline", [1], folder=tmp_path) is None
    assert read_ui_state(tmp_path / "w.json", "outline", folder=tmp_path) == [1]


def test_a_save_that_cannot_be_written_says_why_and_raises_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.write_text("a file where the folder should be")
    problem = save_ui_state(tmp_path / "w.json", "outline", [1], folder=folder)
    assert problem is not None and str(folder / UI_STATE_FILE) in problem
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        assert save_ui_state(tmp_path / "w.json", "outline", [1], folder=ro) is not None


def test_only_the_last_workspaces_used_are_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_state, "KEPT_WORKSPACES", 3)
    for n in range(5):
        save_ui_state(tmp_path / f"w{n}.json", "outline", n, folder=tmp_path)
    save_ui_state(tmp_path / "w2.json", "outline", 22, folder=tmp_path)  # used again: now the most recent
    kept = json.loads((tmp_path / UI_STATE_FILE).read_bytes())["workspaces"]
    assert [Path(k).name for k in kept] == ["w3.json", "w4.json", "w2.json"]
