"""Tests that no key waits on the disk: a held or a full disk, pressing keys, quitting with a write on its way."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.model.records import Action, ActionStatus
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref
from tests.conftest import TODAY
from tests.unit.test_background_writes import Disk

from .conftest import SIZE, OpenedApps, find, reopen, wait_until

QBR = "hold the Q4 business review and agree next year's priorities"


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


async def test_keys_are_answered_on_screen_while_the_disk_holds_the_write(demo_path: Path, opened: OpenedApps,
                                                                         disk: Disk) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome=QBR).id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        disk.hold()
        await pilot.press("space")
        await pilot.pause()
        assert disk.waiting.is_set()  # the write is still held in the disk...
        assert "☑" in str(tree.cursor_node.label)  # ...and the line already shows the action done
        await pilot.press("x")  # the next key is answered too, the first write still held
        await pilot.pause()
        assert disk.waiting.is_set() and app.repo.get(Action, qbr).archived
        await pilot.press("ctrl+z")  # and undone, queued behind both
        await pilot.pause()
        assert not app.repo.get(Action, qbr).archived
        disk.let_go()
        await wait_until(pilot, lambda: not app.repo.writing, "the writes to be done")
    app.repo.close()
    with reopen(demo_path) as repo:
        stored = repo.get(Action, qbr)
        assert stored is not None and stored.status == ActionStatus.DONE and not stored.archived


async def test_a_full_disk_is_one_line_and_the_screen_and_the_file_agree_again(demo_path: Path, opened: OpenedApps,
                                                                              disk: Disk) -> None:
    before = demo_path.read_bytes()
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome=QBR).id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        disk.hold()
        disk.full = True
        await pilot.press("space")
        await pilot.pause()
        assert "☑" in str(tree.cursor_node.label)
        disk.let_go()
        await wait_until(pilot, lambda: any(n.title == "Not saved" for n in app._notifications), "the failure said")
        said = [n.message for n in app._notifications if n.title == "Not saved"]
        assert len(said) == 1 and "No space left on device" in said[0] and "mark" in said[0]
        assert "\n" not in said[0]
        assert app.repo.get(Action, qbr).status == ActionStatus.OPEN
        assert "☑" not in str(tree.cursor_node.label)  # rolled back on screen too
    assert demo_path.read_bytes() == before


async def test_quitting_waits_for_the_write_on_its_way_says_so_and_keeps_it(demo_path: Path, opened: OpenedApps,
                                                                           disk: Disk) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome=QBR).id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        disk.hold()
        await pilot.press("space", "ctrl+q")  # the window keeps answering while it waits
        await wait_until(pilot, lambda: any(n.message == "Saving…" for n in app._notifications), "Saving… said")
        assert not app._exit  # still waiting for the held write
        disk.let_go()
        await wait_until(pilot, lambda: app._exit, "the app to quit")
    app.repo.close()
    with reopen(demo_path) as repo:
        stored = repo.get(Action, qbr)
        assert stored is not None and stored.status == ActionStatus.DONE


async def test_a_captured_action_leaves_the_inbox_only_once_its_write_is_on_disk(demo_path: Path, opened: OpenedApps,
                                                                                 disk: Disk) -> None:
    from salesplan_tui.core.capture import inbox

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        disk.full = True
        sentence = "By Friday I'll get Lena Fischer at Fabrikam to confirm the PO number"
        inbox.leave(demo_path, sentence, today=TODAY)
        await wait_until(pilot, lambda: any(n.title == "Not saved" for n in app._notifications),
                         "the app to try to take it in")  # it looks once a second
        assert len(inbox.waiting(demo_path)) == 1  # the write failed: the captured action still waits
        assert not any(a.captured_from == sentence for a in app.repo.all(Action))
        disk.full = False
        await wait_until(pilot, lambda: inbox.waiting(demo_path) == [], "the app to take it in once it can write")
    app.repo.close()
    with reopen(demo_path) as repo:
        assert len([a for a in repo.all(Action) if a.captured_from == sentence]) == 1
