"""Tests that a date field reads "end of FY" against the fiscal year the workspace's goals run on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from salesplan_tui.core.model.change import Change, revise
from salesplan_tui.core.model.records import Goal
from salesplan_tui.core.plan.fiscal_year import fiscal_year
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

from .conftest import OpenedApps
from .test_plan_pane import type_into
from .test_second_week import open_action_form


def goals_run_july_to_june(path: Path) -> None:
    with Repository(path) as repo:
        goals = [revise(g, period_start=dt.date(2026, 7, 1), period_end=dt.date(2027, 6, 30)) for g in repo.all(Goal)]
        repo.apply(Change("fiscal year from July", tuple(goals)))
        assert fiscal_year(repo, TODAY).end_month == 6


async def test_end_of_fy_in_a_date_field_is_the_goals_fiscal_year_end(demo_path: Path, opened: OpenedApps) -> None:
    goals_run_july_to_june(demo_path)
    app = opened.app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_action_form(pilot)
        await type_into(pilot, "#due-text", "end of FY")
        assert "Wed 30 Jun 2027" in str(form.query_one("#due-preview", Static).render())
        await type_into(pilot, "#due-text", "end of Q3 FY27")
        assert "Wed 31 Mar 2027" in str(form.query_one("#due-preview", Static).render())
        await type_into(pilot, "#due-text", "Decmber 4")
        assert "Fri 4 Dec" in str(form.query_one("#due-preview", Static).render())
