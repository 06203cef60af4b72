"""Tests the app when something else writes its file: it reloads and re-applies, never writes over, follows a writer."""

from __future__ import annotations

import json
from pathlib import Path

from salesplan_tui.core.model.records import Action, ActionStatus, Goal
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.atomic import atomic_write, serialise
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps, find, reopen, wait_until


def add_goal_elsewhere(path: Path, title: str) -> None:
    """What `salesplan add`, a sync tool or a restore does behind the app's back: the file is replaced."""
    data = json.loads(path.read_bytes())
    new_id = str(max(int(k) for k in data["goals"]) + 1)
    data["goals"][new_id] = {**data["goals"]["1"], "title": title}
    atomic_write(path, serialise(data))


def count_looks(repo: Repository) -> list[None]:
    """Counts the app's looks at its file from now on: each look first asks the workspace whether it may take over.

    A test waits for the next look by this count, never by a pause of a second or so, which a busy machine outlasts.
    """
    looks: list[None] = []
    take_over = repo.take_over

    def counted() -> bool:
        looks.append(None)
        return take_over()

    repo.take_over = counted  # type: ignore[method-assign]
    return looks


async def mark_done(pilot, action: Action) -> None:
    tree = pilot.app.query_one(PlanTree)
    assert tree.reveal(Ref("action", action.id))
    await pilot.pause()
    await pilot.press("space")
    await pilot.pause()


async def test_an_edit_after_an_outside_write_keeps_both(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = find(app.repo, Action, outcome="make more calls")
        add_goal_elsewhere(demo_path, "Goal written [elsewhere]")
        await mark_done(pilot, action)
        messages = " ".join(n.message for n in app._notifications)
        assert "changed outside this window; it was reloaded" in messages
        assert app.repo.get(Action, action.id).status == ActionStatus.DONE
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Action, action.id).status == ActionStatus.DONE
        assert find(repo, Goal, title="Goal written [elsewhere]")


async def test_a_deleted_file_is_not_recreated_and_the_window_says_it_is_read_only(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = find(app.repo, Action, outcome="make more calls")
        demo_path.unlink()
        await mark_done(pilot, action)
        assert not demo_path.exists() and app.repo.read_only
        messages = [n.message for n in app._notifications]
        assert any("deleted or moved" in m and "read-only" in m for m in messages)
        looks = count_looks(app.repo)
        await wait_until(pilot, lambda: len(looks) >= 2, "the app to look at its file twice more")
        # the watcher ran again: the loss is said once, not every second
        assert sum("deleted or moved" in n.message for n in app._notifications) == 1
    app.repo.close()
    assert not demo_path.exists()


async def test_a_read_only_window_follows_the_writer_and_takes_over_when_it_closes(demo_path: Path,
        opened: OpenedApps) -> None:
    writer = opened.repo(demo_path)
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.repo.read_only
        change = plan_ops.add(writer, Goal, title="Typed in the other window", category="success",
                              period_start="2026-01-01", period_end="2026-12-31")
        writer.apply(change)
        # the watcher looks once a second: shown here without a restart
        await wait_until(pilot, lambda: app.repo.get(Goal, change.first(Goal).id) is not None,
                         "the write in the other window to show here")
        writer.close()
        await wait_until(pilot, lambda: not app.repo.read_only, "this window to take over once the writer closed")
        assert any("saves changes now" in n.message for n in app._notifications)
        await mark_done(pilot, find(app.repo, Action, outcome="make more calls"))
        assert app.repo.get(Action, find(app.repo, Action, outcome="make more calls").id).status == "done"


async def test_an_action_captured_from_the_shell_appears_in_the_open_app(demo_path: Path, opened: OpenedApps) -> None:
    from salesplan_tui.core.capture import inbox

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sentence = "By Friday I'll get Lena Fischer at Fabrikam to confirm the PO number"
        inbox.leave(demo_path, sentence, today=TODAY)
        looks = count_looks(app.repo)
        await wait_until(pilot, lambda: any(a.captured_from == sentence for a in app.repo.all(Action)),
                         "the app to take in the captured action")  # it looks once a second
        assert [a.captured_from for a in app.repo.all(Action) if a.captured_from == sentence] == [sentence]
        assert any("Captured from the shell" in n.message for n in app._notifications)
        assert inbox.waiting(demo_path) == []
        taken_at = len(looks)
        await wait_until(pilot, lambda: len(looks) >= taken_at + 2, "the app to look at its file twice more")
        # taken in once, never twice
        assert len([a for a in app.repo.all(Action) if a.captured_from == sentence]) == 1
    app.repo.close()
    with reopen(demo_path) as repo:
        assert len([a for a in repo.all(Action) if a.captured_from == sentence]) == 1
