"""Tests contacts and accounts as a seller meets them: a place for contacts, a deal form that lists its account's own
people, and a new account typed straight into the deal form."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, SelectionList

from salesplan_tui.core.model.records import Account, Contact, Deal
from salesplan_tui.ui.screens.contact_form import ContactForm
from salesplan_tui.ui.screens.deal_form import DealForm
from salesplan_tui.ui.screens.dialogs import PickScreen

from .conftest import SIZE, OpenedApps, find, reopen
from .test_plan_pane import type_into


async def test_contacts_have_a_place_on_the_accounts_pane(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        account = app.query_one("#accounts-pane")._account()
        await pilot.press("c")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # "+ New contact" is first
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Mo [Chen]")
        await type_into(pilot, "#role", "buyer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        made = find(app.repo, Contact, name="Mo [Chen]")
        assert made.account_id == account.id and made.role == "buyer"
        assert "Mo [Chen]" in str(app.query_one("#account-detail").render())


async def test_the_deal_form_lists_its_accounts_people_and_takes_a_new_account(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fabrikam = find(app.repo, Account, name="Fabrikam Logistics")
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, DealForm)
        contacts = form.query_one("#contact_ids", SelectionList)
        assert contacts.option_count == 0  # no account chosen yet: nobody's people
        form.query_one("#account_id", Select).value = fabrikam.id
        await pilot.pause()
        listed = {contacts.get_option_at_index(i).value for i in range(contacts.option_count)}
        assert listed and all(app.repo.get(Contact, c).account_id in (None, fabrikam.id) for c in listed)

        form.query_one("#account_id", Select).clear()
        await type_into(pilot, "#new_account", "Tailspin Toys")
        await type_into(pilot, "#title", "Tailspin: pilot")
        await type_into(pilot, "#value", "12k")
        form.query_one("#expected_close Input").value = "end of next month"
        await type_into(pilot, "#new_contact", "Mo Chen, buyer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DealForm)
    app.repo.close()
    with reopen(demo_path) as repo:
        account = find(repo, Account, name="Tailspin Toys")
        deal = find(repo, Deal, title="Tailspin: pilot")
        contact = find(repo, Contact, name="Mo Chen")
        assert deal.account_id == account.id == contact.account_id and deal.contact_ids == [contact.id]
