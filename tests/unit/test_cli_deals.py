"""Tests the deal commands as a user runs them: `deals`, `add --deal NAME`, `import FILE.csv` and the new exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Action, Deal
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CRM = Path(__file__).resolve().parents[1] / "data" / "crm"
SENTENCE = "By Friday I'll get Lena at Fabrikam to confirm the PO number."


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "salesplan_tui", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    return repo.path


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.startswith("salesplan: ")


def test_deals_lists_ids_accounts_stages_values_and_next_steps(demo_db: Path) -> None:
    result = run("deals", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "   7  Discovery    Litware Bank — Litware: compliance reporting  $210,000  close " in result.stdout
    assert "      next: Sarah Lee at Litware: confirm the cost of last year's audit findings" in result.stdout
    listed = json.loads(run("deals", "--json", db=demo_db).stdout)
    seven = next(d for d in listed if d["id"] == 7)
    assert seven["account"] == "Litware Bank" and seven["stage"] == "Discovery" and len(seven["next_steps"]) == 2


def test_add_takes_a_unique_name_fragment_for_the_deal(demo_db: Path) -> None:
    result = run("add", SENTENCE, "--deal", "eu PILOT", "--today", "2026-11-23", db=demo_db)
    assert result.returncode == 0, result.stderr
    with Repository(demo_db, read_only=True) as repo:
        assert repo.all(Action)[-1].deal_id == 6


@pytest.mark.parametrize(("fragment", "said"), [("fabrikam", "matches 3 deals: 5 Fabrikam: North America"),
                                                ("nowhere", "no deal's title or account contains 'nowhere'"),
                                                ("999", "there is no deal 999")])
def test_add_with_an_ambiguous_or_unknown_deal_is_one_line_and_writes_nothing(demo_db: Path, fragment: str,
                                                                              said: str) -> None:
    before = demo_db.read_bytes()
    result = run("add", SENTENCE, "--deal", fragment, db=demo_db)
    assert result.returncode == 2 and one_line(result.stderr) and said in result.stderr
    assert demo_db.read_bytes() == before


def test_import_csv_dry_run_shows_each_row_and_writes_nothing(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    result = run("import", str(CRM / "salesforce_opportunities.csv"), "--dry-run", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "row 2    create    Northwind Traders — Northwind: fleet renewal → Negotiation" in result.stdout
    assert result.stdout.rstrip().endswith("Dry run: 6 to create, 0 to update, 0 unchanged; 4 new accounts, "
                                           "0 new contacts. Nothing was written.")
    assert demo_db.read_bytes() == before


def test_import_csv_then_again_updates_instead_of_duplicating(demo_db: Path) -> None:
    first = run("import", str(CRM / "hubspot_deals.csv"), db=demo_db)
    assert first.returncode == 0 and "Imported: 4 created, 0 updated" in first.stdout, first.stderr
    second = run("import", str(CRM / "hubspot_deals_reimport.csv"), db=demo_db)
    assert "Imported: 1 created, 2 updated, 2 unchanged" in second.stdout, second.stderr
    with Repository(demo_db, read_only=True) as repo:
        assert sum(d.crm == "hubspot" for d in repo.all(Deal)) == 5


def test_import_csv_with_bad_rows_lists_each_and_writes_nothing(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    result = run("import", str(CRM / "salesforce_bad_rows.csv"), db=demo_db)
    assert result.returncode == 2 and demo_db.read_bytes() == before
    lines = result.stderr.splitlines()
    assert len(lines) == 7 and all(line.startswith("salesplan: ") for line in lines)
    assert "row 3: the amount 'ten thousand'" in lines[0] and "row 9: the close date is missing" in lines[-1]
    assert lines[-1].endswith("Nothing was imported (7 problems).") and result.stdout == ""


def test_import_csv_options(demo_db: Path, tmp_path: Path) -> None:
    mapped = run("import", str(CRM / "salesforce_bad_rows.csv"), "--dry-run", "--map-stage", "Verbal Yes=Negotiation",
                 db=demo_db)
    assert "Verbal Yes" not in mapped.stderr and "row 5    create" in mapped.stdout
    wrong = run("import", str(CRM / "hubspot_deals.csv"), "--map", "nonsense", db=demo_db)
    assert wrong.returncode == 2 and one_line(wrong.stderr) and "--map takes NAME=VALUE" in wrong.stderr
    replace = run("import", str(CRM / "hubspot_deals.csv"), "--replace", db=demo_db)
    assert replace.returncode == 2 and one_line(replace.stderr)
    export = tmp_path / "plan.json"
    assert run("export", "-o", str(export), db=demo_db).returncode == 0
    json_with_csv_options = run("import", str(export), "--dry-run", db=demo_db)
    assert json_with_csv_options.returncode == 2 and "not a JSON export" in json_with_csv_options.stderr


def test_the_json_import_still_works(demo_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "plan.json"
    assert run("export", "-o", str(export), db=demo_db).returncode == 0
    fresh = tmp_path / "fresh.json"
    result = run("import", str(export), db=fresh)
    assert result.returncode == 0, result.stderr
    assert run("export", "-o", "-", db=fresh).stdout == export.read_text()


def test_export_md_csv_and_ics(demo_db: Path, tmp_path: Path) -> None:
    md = run("export", "--format", "md", db=demo_db)
    assert md.returncode == 0 and md.stdout.startswith("# ") and "\n## Roadmap to revenue\n" in md.stdout
    deals = run("export", "--format", "csv", "--what", "deals", db=demo_db)
    rows = list(csv.DictReader(io.StringIO(deals.stdout.removeprefix("\ufeff"))))
    assert {r["id"] for r in rows} >= {"1", "7"} and "next step 2" in rows[0]
    target = tmp_path / "actions.ics"
    assert run("export", "--format", "ics", "-o", str(target), db=demo_db).returncode == 0
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    again = run("export", "--format", "ics", "-o", str(target), db=demo_db)
    assert again.returncode == 2 and "--force" in again.stderr
    wrong = run("export", "--format", "ics", "--what", "deals", db=demo_db)
    assert wrong.returncode == 2 and one_line(wrong.stderr) and "--format ics exports actions" in wrong.stderr


def test_add_while_the_app_holds_the_file_leaves_the_action_in_its_inbox(tmp_path: Path) -> None:
    """The seller captures from another terminal while the app is open: nothing is refused and nothing is lost."""
    from salesplan_tui.core.capture import inbox

    path = tmp_path / "w.json"
    Repository(path).close()
    sentence = "By Friday I'll get Lena Fischer at Fabrikam to confirm the PO number"
    with Repository(path):  # the app, holding the writer lock
        result = run("add", sentence, "--today", "2026-11-23", db=path)
        assert result.returncode == 0, result.stderr
        assert "inbox" in result.stdout and len(inbox.waiting(path)) == 1
    later = run("add", "By Monday I'll get Dana Ruiz at Northwind to sign the order form", "--today", "2026-11-23",
                db=path)  # the next command that saves takes in what waited
    assert later.returncode == 0, later.stderr
    assert inbox.waiting(path) == []
    with Repository(path, read_only=True) as repo:
        assert sentence in [a.captured_from for a in repo.all(Action)] and len(repo.all(Action)) == 2
