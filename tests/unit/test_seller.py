"""Tests the seller's name: the operation through the one apply path, the command, and the headings that say it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange.file_formats import export_bytes
from salesplan_tui.core.model.records import Review
from salesplan_tui.core.plan.seller_ops import set_seller
from salesplan_tui.core.storage import Repository
from tests.unit.workspace import document, open_workspace


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salesplan_tui", *args], capture_output=True, text=True, timeout=60)


def test_the_name_is_written_through_apply_and_read_back(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        assert repo.workspace.seller == ""
        change = set_seller(repo.workspace, "  Dana   Ruiz ")
        assert repo.apply(change).everything  # every heading may say it: everything is redrawn
        assert repo.workspace.seller == "Dana Ruiz" and not repo.can_undo  # no step of the plan's
        path = repo.path
    with Repository(path, read_only=True) as again:
        assert again.workspace.seller == "Dana Ruiz" and again.workspace.name == "Test"


@pytest.mark.parametrize(("name", "said"), [
    ("", "say the seller's name"), ("me", "not 'me'"), ("x" * 121, "at most"),
    ("Al\x1b]0;pwned\x07 Smith", "no control characters"),  # pasted into the app's box, not only the command line
    ("Al \u202eSmith", "no control characters"), ("Al \udc9b", "not text")])
def test_a_name_that_names_no_one_is_refused_and_nothing_is_written(tmp_path: Path, name: str, said: str) -> None:
    with open_workspace(tmp_path) as repo:
        before = repo.path.read_bytes()
        with pytest.raises(ValidationFailed) as refused:
            set_seller(repo.workspace, name)
        assert said in refused.value.errors["seller"]
        assert repo.path.read_bytes() == before


def test_a_failed_write_keeps_the_old_name_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.core.storage.errors import StorageError

    with open_workspace(tmp_path) as repo:
        def refuse(*args: object, **kwargs: object) -> None:
            raise StorageError("the disk is full")

        monkeypatch.setattr(repo, "_put", refuse)
        with pytest.raises(StorageError):
            repo.apply(set_seller(repo.workspace, "Dana Ruiz"))
        assert repo.workspace.seller == ""


def test_salesplan_seller_says_and_sets_the_name(tmp_path: Path) -> None:
    open_workspace(tmp_path).close()
    db = str(tmp_path / "workspace.json")
    assert "No seller named yet" in run("seller", "--db", db).stdout
    result = run("seller", "--db", db, "Dana", "Ruiz")
    assert result.returncode == 0 and "The seller is now Dana Ruiz." in result.stderr
    assert run("seller", "--db", db).stdout.strip() == "Dana Ruiz"
    refused = run("seller", "--db", db, "me")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "Nothing was written" in refused.stderr


def test_a_review_kept_as_me_is_exported_under_the_sellers_name(tmp_path: Path) -> None:
    review = {"id": 1, "kind": "one_on_one", "seller": "me", "manager": "Jill Carter", "action_ids": [1],
              "started_at": "2026-11-16T15:00:00Z", "ended_at": "2026-11-16T16:00:00Z"}
    from salesplan_tui.core.exchange.workspace_json import from_document

    with Repository(tmp_path / "w.json", keep_backups=0) as repo:
        repo.replace_all(from_document(document(reviews=[review])))
        assert "# One-on-one: me and Jill Carter" in export_bytes(repo, "md", None, review_id=1).decode()
        repo.apply(set_seller(repo.workspace, "Dana Ruiz"))
        text = export_bytes(repo, "md", None, review_id=1).decode()
        assert "# One-on-one: Dana Ruiz and Jill Carter" in text and "**Dana Ruiz** → Ana Silva" in text
        assert repo.get(Review, 1).seller == "me"  # the record is kept as it was; only the document names her


def test_the_plans_export_is_titled_with_the_sellers_name(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        assert export_bytes(repo, "md").decode().startswith("# Test\n")
        repo.apply(set_seller(repo.workspace, "Dana Ruiz"))
        assert export_bytes(repo, "md").decode().startswith("# Test — Dana Ruiz\n")


@pytest.mark.parametrize(("name", "said"), [
    ("Al\x1b]0;pwned\x07", "no control characters"), ("Al\u202eevil", "no control characters"),
    (os.fsdecode(b"Al\x9b2J"), "bytes that are not text")])
def test_a_name_with_control_characters_or_bytes_that_are_not_text_is_one_line_and_nothing_is_written(
        tmp_path: Path, name: str, said: str) -> None:
    open_workspace(tmp_path).close()
    db = tmp_path / "workspace.json"
    before = db.read_bytes()
    result = subprocess.run([sys.executable, "-m", "salesplan_tui", "seller", "--db", str(db), os.fsencode(name)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert said in result.stderr and "Nothing was written" in result.stderr
    assert db.read_bytes() == before
    spaced = run("seller", "--db", str(db), "Bo\tRuiz\n")  # white space of any kind is a space, not a refusal
    assert spaced.returncode == 0 and run("seller", "--db", str(db)).stdout.strip() == "Bo Ruiz"
