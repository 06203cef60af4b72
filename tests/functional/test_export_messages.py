"""Tests the app's export refusals as a seller meets them: one plain line naming what is in the way."""

from __future__ import annotations

from pathlib import Path

from .conftest import SIZE, OpenedApps
from .test_palette_exchange import palette
from .test_plan_pane import type_into


async def test_an_export_below_a_file_names_the_file_not_the_errno(demo_path: Path, tmp_path: Path,
                                                                   opened: OpenedApps) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "export the plan")
        await type_into(pilot, "#reason", str(tmp_path / "notes.txt" / "plan.md"))
        await pilot.press("enter")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("notes.txt is a file, not a folder; choose another folder" in m for m in said), said
        assert not any("File exists" in m for m in said)
    assert (tmp_path / "notes.txt").read_text() == "mine"
