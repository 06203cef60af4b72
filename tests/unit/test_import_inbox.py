"""Tests CRM imports left in the inbox for the app: written whole and private, read back as given, refused when bad."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from salesplan_tui.core.capture.import_inbox import leave_import, read_import, waiting_imports
from salesplan_tui.core.capture.inbox import inbox_dir, waiting

CSV = "\ufeffDeal Name,Deal Stage\nPilot,Verbal commit\n".encode()


def test_an_import_is_left_whole_with_its_choices_and_apart_from_the_actions(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.json"
    left = leave_import(workspace, CSV, source="deals.csv", crm="hubspot", column_map={"Region": "contact"},
                        stage_map={"Verbal commit": "Negotiation"}, decimal=",",
                        rule={"objective_id": 3, "reopen": False, "unsure": "new"})
    assert waiting_imports(workspace) == [left] and waiting(workspace) == []  # not an action entry
    assert os.stat(inbox_dir(workspace)).st_mode & 0o077 == 0
    entry = read_import(left)
    assert (entry.source, entry.raw, entry.crm, entry.decimal) == ("deals.csv", CSV, "hubspot", ",")
    assert entry.column_map == {"Region": "contact"} and entry.stage_map == {"Verbal commit": "Negotiation"}
    assert entry.rule == {"objective_id": 3, "reopen": False, "unsure": "new"}


@pytest.mark.parametrize("content", [b"no header line at all", b"{not json}\nrows", b'{"column_map": [1]}\n',
                                     b'{"decimal": ";"}\n', b'{"rule": {"unsure": "maybe"}}\n',
                                     b'{"rule": {"objective_id": true}}\n'])
def test_a_damaged_entry_is_one_line_never_a_crash(tmp_path: Path, content: bytes) -> None:
    entry = tmp_path / "x.import"
    entry.write_bytes(content)
    with pytest.raises(ValueError, match=r"x\.import cannot be read"):
        read_import(entry)


def test_no_inbox_means_nothing_waits(tmp_path: Path) -> None:
    assert waiting_imports(tmp_path / "ws.json") == []
