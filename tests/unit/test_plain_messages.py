"""Tests that a refusal says what the user did and what to do, never a library's words (codec, pydantic, errno)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange import targets
from salesplan_tui.core.exchange.crm.importing import plan_import
from salesplan_tui.core.model.change import build
from salesplan_tui.core.model.records import Deal
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.errors import StorageError
from tests.conftest import TODAY

LIBRARY_WORDS = ("Input should", "codec", "Errno", "File exists", "Not a directory", "position")


def plain(message: str) -> bool:
    return not any(words in message for words in LIBRARY_WORDS)


@pytest.mark.parametrize(("value", "said"), [(math.inf, "infinity and NaN are not amounts; give a plain number"),
                                             (math.nan, "infinity and NaN are not amounts"),
                                             ("lots", "'lots' is not a number; give one such as 12500")])
def test_a_bad_amount_is_said_in_plain_words_naming_the_field(value: object, said: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        build(Deal, id=1, account_id=1, title="t", value=value, stage="Prospect", expected_close=TODAY)
    assert said in refused.value.errors["value"] and plain(str(refused.value))


def test_a_csv_damaged_after_its_byte_order_mark_is_one_plain_line(demo_repo: Repository) -> None:
    found = plan_import(demo_repo, b"\xff\xfeO\x00p\x00,\x00\x00\xd8", Clock.on(TODAY))
    assert len(found.errors) == 1 and plain(found.errors[0])
    assert "UTF-16-LE" in found.errors[0] and "save it again as CSV UTF-8" in found.errors[0]


def test_an_export_below_a_file_names_the_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    for given in (tmp_path / "notes.txt" / "plan.md", tmp_path / "notes.txt" / "deeper" / "plan.md"):
        with pytest.raises(StorageError) as refused:
            targets.destination(given, tmp_path / "plan.json", force=False)
        assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in str(refused.value) and plain(str(refused.value))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_export_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as refused:
        targets.write_out(tmp_path / "nowhere" / "plan.md", b"x", "nowhere/plan.md")
    assert "the folder" in str(refused.value) and "does not exist" in str(refused.value) and plain(str(refused.value))


def test_the_cli_says_a_missing_import_file_plainly(tmp_path: Path, demo_repo: Repository) -> None:
    from tests.unit.test_cli_deals import run

    demo_repo.close()
    result = run("import", str(tmp_path / "nope.csv"), db=demo_repo.path)
    assert result.returncode == 2 and "there is no file" in result.stderr and plain(result.stderr)
