"""Tests what a served read-only window says of itself: another browser writes (it follows), or every one only reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salesplan_tui.serve.driver import said_why
from salesplan_tui.serve.session import ALL_READ_ONLY, FOLLOWING
from tests.web.conftest import Served, open_browser, start_server, stop_server

pytestmark = pytest.mark.xdist_group("serve")


async def test_a_second_browser_says_another_window_is_writing(served: Served) -> None:
    first = await open_browser(served)
    try:
        await first.shows("Plan health")
        second = await open_browser(served)
        try:
            await second.shows("another browser window is writing")
            assert "opened read-only" not in second.screen.text
            assert "another browser window" not in first.screen.text
        finally:
            await second.close()
    finally:
        await first.close()


async def test_serve_read_only_says_every_window_only_reads(workspace: Path) -> None:
    served = await start_server(workspace, "--read-only")
    try:
        browser = await open_browser(served)
        try:
            await browser.shows("only reads")  # the toast's line: "… every browser window only reads." wraps
            assert "opened read-only" not in browser.screen.text
        finally:
            await browser.close()
    finally:
        await stop_server(served)


class _Repo:
    def __init__(self, reason: str) -> None:
        self.read_only_reason = reason


class _App:
    def __init__(self, repo: _Repo | None, opener: Any = None) -> None:
        self._repo, self._opener = repo, opener


def test_the_reason_is_given_to_the_workspace_open_or_opened_later_and_never_over_a_reason_of_its_own() -> None:
    opened = _App(_Repo("opened read-only"))
    said_why(opened, FOLLOWING)  # type: ignore[arg-type]
    assert opened._repo is not None and opened._repo.read_only_reason == FOLLOWING
    later = _App(None, lambda: _Repo("opened read-only"))
    said_why(later, ALL_READ_ONLY)  # type: ignore[arg-type]
    assert later._opener().read_only_reason == ALL_READ_ONLY
    lost = _App(_Repo("the server cannot be reached"))
    said_why(lost, FOLLOWING)  # type: ignore[arg-type]
    assert lost._repo is not None and lost._repo.read_only_reason == "the server cannot be reached"
