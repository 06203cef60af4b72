"""Provides fixtures for driving the app: a demo workspace at a fixed place and day, and a steady cursor."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Record
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import SalesplanApp
from tests.conftest import TODAY, Opened

R = TypeVar("R", bound=Record)

SIZE = (120, 40)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    return repo.path


# What a text box's blink timer calls every half second. A screenshot taken a little later on a busy machine would
# catch the cursor hidden, so in snapshots the cursor stays shown, as it is in the first half second after a key.
BLINKS = [(Input, "_toggle_cursor"), (TextArea, "_toggle_cursor_blink_visible")]


def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stops every text box's cursor blinking, so a snapshot never depends on how fast the machine got to it."""
    for widget, blink in BLINKS:
        if not callable(getattr(widget, blink, None)):
            pytest.fail(f"Textual no longer has {widget.__name__}.{blink}, which its blink timer called: the snapshots "
                        "need another way to keep the cursor steady (see steady_cursors in tests/functional/conftest.py)")
        monkeypatch.setattr(widget, blink, lambda self: None)


NOTICE_KEPT = 3600.0  # seconds: longer than any test runs


@pytest.fixture(autouse=True)
def notifications_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps every notification (and its toast) for the whole test. A notification goes after its timeout, so a test
    that reads it, or a snapshot that shows its toast, would otherwise pass or fail by how busy the machine was."""
    said = App.notify

    def notify(self: App[Any], message: str, **kwargs: Any) -> None:
        kwargs["timeout"] = NOTICE_KEPT
        said(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture
def snapshot_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SalesplanApp]:
    """The demo in this test's own folder, made the home folder so the status line reads ~/demo.json in every run;
    the cursor does not blink."""
    monkeypatch.setenv("HOME", str(tmp_path))
    steady_cursors(monkeypatch)
    repo = open_demo(TODAY, folder=tmp_path)
    yield SalesplanApp(repo, today=TODAY)
    repo.close()


class OpenedApps(Opened):
    """Opens apps and workspaces for a test; every workspace, an app's too, is closed when the test ends."""

    def app(self, path: Path, **kwargs: Any) -> SalesplanApp:
        """The app on the workspace at path, on the test's fixed day."""
        return SalesplanApp(self.repo(path), today=TODAY, **kwargs)


@pytest.fixture
def opened() -> Iterator[OpenedApps]:
    """Opens apps and workspaces for a test and closes every workspace in teardown, whatever the test's outcome."""
    kept = OpenedApps()
    try:
        yield kept
    finally:
        kept.close_all()


def make_app(path: Path) -> SalesplanApp:
    """An app whose workspace the caller closes; the `opened` fixture's `app` closes it whatever the outcome."""
    return SalesplanApp(Repository(path), today=TODAY)


WAIT = 30.0  # seconds: a deadline only a broken app reaches, however busy the machine


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = WAIT) -> None:
    """Lets the app run until condition() holds; fails, saying what, only after a deadline no busy machine reaches.

    For what the app does on a timer or in a worker (a watcher, a debounced save, a search), where a fixed pause
    would measure the machine's speed.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        await pilot.pause(0.05)
    await pilot.pause()


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
