"""Provides fixtures for driving the app: a demo workspace at a fixed place and day, and a steady cursor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Record
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import SalesplanApp
from tests.conftest import TODAY

R = TypeVar("R", bound=Record)

SIZE = (120, 40)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    return repo.path


@pytest.fixture
def snapshot_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SalesplanApp]:
    """The demo in this test's own folder, made the home folder so the status line reads ~/demo.json in every run."""
    monkeypatch.setenv("HOME", str(tmp_path))
    repo = open_demo(TODAY, folder=tmp_path)
    yield SalesplanApp(repo, today=TODAY)
    repo.close()


def make_app(path: Path) -> SalesplanApp:
    return SalesplanApp(Repository(path), today=TODAY)


def reopen(path: Path) -> Repository:
    return Repository(path, read_only=True)


def find(repo: Repository, model: type[R], **fields: Any) -> R:
    """The one unarchived record whose fields equal the given values, so tests name demo records by what they are.

    Fails when none or several match: a regenerated demo must not let a test quietly pick the wrong record.
    """
    matches = [r for r in repo.all(model) if all(getattr(r, name) == value for name, value in fields.items())]
    if len(matches) != 1:
        pytest.fail(f"expected one unarchived {model.__name__} with {fields}, found {len(matches)}")
    return matches[0]
