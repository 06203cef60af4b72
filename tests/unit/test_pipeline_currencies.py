"""Tests that pipeline totals and the forecast never add one currency into another: each is counted on its own."""

from __future__ import annotations

from salesplan_tui.core.model.change import Change, build
from salesplan_tui.core.model.records import Account, Deal, StageKind
from salesplan_tui.core.pipeline import forecast
from salesplan_tui.core.pipeline.moves import deals_of_kind, totals
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY


def _add_euro_deal(demo_repo: Repository, value: float) -> Deal:
    stage = next(s for s in demo_repo.process.stages if s.kind == StageKind.OPEN)
    deal = build(Deal, id=demo_repo.next_id(Deal), account_id=demo_repo.all(Account)[0].id, title="Euro deal", value=value,
                 currency="EUR", stage=stage.name, expected_close=TODAY)
    demo_repo.apply(Change("add", (deal,), "ok"))
    return deal


def test_a_euro_deal_is_not_added_into_dollar_totals(demo_repo: Repository) -> None:
    open_now = deals_of_kind(demo_repo.all(Deal), demo_repo.process, StageKind.OPEN)
    before = totals(open_now, demo_repo.process)
    _add_euro_deal(demo_repo, 38_000)
    after = totals(deals_of_kind(demo_repo.all(Deal), demo_repo.process, StageKind.OPEN), demo_repo.process)
    assert after.value == before.value and after.currency == "USD"
    assert after.count == before.count + 1 and after.mixed
    assert [(c.currency, c.count, c.value) for c in after.others] == [("EUR", 1, 38_000.0)]
    assert after.per_currency["EUR"].value == 38_000.0


def test_forecast_bars_and_target_keep_currencies_apart(demo_repo: Repository) -> None:
    before = forecast.by_stage(demo_repo)
    deal = _add_euro_deal(demo_repo, 38_000)
    after = forecast.by_stage(demo_repo)
    at = next(i for i, b in enumerate(after) if b.label == deal.stage)
    assert after[at].value == before[at].value and after[at].deals == before[at].deals + 1
    assert after[at].others == (("EUR", 38_000.0, 38_000.0 * demo_repo.process.stage(deal.stage).probability),)
    months = forecast.by_month(demo_repo, TODAY)
    assert any(m.others for m in months)
