"""Provides section 2: key → first frame and key → settled, in the real app on a workspace, headless (Pilot).

Run alone: `python bench/keys.py WORKSPACE.json OUT.json --presses 20` (the harness runs it in its own process,
with a timeout, on a copy of the 10k workspace; as a script, so PYTHONPATH, not the current folder, decides which
copy of salesplan is measured).

How a frame is timed: the app's `_display` (where every compositor update goes to the terminal) is wrapped; the
wrapper also renders the update to terminal escape sequences, the work a real terminal driver does that headless
mode skips, and then takes the time. "First frame" is the first update after the key; "settled" is the last
update before the app is idle: no update and the event loop free (its 10 ms ticks on time) for 200 ms.

Before every timed key the toasts are cleared and the app is left to go idle, so no earlier work lands in the
measurement. Cursor blinking is turned off (a blink is not the key's work). After every key, what it did is
checked on the workspace and on the rendered screen; a key whose effect is not there is counted as failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

QUIET = 0.2  # seconds without a frame, the event loop free, that count as idle
PROBES = 2  # untimed presses per measurement that look for the effect in every frame
TICK = 0.01
FILTER = "Account 17"
SLOW_DISK = 0.5  # seconds each fsync takes, as on a slow disk
SLOW_KEY = "mark done or reopen, each fsync taking 500 ms (space)"


class Frames:
    """Timestamps of the frames the app hands to the terminal; with a probe, whether each frame shows an effect."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.times: list[float] = []
        self.probe: Callable[[], bool] | None = None
        self.shown: list[bool] = []
        display = app._display

        def timed(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)  # what a real driver writes
                self.times.append(time.perf_counter())
                if self.probe is not None:
                    self.shown.append(self.probe())

        app._display = timed


async def idle(pilot, frames: Frames, timeout: float = 30.0) -> None:
    """Waits until no frame has come and the event loop has been free for QUIET seconds."""
    await pilot.pause()
    start = quiet_since = time.perf_counter()
    while True:
        before = time.perf_counter()
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        if now - before > TICK + 0.03:  # the loop was busy: not idle
            quiet_since = now
        if frames.times and frames.times[-1] > quiet_since:
            quiet_since = frames.times[-1]
        if now - quiet_since >= QUIET:
            return
        if now - start > timeout:
            raise TimeoutError(f"the app did not go idle in {timeout:.0f} s")


