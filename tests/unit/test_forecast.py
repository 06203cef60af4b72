"""Tests the forecast figures: by stage, by closing month (the overdue in this month), and the bookings coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.pipeline import forecast

from .workspace import CLOCK, day, open_workspace


def deal(id_: int, stage: str, value: float, close: int) -> dict:
    return {"id": id_, "account_id": 1, "title": f"Deal {id_}", "value": value, "stage": stage,
            "expected_close": day(close).isoformat()}


def test_by_stage_and_by_month_weigh_each_deal_by_its_stage(tmp_path: Path) -> None:
    extra = [deal(2, "Proposal", 100_000, 40), deal(3, "Closed Won", 50_000, -5), deal(4, "Discovery", 10_000, -20)]
    with open_workspace(tmp_path, deals=extra) as repo:
        stages = {b.label: b for b in forecast.by_stage(repo)}
        assert "Closed Won" not in stages
        proposal = repo.process.stage("Proposal")
        assert stages["Proposal"].value == 100_000 and stages["Proposal"].weighted == pytest.approx(
            100_000 * proposal.probability)
        months = forecast.by_month(repo, CLOCK.today())
        assert len(months) == 6 and months[0].label == "Nov 2026"
        assert months[0].deals == 1  # the Discovery deal already past its close date counts this month
        assert sum(b.deals for b in months) == 3  # the won deal is not forecast


def test_the_bookings_target_is_covered_by_the_weighted_pipeline_due_by_its_date(tmp_path: Path) -> None:
    objective = {"id": 2, "goal_id": 1, "title": "New bookings", "metric": "bookings", "unit": "$",
                 "baseline": 0, "current": 40_000, "target": 100_000, "due": day(60).isoformat()}
    with open_workspace(tmp_path, objectives=[objective], deals=[deal(2, "Proposal", 100_000, 40)]) as repo:
        target = forecast.bookings_target(repo, CLOCK.today())
        assert target is not None and target.title == "New bookings" and target.remaining == 60_000
        weighted = 100_000 * repo.process.stage("Proposal").probability + 50_000 * repo.process.stage(
            "Discovery").probability
        assert target.weighted == pytest.approx(weighted) and target.coverage == pytest.approx(weighted / 60_000)
