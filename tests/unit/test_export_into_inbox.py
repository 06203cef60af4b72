"""Tests that an export is never written into the workspace's inbox folder, where the app would take it in."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.capture.inbox import inbox_dir
from salesplan_tui.core.exchange import targets
from salesplan_tui.core.storage.errors import StorageError


def test_the_export_check_names_the_inbox_as_capture_does(tmp_path: Path) -> None:
    workspace = tmp_path / "plan.json"
    assert targets.inbox_dir(workspace) == inbox_dir(workspace)


@pytest.mark.parametrize("name", ["export.json", "sub/../export.md"])
def test_an_export_into_the_inbox_is_refused(tmp_path: Path, name: str) -> None:
    workspace = tmp_path / "plan.json"
    inbox_dir(workspace).mkdir()
    with pytest.raises(StorageError, match=r"in the workspace.s inbox.*Nothing was written"):
        targets.destination(inbox_dir(workspace) / name, workspace, force=False)


def test_an_export_into_the_inbox_through_a_link_is_refused(tmp_path: Path) -> None:
    workspace = tmp_path / "plan.json"
    inbox_dir(workspace).mkdir()
    (tmp_path / "shortcut").symlink_to(inbox_dir(workspace))
    with pytest.raises(StorageError, match="inbox"):
        targets.destination(tmp_path / "shortcut" / "export.json", workspace, force=True)


def test_an_export_beside_the_inbox_is_written(tmp_path: Path) -> None:
    workspace = tmp_path / "plan.json"
    inbox_dir(workspace).mkdir()
    assert targets.destination(tmp_path / "plan.json.inbox.json", workspace, force=False).name == "plan.json.inbox.json"


def test_the_cli_refuses_an_export_into_the_inbox_in_one_line(tmp_path: Path) -> None:
    from salesplan_tui.core.exchange.demo import open_demo
    from tests.conftest import TODAY
    from tests.unit.test_cli_deals import run

    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    inbox_dir(repo.path).mkdir()
    result = run("export", "-o", str(inbox_dir(repo.path) / "plan.json"), db=repo.path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "inbox" in result.stderr
    assert list(inbox_dir(repo.path).iterdir()) == []
