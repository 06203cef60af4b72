"""Snapshots of whole screens on the demo workspace, at a fixed day and path, so a visual change is seen."""

from __future__ import annotations

from salesplan_tui.ui.app import SalesplanApp

from .conftest import SIZE


def test_plan_pane(snap_compare, snapshot_app: SalesplanApp) -> None:  # noqa: ANN001
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["down", "down", "enter", "down", "enter"])


def test_pipeline_board(snap_compare, snapshot_app: SalesplanApp) -> None:  # noqa: ANN001
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["2"])


def test_review_agenda(snap_compare, snapshot_app: SalesplanApp) -> None:  # noqa: ANN001
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["3", "w"])


def test_accounts(snap_compare, snapshot_app: SalesplanApp) -> None:  # noqa: ANN001
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["5"])


def test_forecast_view(snap_compare, snapshot_app: SalesplanApp) -> None:  # noqa: ANN001
    assert snap_compare(snapshot_app, terminal_size=SIZE, press=["2", "f"])
