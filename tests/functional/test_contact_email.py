"""Tests a contact's e-mail and phone as a seller types them: an address that cannot be one is refused under its
field; a phone is kept exactly as typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import build
from salesplan_tui.core.model.records import Contact
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.screens.contact_form import ContactForm

from .conftest import SIZE, OpenedApps, find
from .test_plan_pane import type_into


@pytest.mark.parametrize("email", ["n/a", "dana at fabrikam.com", "dana@fabrikam", "Dana <dana@x.com>", "a@@b.com"])
def test_an_email_that_cannot_be_an_address_is_refused_naming_the_field(email: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        build(Contact, id=1, name="Dana", email=email)
    assert list(refused.value.errors) == ["email"] and "is not an e-mail address" in refused.value.errors["email"]


@pytest.mark.parametrize("email", ["", "dana.lee+deals@fabrikam.co.uk", "o'neil@example.com"])
def test_an_address_or_nothing_is_kept(email: str) -> None:
    assert build(Contact, id=1, name="Dana", email=email).email == email


def test_an_address_stored_before_it_was_checked_still_opens() -> None:
    assert Contact.model_validate({"id": 1, "name": "Dana", "email": "call reception"}).email == "call reception"


async def test_the_form_refuses_a_bad_email_under_its_field_and_keeps_the_phone_as_typed(
        demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # "+ New contact" is first
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Dana Lee")
        await type_into(pilot, "#email", "dana at fabrikam")
        await type_into(pilot, "#phone", "+1 (555) 010-7788 ext. 12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        said = " ".join(str(s.render()) for s in form.query(Static))
        assert "'dana at fabrikam' is not an e-mail address" in said
        await type_into(pilot, "#email", "dana@fabrikam.com")
        await pilot.press("ctrl+s")
        await pilot.pause()
        made = find(app.repo, Contact, name="Dana Lee")
        assert made.email == "dana@fabrikam.com" and made.phone == "+1 (555) 010-7788 ext. 12"
        assert "+1 (555) 010-7788 ext. 12" in str(app.query_one("#account-detail").render())
    with Repository(demo_path, read_only=True) as reopened:
        assert find(reopened, Contact, name="Dana Lee").phone == "+1 (555) 010-7788 ext. 12"
