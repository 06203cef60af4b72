"""Tests a CRM export's encoding (BOM, UTF-8, Windows-1252, refused otherwise) and its reading as a bounded stream."""

from __future__ import annotations

import codecs
import tracemalloc
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.crm.importing import CREATE, plan_import
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)
TEXT = "Deal\tCompany\tAmount\tStage\tClose date\nZürich: Ōsaka rollout\tMüller & Söhne\t1200\tProposal\t2027-01-05\n"



@pytest.mark.parametrize(("raw", "note"), [
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "read as UTF-16 LE text"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "read as UTF-16 BE text"),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "read as UTF-32 LE text"),
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "read as UTF-32 BE text"),
    (codecs.BOM_UTF8 + TEXT.encode(), None),
    (TEXT.encode("utf-16-le"), "read as UTF-16 LE (no byte-order mark) text"),
])
def test_unicode_files_are_read_by_their_byte_order_mark(demo_repo: Repository, raw: bytes, note: str | None) -> None:
    found = plan_import(demo_repo, raw, CLOCK)
    assert found.errors == () and [r.title for r in found.rows] == ["Zürich: Ōsaka rollout"]
    assert (note in found.notes) if note else not any(n.startswith("read as") for n in found.notes)


def test_shift_jis_is_refused_in_one_line_not_read_as_mojibake(demo_repo: Repository) -> None:
    raw = "Deal,Company,Amount,Stage,Close date\nテストカタカナ,ひらがな,1200,Proposal,2027-01-05\n".encode("shift_jis")
    found = plan_import(demo_repo, raw, CLOCK)
    assert found.change is None and len(found.errors) == 1 and "\n" not in found.errors[0]
    assert found.errors[0].startswith("the file is not UTF-8, UTF-16, UTF-32 or Windows-1252 text")


@pytest.mark.parametrize(("raw", "said"), [(b"", "empty"), (b"\r\n\r\n", "empty"),
                                           (b"Deal,Company,Stage,Close date\n", "no deals"),
                                           (b"Deal,Company\x00,Stage\n", "NUL bytes")])
def test_empty_and_header_only_files(demo_repo: Repository, raw: bytes, said: str) -> None:
    found = plan_import(demo_repo, raw, CLOCK)
    assert len(found.errors) == 1 and said in found.errors[0]


def test_a_file_is_read_as_a_stream_within_its_limit(demo_repo: Repository, tmp_path: Path) -> None:
    big = tmp_path / "one-line.csv"
    with big.open("wb") as out:
        out.write(b"Deal,Company,Amount,Stage,Close date\n")
        out.write(b"x" * 30_000_000)
    tracemalloc.start()
    with big.open("rb") as stream:
        found = plan_import(demo_repo, stream, CLOCK)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "line longer than 1,000,000 characters (line 2)" in found.errors[0]
    assert peak < 20_000_000, f"peak {peak / 1e6:.0f} MB"
    with big.open("rb") as stream:
        assert "larger than 1 MB" in plan_import(demo_repo, stream, CLOCK, limit=1_000_000).errors[0]


def test_a_stream_reads_like_bytes(demo_repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(TEXT.encode("cp1252", errors="replace"))
    with path.open("rb") as stream:
        found = plan_import(demo_repo, stream, CLOCK)
    assert [r.outcome for r in found.rows] == [CREATE] and "read as Windows-1252 text" in found.notes
