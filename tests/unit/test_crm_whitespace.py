"""Tests that a tab or carriage return inside a CSV field is kept as the user's text, and shown as a symbol."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.exchange.crm.importing import plan_import
from salesplan_tui.core.model.records import Account, Deal
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)
FILE = (b'Opportunity Name,Account Name,Stage,Close Date,Amount,Next Step\n'
        b'"Q3\trenewal","Tab\tWorks",Prospecting,2026-12-31,1000,"call\r\nDana"\n')


def test_tabs_and_carriage_returns_inside_fields_are_stored_as_typed(demo_repo: Repository) -> None:
    found = plan_import(demo_repo, FILE, CLOCK)
    assert found.errors == () and found.change is not None
    demo_repo.apply(found.change)
    path = demo_repo.path
    demo_repo.close()
    with Repository(path, read_only=True) as reopened:
        deal = next(d for d in reopened.all(Deal) if d.crm == "salesforce")
        assert deal.title == "Q3\trenewal" and deal.next_call_outcome == "call\r\nDana"
        assert any(a.name == "Tab\tWorks" for a in reopened.all(Account))
    assert visible(deal.title) == "Q3␉renewal"


def test_the_dry_run_line_shows_the_tab_as_a_symbol(demo_repo: Repository) -> None:
    line = next(r.line for r in plan_import(demo_repo, FILE, CLOCK).rows)
    assert "\t" in line and "Tab␉Works — Q3␉renewal" in visible(line)


def test_the_cli_lists_the_deal_with_the_tab_as_a_symbol(demo_repo: Repository, tmp_path: Path) -> None:
    from tests.unit.test_cli_deals import run

    path = demo_repo.path
    demo_repo.close()
    csv = tmp_path / "deals.csv"
    csv.write_bytes(FILE)
    assert run("import", str(csv), db=path).returncode == 0
    listed = run("deals", db=path).stdout
    assert "Q3␉renewal" in listed and "\t" not in listed
