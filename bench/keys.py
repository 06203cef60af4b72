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
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

QUIET = 0.2  # seconds without a frame, the event loop free, that count as idle
TICK = 0.01
FILTER = "Account 17"


class Frames:
    """Timestamps of the frames the app hands to the terminal."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.times: list[float] = []
        display = app._display

        def timed(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)  # what a real driver writes
                self.times.append(time.perf_counter())

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


TRACE: list[tuple[str, list[float]]] = []  # each timed key and its frames' offsets, for reading what happened


async def timed_key(pilot, frames: Frames, key: str) -> tuple[float | None, float | None]:
    """(key → first frame, key → settled) in seconds; None when no frame came."""
    pilot.app.clear_notifications()
    await idle(pilot, frames)
    count = len(frames.times)
    start = time.perf_counter()
    await pilot.press(key)
    await idle(pilot, frames)
    after = [t for t in frames.times[count:] if t > start]
    TRACE.append((key, [round((t - start) * 1000, 1) for t in after]))
    if not after:
        return None, None
    return after[0] - start, after[-1] - start


def screen_text(app) -> str:
    """The text of the screen as last composed (for checking that a key's effect is drawn)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class Recorder:
    """Collects (first, settled) per measurement, and the keys whose effect was not seen."""

    def __init__(self) -> None:
        self.samples: dict[str, dict[str, list[float]]] = {}
        self.failed: dict[str, list[str]] = {}

    def add(self, name: str, times: tuple[float | None, float | None], ok: bool, why: str = "") -> None:
        first, settled = times
        if first is None or settled is None or not ok:
            self.failed.setdefault(name, []).append(why or "no frame after the key")
            return
        entry = self.samples.setdefault(name, {"first": [], "settled": []})
        entry["first"].append(first)
        entry["settled"].append(settled)


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
    from textual.widgets import Input

    from bench.common import SIZE
    from salesplan_tui.core.models import Action, ActionStatus, Deal, Kind, StageKind
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.ui.app import SalesplanApp
    from salesplan_tui.ui.panes.pipeline import DealList, PipelinePane
    from salesplan_tui.ui.panes.plan import PlanPane
    from salesplan_tui.ui.screens.dialogs import ConfirmScreen
    from salesplan_tui.ui.widgets.plan_tree import Ref

    app = SalesplanApp(Repository(path))
    frames = Frames(app)
    rec = Recorder()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        deadline = time.perf_counter() + 60
        while not (app.loaded and app.query(PlanPane) and app.query_one(PlanPane).tree.root.children):
            if time.perf_counter() > deadline:
                raise TimeoutError("the workspace did not open in 60 s")
            await asyncio.sleep(0.05)
        await idle(pilot, frames)
        plan = app.query_one(PlanPane)
        repo = app.repo

        # ----- switch pane: 1 → 2 and 2 → 1 ------------------------------------------------------
        for _ in range(presses):
            for key, pane in (("2", "pipeline"), ("1", "plan")):
                times = await timed_key(pilot, frames, key)
                active = app.query_one("TabbedContent").active
                rec.add(f"switch pane ({key})", times, active == pane, f"pane {active!r} after {key}")

        # ----- mark an action done (space), again to reopen ---------------------------------------
        action = next(a for a in repo.all(Action) if a.objective_id is not None and a.is_open)
        plan.tree.reveal(Ref(Kind.ACTION, action.id))
        plan.tree.focus()
        await idle(pilot, frames)
        for _ in range(presses * 2):  # space marks it done, then reopens it: each counted under its own name
            before = repo.get(Action, action.id).status
            times = await timed_key(pilot, frames, "space")
            after = repo.get(Action, action.id).status
            mark = "☑" if after == ActionStatus.DONE else "☐"
            drawn = any(mark in line and action.outcome in line for line in screen_text(app).splitlines())
            name = "mark an action done (space)" if before == ActionStatus.OPEN else "reopen it (space again)"
            rec.add(name, times, after != before and drawn, f"status {before} → {after}, drawn {drawn}")

        # ----- add an action: the form filled, ctrl+s → the new line drawn ------------------------
        plan.tree.reveal(Ref(Kind.OBJECTIVE, action.objective_id))
        plan.tree.focus()
        for i in range(presses):
            times = await timed_key(pilot, frames, "a")
            opened = type(app.screen).__name__ == "ActionForm"
            rec.add("open the add form (a)", times, opened, f"screen {type(app.screen).__name__}")
            if not opened:
                break
            outcome = f"sign order form {1000 + i}"
            app.screen.query_one("#sentence", Input).value = f"By Friday I'll get Dana Ruiz at Account 1 to {outcome}."
            await pilot.press("enter")
            await idle(pilot, frames)
            count = repo.count(Action)
            times = await timed_key(pilot, frames, "ctrl+s")
            drawn = outcome in screen_text(app)
            rec.add("add an action (ctrl+s in the form)", times, repo.count(Action) == count + 1 and drawn,
                    f"actions {count} → {repo.count(Action)}, drawn {drawn}")

        # ----- filter the plan: enter in the filter box → the tree redrawn; then clear it ---------
        plan.tree.focus()
        for _ in range(presses):
            await pilot.press("slash")
            await idle(pilot, frames)
            app.focused.value = FILTER  # type: ignore[union-attr]
            times = await timed_key(pilot, frames, "enter")
            text = screen_text(app)
            rec.add("filter the plan (enter)", times, "Filtered:" in text and FILTER in text, "no 'Filtered:' note")
            await pilot.press("slash")
            times = await timed_key(pilot, frames, "escape")
            rec.add("clear the filter (escape)", times, "Filtered:" not in screen_text(app), "filter still shown")
            plan.tree.focus()

        # ----- move a deal a stage: shift+→ opens the confirmation, y moves it --------------------
        await pilot.press("2")
        await idle(pilot, frames)
        board = app.query_one(PipelinePane)
        open_stage = next(s for s in repo.process.stages if s.kind == StageKind.OPEN)
        for _ in range(presses):
            first_column = next(dl for dl in board.query(DealList) if dl.stage == open_stage.name)
            first_column.focus()
            first_column.highlighted = 0
            await idle(pilot, frames)
            deal = board.current_deal()
            if deal is None:
                rec.add("move a deal a stage (y)", (None, None), False, "no deal in the first stage")
                break
            times = await timed_key(pilot, frames, "shift+right")
            rec.add("open the move confirmation (shift+→)", times, isinstance(app.screen, ConfirmScreen),
                    f"screen {type(app.screen).__name__}")
            times = await timed_key(pilot, frames, "y")
            moved = repo.get(Deal, deal.id)
            shown_in = next((dl.stage for dl in board.query(DealList) if deal.id in dl.deal_ids), None)
            title = re.compile(re.escape(deal.title) + r"\b")
            drawn = bool(title.search(screen_text(app)))
            rec.add("move a deal a stage (y)", times, moved.stage != open_stage.name and shown_in == moved.stage and drawn,
                    f"stage {moved.stage}, column {shown_in}, drawn {drawn}")
    repo.close()
    import salesplan_tui

    return {"samples": rec.samples, "failed": rec.failed, "presses": presses, "trace": TRACE,
            "code": str(Path(salesplan_tui.__file__).parent)}


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
