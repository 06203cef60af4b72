"""Snapshots of whole screens on the demo workspace, at a fixed day and path, so a visual change is seen."""

from __future__ import annotations

import pytest

from salesplan_tui.ui.app import SalesplanApp

from .conftest import SIZE


def test_plan_pane(snap_compare, snapshot_app: SalesplanApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["down", "down", "enter", "down", "enter"])


def test_pipeline_board(snap_compare, snapshot_app: SalesplanApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["2"])


def test_review_agenda(snap_compare, snapshot_app: SalesplanApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["3", "w"])


def test_accounts(snap_compare, snapshot_app: SalesplanApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["5"])


def test_forecast_view(snap_compare, snapshot_app: SalesplanApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["2", "f"])


SIZES = [(80, 24), (100, 30), (120, 40), (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [["down", "down", "enter"], ["2"], ["3", "w", "ctrl+s"]], ids=["plan", "board", "walk"])
def test_every_size(snap_compare, snapshot_app: SalesplanApp, size: tuple[int, int], keys: list[str]) -> None:
    assert snap_compare(snapshot_app, terminal_size=size, press=keys)


def test_plan_health_unfolds_over_the_outline_at_80_columns(snap_compare, snapshot_app: SalesplanApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(80, 24), press=["h"])
