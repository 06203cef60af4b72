"""Tests that the health panel writes its counts as the line above it does: with commas ('Overdue action  1,633')."""

from __future__ import annotations

from salesplan_tui.ui.panes.plan import _health_prompt


def test_a_rules_count_and_the_more_line_are_written_with_commas() -> None:
    assert _health_prompt("rule:overdue_action", ("Overdue action", 1633), False).plain == "Overdue action  1,633"
    assert _health_prompt("more:overdue_action", (1630,), False).plain == "  … 1,630 more: enter shows them"
