"""Tests money in several currencies counted at the user's rates (issue 23, item 3): totals, the forecast, settings."""

from __future__ import annotations

import json
from pathlib import Path

from salesplan_tui.core.model.change import Change, build
from salesplan_tui.core.model.records import Account, Deal, StageKind
from salesplan_tui.core.pipeline import forecast
from salesplan_tui.core.pipeline.moves import deals_of_kind, totals
from salesplan_tui.core.plan.measured import rate_table
from salesplan_tui.core.settings.store import read_settings
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY


def _add(repo: Repository, value: float, currency: str) -> Deal:
    stage = next(s for s in repo.process.stages if s.kind == StageKind.OPEN)
    deal = build(Deal, id=repo.next_id(Deal), account_id=repo.all(Account)[0].id, title=f"{currency} deal",
                 value=value, currency=currency, stage=stage.name, expected_close=TODAY)
    repo.apply(Change("add", (deal,), "ok"))
    return deal


def test_totals_convert_a_currency_with_a_rate_and_say_which(demo_repo: Repository) -> None:
    process = demo_repo.process
    before = totals(deals_of_kind(demo_repo.all(Deal), process, StageKind.OPEN), process)
    assert before.note == ""
    _add(demo_repo, 38_000, "EUR")
    _add(demo_repo, 10_000, "GBP")
    open_now = deals_of_kind(demo_repo.all(Deal), process, StageKind.OPEN)
    apart = totals(open_now, process)
    assert apart.value == before.value and apart.note == "EUR, GBP not converted: no rate set"
    rated = totals(open_now, process, rates=rate_table({"EUR": 1.08}))
    assert rated.value == before.value + 38_000 * 1.08
    assert rated.converted == ("EUR",) and [t.currency for t in rated.others] == ["GBP"]
    assert rated.count == before.count + 2
    assert rated.note == "EUR converted at your rates; GBP not converted: no rate set"


def test_the_forecast_converts_at_the_rates(demo_repo: Repository) -> None:
    before = forecast.by_stage(demo_repo)
    deal = _add(demo_repo, 38_000, "EUR")
    target_before = forecast.bookings_target(demo_repo, TODAY)
    after = forecast.by_stage(demo_repo, rates=rate_table({"EUR": 1.10}))
    at = next(i for i, b in enumerate(after) if b.label == deal.stage)
    assert after[at].value == before[at].value + 38_000 * 1.10
    assert after[at].others == () and after[at].converted == ("EUR",)
    target = forecast.bookings_target(demo_repo, TODAY, rates=rate_table({"EUR": 1.10}))
    probability = demo_repo.process.stage(deal.stage).probability
    assert target is not None and target_before is not None
    assert target.weighted == target_before.weighted + 38_000 * 1.10 * probability


def test_rates_are_read_from_settings_and_a_bad_one_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"rates": {"EUR": 1.08}, "base_currency": "USD"}))
    settings, problems = read_settings(tmp_path)
    assert settings.rates == {"EUR": 1.08} and problems == []
    (tmp_path / "settings.json").write_text(json.dumps({"rates": {"EUR": "lots"}, "theme": "nord"}))
    settings, problems = read_settings(tmp_path)
    assert settings.rates == {} and settings.theme == "nord"
    assert len(problems) == 1 and "rates" in problems[0]