def screen_text(app) -> str:
    """The text of the screen as last composed (for checking that a key's effect is drawn)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


Effect = Callable[[], tuple[bool, str]]  # is the key's effect on screen, and if not, what is


class Keys:
    """Presses keys and keeps, per measurement, (first, settled), the keys whose effect was missing, and probes.

    The first PROBES presses of each measurement are not timed: after every frame they check whether the effect
    is on screen yet, which says whether "first frame" is the change itself or only a first response (a dialog
    closing, a toast). Checking costs time, so those presses are kept out of the figures.
    """

    def __init__(self, pilot, frames: Frames) -> None:
        self.pilot, self.frames = pilot, frames
        self.samples: dict[str, dict[str, list[float]]] = {}
        self.failed: dict[str, list[str]] = {}
        self.probes: dict[str, list[str]] = {}
        self.trace: list[tuple[str, list[float]]] = []

    async def press(self, name: str, key: str, effect: Effect, probing: bool = False) -> None:
        pilot, frames = self.pilot, self.frames
        pilot.app.clear_notifications()
        await idle(pilot, frames)
        count = len(frames.times)
        frames.shown = []
        frames.probe = (lambda: effect()[0]) if probing else None
        start = time.perf_counter()
        await pilot.press(key)
        await idle(pilot, frames)
        frames.probe = None
        after = [t for t in frames.times[count:] if t > start]
        self.trace.append((f"{name}{' (probe)' if probing else ''}", [round((t - start) * 1000, 1) for t in after]))
        ok, why = effect()
        if probing:
            first = next((i for i, shown in enumerate(frames.shown) if shown), None)
            self.probes.setdefault(name, []).append(
                f"frame {first + 1} of {len(frames.shown)}" if first is not None else f"in none of {len(frames.shown)}")
            return
        if not after or not ok:
            self.failed.setdefault(name, []).append(why if not ok else "no frame after the key")
            return
        entry = self.samples.setdefault(name, {"first": [], "settled": []})
        entry["first"].append(after[0] - start)
        entry["settled"].append(after[-1] - start)


def _steady_cursors() -> None:
    """Input boxes do not blink (a blink every half second is a frame no key asked for)."""
    from textual.widgets import Input

    original = Input.__dict__["_on_mount"]

    def steady(self, event) -> None:
        self.set_reactive(Input.cursor_blink, False)
        original(self, event)

    Input._on_mount = steady  # type: ignore[method-assign]


async def run(path: Path, presses: int) -> dict:
    _steady_cursors()
    from textual.widgets import Input, TabbedContent

    from bench.common import SIZE
    from salesplan_tui.core.model.records import Action, ActionStatus, Kind, StageKind
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.ui.app import SalesplanApp
    from salesplan_tui.ui.panes.pipeline import DealList, PipelinePane
    from salesplan_tui.ui.panes.plan import PlanPane
    try:  # the stage-move dialog; an older commit (measured with --at) asked with the plain confirmation
        from salesplan_tui.ui.screens.stage_move import StageMoveScreen as MoveDialog
    except ImportError:
        from salesplan_tui.ui.screens.dialogs import ConfirmScreen as MoveDialog  # type: ignore[assignment]
    from salesplan_tui.ui.widgets.plan_tree import Ref

    app = SalesplanApp(Repository(path))
    frames = Frames(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        deadline = time.perf_counter() + 60
        while not (app.loaded and app.query(PlanPane) and app.query_one(PlanPane).tree.root.children):
            if time.perf_counter() > deadline:
                raise TimeoutError("the workspace did not open in 60 s")
            await asyncio.sleep(0.05)
        await idle(pilot, frames)
        keys = Keys(pilot, frames)
        plan = app.query_one(PlanPane)
        repo = app.repo
        rounds = [i < PROBES for i in range(PROBES + presses)]  # True: a probe press, not timed

        def on_screen(*needles: str) -> Effect:
            return lambda: (all(n in screen_text(app) for n in needles), f"{needles} not on screen")

        # ----- switch pane: 1 → 2 and 2 → 1 ------------------------------------------------------
        for probing in rounds:
            for key, pane, needle in (("2", "pipeline", "open deals"), ("1", "plan", "Plan health")):
                await keys.press(f"switch pane ({key})", key, lambda pane=pane, needle=needle: (
                    app.query_one(TabbedContent).active == pane and needle in screen_text(app),
                    f"pane {app.query_one(TabbedContent).active!r}"), probing)

        # ----- mark an action done (space), again to reopen ---------------------------------------
        action = next(a for a in repo.all(Action) if a.objective_id is not None and a.is_open)
        plan.tree.reveal(Ref(Kind.ACTION, action.id))
        plan.tree.focus()
        await idle(pilot, frames)

        def marked(status: ActionStatus) -> Effect:
            mark = "☑" if status == ActionStatus.DONE else "☐"
            return lambda: (repo.get(Action, action.id).status == status and any(
                mark in line and action.outcome in line for line in screen_text(app).splitlines()),
                f"status {repo.get(Action, action.id).status}, {mark} not drawn")

        for probing in rounds:  # space marks it done, then reopens it: each counted under its own name
            await keys.press("mark an action done (space)", "space", marked(ActionStatus.DONE), probing)
            await keys.press("reopen it (space again)", "space", marked(ActionStatus.OPEN), probing)

        # The same with a disk whose every fsync takes half a second (a synced or network folder, a busy laptop
        # disk): the key must not wait for it. fsync itself is slowed, so code that writes on the event loop (an
        # older commit, measured with --at) shows what a user waited for there.
        real_fsync = os.fsync

        def slow_fsync(fd: int) -> None:
            time.sleep(SLOW_DISK)
            real_fsync(fd)

        os.fsync = slow_fsync
        try:
            for probing in rounds:
                await keys.press(SLOW_KEY, "space", marked(ActionStatus.DONE), probing)
                await keys.press(SLOW_KEY, "space", marked(ActionStatus.OPEN), probing)
            if hasattr(repo, "wait_for_writes"):
                await asyncio.to_thread(repo.wait_for_writes)
        finally:
            os.fsync = real_fsync

        # ----- add an action: the form filled, ctrl+s → the new line drawn ------------------------
        plan.tree.reveal(Ref(Kind.OBJECTIVE, action.objective_id))
        plan.tree.focus()
        for i, probing in enumerate(rounds):
            await keys.press("open the add form (a)", "a", on_screen("New action"), probing)
            if type(app.screen).__name__ != "ActionForm":
                break
            outcome = f"sign order form {1000 + i}"
            app.screen.query_one("#sentence", Input).value = f"By Friday I'll get Dana Ruiz at Account 1 to {outcome}."
            await pilot.press("enter")  # the coach reads the sentence and fills the fields (untimed)
            await keys.press("add an action (ctrl+s in the form)", "ctrl+s", on_screen(outcome), probing)

        # ----- filter the plan: enter in the filter box → the tree redrawn; then clear it ---------
        plan.tree.focus()
        for probing in rounds:
            await pilot.press("slash")
            await idle(pilot, frames)
            app.focused.value = FILTER  # type: ignore[union-attr]
            await keys.press("filter the plan (enter)", "enter", on_screen("Filtered:", FILTER), probing)
            await pilot.press("slash")
            await keys.press("clear the filter (escape)", "escape",
                             lambda: ("Filtered:" not in screen_text(app), "the filter is still shown"), probing)
            plan.tree.focus()

        # ----- move a deal a stage: shift+→ opens the confirmation, its criteria ticked, y moves it ---
        await pilot.press("2")
        await idle(pilot, frames)
        board = app.query_one(PipelinePane)
        first_stage, second_stage = [s.name for s in repo.process.stages if s.kind == StageKind.OPEN][:2]
        for probing in rounds:
            first_column = next(dl for dl in board.query(DealList) if dl.stage == first_stage)
            first_column.focus()
            first_column.highlighted = 0
            await idle(pilot, frames)
            deal = board.current_deal()
            if deal is None:
                keys.failed.setdefault("move a deal a stage (y)", []).append("no deal in the first stage")
                break
            await keys.press("open the move confirmation (shift+→)", "shift+right", on_screen("Move it?"), probing)
            title = re.compile(re.escape(deal.title) + r"\b")
            if isinstance(app.screen, MoveDialog) and getattr(app.screen, "criteria", None):  # the seller ticks each (untimed)
                app.screen.query_one("#criteria").select_all()
                await idle(pilot, frames)

            def moved(deal=deal, title=title) -> tuple[bool, str]:
                column = next((dl.stage for dl in board.query(DealList) if deal.id in dl.deal_ids), None)
                text = screen_text(app)
                return (not isinstance(app.screen, MoveDialog) and column == second_stage
                        and bool(title.search(text)), f"in column {column}, title drawn {bool(title.search(text))}")

            await keys.press("move a deal a stage (y)", "y", moved, probing)

        # ----- a review step: in a weekly review's walk, ctrl+d marks the item's action done and shows the next --
        await pilot.press("3")
        await idle(pilot, frames)
        await pilot.press("w")  # the start screen: its agenda
        await idle(pilot, frames)
        await pilot.press("ctrl+s")  # begin the walk (untimed)
        await idle(pilot, frames)
        # In a large year the start screen reads the open actions' words on a thread, and ctrl+s pressed meanwhile
        # starts the walk once they are read: wait for it (the app is idle while the thread sleeps between runs).
        walk_deadline = time.perf_counter() + 60
        while getattr(app.screen, "session", None) is None and time.perf_counter() < walk_deadline:
            await asyncio.sleep(0.1)
        await idle(pilot, frames)
        for probing in rounds:
            walk = app.screen
            session = getattr(walk, "session", None)
            if session is None or session.item is None:
                keys.failed.setdefault("a review step (ctrl+d in the walk)", []).append(
                    f"no walk with an item to mark done (screen {type(walk).__name__})")
                break
            position = session.review.position

            def stepped(session=session, position=position, walk=walk) -> tuple[bool, str]:
                return (session.review.position == position + 1 and app.screen is walk,
                        f"at item {session.review.position}, was at {position}; screen {type(app.screen).__name__}")

            await keys.press("a review step (ctrl+d in the walk)", "ctrl+d", stepped, probing)
    repo.close()
    import salesplan_tui

    return {"samples": keys.samples, "failed": keys.failed, "probes": keys.probes, "presses": presses,
            "trace": keys.trace, "code": str(Path(salesplan_tui.__file__).parent)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-keys-"))
    try:
        work = folder / "keys.json"
        shutil.copy(args.workspace, work)
        result = asyncio.run(run(work, args.presses))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parent.parent))  # for `bench`, after PYTHONPATH (see --at)
    main()
