"""Provides fiscal_year(): the year the workspace's goals run on, which "end of FY" and "end of Q3 FY27" read against."""

from __future__ import annotations

import datetime as dt

from salesplan_tui.core.dates.fiscal import FiscalYear
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.plan.goal_ops import default_period


def fiscal_year(view: WorkspaceView, today: dt.date) -> FiscalYear:
    """The fiscal year of the period most current goals share (a new goal's default); the calendar year without."""
    return FiscalYear.of_period(*default_period(view, today))
