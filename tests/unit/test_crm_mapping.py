"""Tests what a CRM export needs mapped before it imports, and the choices remembered per CRM."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.exchange.crm.mapping import needs, usable
from salesplan_tui.core.settings.crm_mappings import MAPPINGS_FILE, CrmMapping, recall, remember
from salesplan_tui.core.storage import Repository

EXPORT = ("\ufeffRecord ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Associated Company,Region\n"
          "1,Pilot,Verbal commit,2027-01-20,Lena,€ 38.000,Northwind Traders,DACH\n"
          "2,Rollout,verbal  COMMIT,2027-01-20,Lena,€ 38.000,Northwind Traders,DACH\n"
          "3,Renewal,Appointment Scheduled,2027-01-20,Lena,1000,Northwind Traders,DACH\n"
          "4,Old one,Parked,2027-01-20,Lena,1000,Northwind Traders,DACH\n"
          "Total,,,,,€ 77.000,,\n").encode()


def test_unknown_stages_are_listed_once_each_in_file_order(demo_repo: Repository) -> None:
    need = needs(demo_repo, EXPORT)
    assert need.crm == "hubspot" and need.missing == ()
    assert need.unknown_stages == ("Verbal commit", "Parked")  # "verbal  COMMIT" is the same stage
    assert need.read_as["Deal Name"] == "title" and "Region" not in need.read_as
    assert not need.complete


def test_mapped_stages_and_columns_complete_the_file(demo_repo: Repository) -> None:
    need = needs(demo_repo, EXPORT, column_map={"Region": "contact"},
                 stage_map={"Verbal commit": "Negotiation", "Parked": "Prospect"})
    assert need.complete and need.read_as["Region"] == "contact"


def test_a_required_field_no_column_holds_is_missing(demo_repo: Repository) -> None:
    need = needs(demo_repo, EXPORT, column_map={"Close Date": "ignore"})
    assert need.missing == ("expected_close",)


def test_remembered_choices_that_do_not_fit_are_passed_over(demo_repo: Repository) -> None:
    columns, stages = usable(demo_repo, ["Deal Name", "Region"], {"Region": "contact", "Gone": "title",
                                                                  "Deal Name": "no such field"},
                             {"Verbal commit": "Negotiation", "Old": "A stage renamed since"})
    assert columns == {"Region": "contact"} and stages == {"Verbal commit": "Negotiation"}


def test_choices_are_remembered_per_crm(tmp_path: Path) -> None:
    assert recall("hubspot", tmp_path) == CrmMapping()
    assert remember("hubspot", CrmMapping({"Region": "contact"}, {"Verbal commit": "Negotiation"}), tmp_path) is None
    assert remember("pipedrive", CrmMapping({}, {"Won-ish": "Closed Won"}), tmp_path) is None
    assert recall("hubspot", tmp_path).stages == {"Verbal commit": "Negotiation"}
    assert recall("pipedrive", tmp_path).stages == {"Won-ish": "Closed Won"}


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"hubspot": 3}', b'{"hubspot": {"stages": [1]}}',
                                     b"\xff\xfe"])
def test_a_damaged_file_remembers_nothing_and_is_replaced_on_the_next_import(tmp_path: Path, content: bytes) -> None:
    (tmp_path / MAPPINGS_FILE).write_bytes(content)
    assert recall("hubspot", tmp_path) == CrmMapping()
    assert remember("hubspot", CrmMapping({}, {"A": "Negotiation"}), tmp_path) is None
    assert recall("hubspot", tmp_path).stages == {"A": "Negotiation"}
