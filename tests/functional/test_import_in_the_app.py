"""Tests importing a CRM export from the palette as a whole: the mapping screen for what the file's CRM does not say,
the dry run, the import while the app is the writer, and the choices remembered for the next export."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from textual.widgets import Static

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.core.capture.import_inbox import leave_import, waiting_imports
from salesplan_tui.core.model.records import Deal, Objective
from salesplan_tui.core.settings.crm_mappings import MAPPINGS_FILE, recall
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.dialogs import ReasonScreen
from salesplan_tui.ui.screens.import_mapping import ImportMappingScreen
from salesplan_tui.ui.screens.import_preview import ImportPreviewScreen
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps, reopen, wait_until
from .test_palette_exchange import palette
from .test_plan_pane import type_into
from .test_won_moves_the_objective import choose

# A HubSpot export as a seller gets it: a byte-order mark, euro amounts written the German way, a stage of the
# seller's own pipeline, a column salesplan does not read, and a footer row.
MESSY_HUBSPOT = (
    "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Currency,Associated Company,Region\n"
    "9200000001,Northwind - analytics add-on,Verbal commit,2027-01-20,Lena Ortiz,€ 38.000,EUR,Northwind Traders,DACH\n"
    '9200000002,"Tailspin: EU pilot",Appointment Scheduled,2027-02-28,Lena Ortiz,"€ 12.500,50",EUR,Tailspin Toys,DACH\n'
    "Total,,,,,€ 50.500,,,\n"
)


def text_on(screen) -> str:
    return " ".join(str(s.render()) for s in screen.query(Static))


async def import_file(pilot, path: Path) -> None:
    await palette(pilot, "import deals")
    assert isinstance(pilot.app.screen, ReasonScreen)
    await type_into(pilot, "#reason", str(path))
    await pilot.press("enter")
    await pilot.pause()


async def test_an_unknown_stage_is_mapped_in_the_app_imported_and_remembered(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    export = tmp_path / "hubspot.csv"
    export.write_text(MESSY_HUBSPOT, encoding="utf-8-sig")
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = {d.id for d in app.repo.all(Deal)}
        await import_file(pilot, export)
        assert isinstance(app.screen, ImportMappingScreen)  # not a dead end pointing at the CLI
        assert "Verbal commit" in text_on(app.screen)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ImportMappingScreen)  # a stage left unchosen is said, not guessed
        assert "choose a stage" in str(app.screen.query_one("#mapping-error", Static).render()).lower()
        await choose(pilot, "#stage-0", "Negotiation")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen)
        said = text_on(app.screen)
        assert "hubspot" in said and "1 to create, 1 to update" in said
        assert "38,000.00 EUR" in said  # "€ 38.000" read as thirty-eight thousand euros
        assert "total row" in said  # the footer skipped and counted
        assert {d.id for d in app.repo.all(Deal)} == before  # a dry run: nothing written yet
        await pilot.press("y")
        await pilot.pause()
        matched = app.repo.get(Deal, next(d.id for d in app.repo.all(Deal) if d.title == "Northwind - analytics add-on"))
        assert matched.id in before and matched.stage == "Negotiation" and matched.currency == "EUR"
        assert matched.value == 38000
        assert recall("hubspot").stages == {"Verbal commit": "Negotiation"}

        await import_file(pilot, export)  # the same file again: the choices are remembered, and nothing changes
        assert not isinstance(app.screen, (ImportMappingScreen, ImportPreviewScreen))
        assert any("Nothing to change" in n.message for n in app._notifications)
    app.repo.close()
    with reopen(demo_path) as repo:
        assert len(repo.all(Deal)) == len(before) + 1


async def test_m_in_the_dry_run_changes_how_a_column_is_read(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    export = tmp_path / "hubspot.csv"
    export.write_text(MESSY_HUBSPOT, encoding="utf-8-sig")
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / MAPPINGS_FILE).write_text(json.dumps(
        {"hubspot": {"stages": {"Verbal commit": "Negotiation"}, "columns": {"Gone column": "title"}}}))
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await import_file(pilot, export)
        assert isinstance(app.screen, ImportPreviewScreen)  # remembered: no question (a column it lacks passed over)
        assert "0 new contacts" in text_on(app.screen)
        await pilot.press("m")
        assert isinstance(app.screen, ImportMappingScreen)
        columns = app.screen.columns
        await choose(pilot, f"#column-{columns.index('Region')}", "contact")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen)
        assert "2 new contacts" in text_on(app.screen)  # the region read as each deal's contact, as chosen
        await pilot.press("n")
    assert recall("hubspot").columns == {"Gone column": "title"}  # nothing imported: the choices kept as they were


async def test_salesplan_import_while_the_app_is_open_goes_through_its_inbox(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    export = tmp_path / "hubspot.csv"
    export.write_text(MESSY_HUBSPOT, encoding="utf-8-sig")
    app = SalesplanApp(opened.repo(demo_path, role="app"), today=TODAY)  # its lock says an app holds the file
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.repo.all(Deal))
        command = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "salesplan_tui", "import", "--db", str(demo_path), str(export),
            "--map-stage", "Verbal commit=Negotiation", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await command.communicate()  # the app's loop runs meanwhile: the app holds the file
        assert command.returncode == 0, err.decode()
        assert "is in its inbox, and the app imports it" in out.decode()  # it says which way it went
        await wait_until(pilot, lambda: any(d.title == "Tailspin: EU pilot" for d in app.repo.all(Deal)),
                         "the app to import what the command left")
        assert len(app.repo.all(Deal)) == before + 1
        assert any("from `salesplan import`" in n.message for n in app._notifications)
        assert waiting_imports(demo_path) == []
        await pilot.press("ctrl+z")  # one step, as an import from the palette
        await pilot.pause()
        assert len(app.repo.all(Deal)) == before


async def test_an_import_that_no_longer_reads_is_set_aside_and_said(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.repo.all(Deal))
        left = leave_import(demo_path, MESSY_HUBSPOT.encode(), source="hubspot.csv")  # its stage is not mapped
        await wait_until(pilot, lambda: not left.exists(), "the app to look at the import left")
        assert len(app.repo.all(Deal)) == before
        assert any("was not imported" in n.message and "Verbal commit" in n.message for n in app._notifications)
        assert left.with_name(left.name + ".refused").exists()


async def test_the_dry_run_asks_about_an_unsure_row_and_ties_the_deals_to_an_objective(demo_path: Path,
        tmp_path: Path, opened: OpenedApps) -> None:
    export = tmp_path / "hubspot.csv"
    export.write_text("Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company\n"
                      "1,Northwind analytics,Appointment Scheduled,2027-01-20,1000,Northwind Traders\n")
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = {d.id for d in app.repo.all(Deal)}
        await import_file(pilot, export)
        assert isinstance(app.screen, ImportPreviewScreen) and app.screen.unsure
        assert "Northwind: analytics add-on" in text_on(app.screen)  # the deal it may be, named
        await pilot.press("y")
        assert isinstance(app.screen, ImportPreviewScreen)  # nothing guessed: y does not import an unsure row
        await pilot.press("c")  # a new deal
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen) and "1 to create" in text_on(app.screen)
        await pilot.press("o")
        await type_into(pilot, "#pick-filter", "New bookings")
        await pilot.press("enter")
        await pilot.pause()
        assert "Its deals serve New bookings" in text_on(app.screen)
        await pilot.press("y")
        await pilot.pause()
        new = [d for d in app.repo.all(Deal) if d.id not in before]
        bookings = next(o for o in app.repo.all(Objective) if o.title == "New bookings")
        assert [(d.title, d.objective_id) for d in new] == [("Northwind analytics", bookings.id)]
        assert recall("hubspot").objective_id == bookings.id  # the next HubSpot export serves it too
