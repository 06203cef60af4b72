"""Tests `salesplan import --dry-run` on a file with bad rows: each problem said once, a long field cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.exchange.demo import open_demo
from tests.conftest import TODAY
from tests.unit.test_cli_deals import run

LONG = "Renewal " + "x" * 300


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    return repo.path


def test_dry_run_says_each_bad_row_once_with_its_long_field_cut(demo_db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "deals.csv"
    csv.write_text("Opportunity Name,Account Name,Stage,Close Date,Amount\n"
                   "Big deal,Acme,Prospecting,2026-12-31,1000\n"
                   f"{LONG},Acme,Prospecting,2026-12-31,abc\n"
                   "Small deal,,Prospecting,2026-12-31,5\n")
    before = demo_db.read_bytes()
    result = run("import", str(csv), "--dry-run", db=demo_db)
    assert result.returncode == 2 and demo_db.read_bytes() == before
    said = result.stdout + result.stderr
    assert said.count("the amount 'abc' is not a number of money") == 1
    assert said.count("the account name is missing") == 1
    assert LONG not in said and "xxx…" in said
    assert max(len(line) for line in result.stdout.splitlines()) < 160
    assert result.stderr.splitlines()[-1].endswith("Nothing was imported (2 problems).")


def test_dry_run_still_says_a_problem_of_the_whole_file(demo_db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "deals.csv"
    csv.write_text("Opportunity Name,Account Name,Stage,Close Date\n")
    result = run("import", str(csv), "--dry-run", db=demo_db)
    assert result.returncode == 2 and "the file has a header but no deals" in result.stderr
