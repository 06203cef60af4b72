"""Tests the import's dry run in the app reopening deals closed here that the file has open, as `--reopen` does."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.model.records import Deal
from salesplan_tui.ui.screens.import_preview import ImportPreviewScreen

from .conftest import SIZE, OpenedApps
from .test_import_in_the_app import import_file, text_on

# Fabrikam's customs module is Closed Won in the demo; the CRM still has it in Proposal.
STILL_OPEN = ("Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company\n"
              "77,Fabrikam: customs module,Presentation Scheduled,2027-01-20,1000,Fabrikam Logistics\n")


async def test_r_in_the_dry_run_reopens_a_closed_deal_in_the_same_undo_step(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    export = tmp_path / "hubspot.csv"
    export.write_text(STILL_OPEN)
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        deal = next(d for d in app.repo.all(Deal) if d.title == "Fabrikam: customs module")
        assert deal.stage == "Closed Won"
        await import_file(pilot, export)
        assert isinstance(app.screen, ImportPreviewScreen)
        said = text_on(app.screen)
        assert "stays so" in said and "r reopens it" in said and "--reopen" not in said
        assert "r reopen the deal closed here" in said  # the choice, on the question line
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen) and app.screen.reopening
        said = text_on(app.screen)
        assert f"Reopens the deal closed here, to the stage the file gives: deal {deal.id} Fabrikam: customs module" \
               in said and "reopened from Closed Won" in said and "r keep it closed" in said and "r keeps it closed" in said
        assert app.repo.get(Deal, deal.id).stage == "Closed Won"  # still a dry run
        await pilot.press("r")  # and back: kept closed again
        await pilot.pause()
        assert not app.screen.reopening and "stays so" in text_on(app.screen)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ImportPreviewScreen)
        reopened = app.repo.get(Deal, deal.id)
        assert reopened.stage != "Closed Won" and reopened.crm_id == "77"
        await pilot.press("ctrl+z")  # one step: the import and the reopening go back together
        await pilot.pause()
        back = app.repo.get(Deal, deal.id)
        assert back.stage == "Closed Won" and back.crm_id == ""


async def test_r_says_so_when_no_closed_deal_is_open_in_the_file(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    export = tmp_path / "hubspot.csv"
    export.write_text("Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company\n"
                      "78,Brand new deal,Presentation Scheduled,2027-01-20,1000,Fabrikam Logistics\n")
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await import_file(pilot, export)
        assert isinstance(app.screen, ImportPreviewScreen) and "reopen" not in text_on(app.screen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen) and not app.screen.reopening
