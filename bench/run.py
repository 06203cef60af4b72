"""Runs the benchmarks: each figure as a median against a baseline measured in the same run; writes RESULTS.md.

Usage: python bench/run.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

TODAY = dt.date.today()
SIZE = (120, 40)


def stats(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples)}


# ----- 1. cold start to first paint, in a real terminal ------------------------------------------


def first_paint(command: str, markers: list[str], timeout: float = 60.0) -> list[float]:
    """Seconds from launching command in a new tmux pane until each marker is on its screen."""
    session = f"bench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL, check=False)
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), command],
                   check=True)
    seen: list[float] = []
    try:
        while len(seen) < len(markers):
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
            while len(seen) < len(markers) and markers[len(seen)] in screen:
                seen.append(time.perf_counter() - start)
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{markers[len(seen)]!r} never appeared for {command}")
            time.sleep(0.005)
        return seen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL, check=False)
        time.sleep(0.2)


def bench_first_paint(demo: Path, large: Path, runs: int) -> dict:
    """First paint (the window, with the workspace's name) and data ready (the findings count), against a bare app."""
    py = sys.executable
    commands = {
        "bare": (f"{py} {ROOT / 'bench' / 'bare_app.py'}", ["bare app ready"]),
        "demo": (f"{py} -m salesplan_tui --db {demo}", ["Alex Morgan", "finding"]),
        "large": (f"{py} -m salesplan_tui --db {large}", ["Large benchmark", "finding"]),
    }
    samples: dict[str, list[float]] = {k: [] for k in ("bare", "demo", "demo_data", "large", "large_data")}
    first_paint(*commands["bare"])  # warm the file cache once; not counted
    for _ in range(runs):
        for name, (command, markers) in commands.items():  # interleaved, so drift hits all alike
            times = first_paint(command, markers)
            samples[name].append(times[0])
            if len(times) > 1:
                samples[f"{name}_data"].append(times[1])
    out = {k: stats(v) for k, v in samples.items()}
    for name in ("demo", "large", "demo_data", "large_data"):
        out[f"ratio_{name}"] = out[name]["median"] / out["bare"]["median"]
    return out


# ----- 2. one edit persisted, against the floor --------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_edits(large: Path, runs: int) -> dict:
    from salesplan_tui.core import action_ops, deal_ops
    from salesplan_tui.core.models import Deal
    from salesplan_tui.core.clock import Clock
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.core.storage.atomic import serialise

    clock = Clock.on(TODAY)

    work = large.with_name("edits.json")
    shutil.copy(large, work)
    floor, add, move = [], [], []
    with Repository(work, keep_backups=0) as repo:
        data = repo._storage.read()  # noqa: SLF001 - the floor writes exactly what the storage holds
        scratch = work.with_name("floor.json")

        def write_floor() -> None:
            payload = serialise(data)
            with open(scratch, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())

        open_stages = {s.name for s in repo.process.stages if s.kind == "open"}
        deals = [d for d in repo.all(Deal) if d.stage in open_stages][: runs * 2]
        for i in range(runs):
            floor.append(timed(write_floor))
            add.append(timed(lambda: repo.apply(action_ops.add_action(
                repo, clock, owner="me", target="Dana at Account 1", outcome="get the order form signed", due=TODAY))))
            deal = deals[i]
            move.append(timed(lambda: repo.apply(deal_ops.move_stage(repo, clock, deal, deal_ops.step_stage(repo, deal, 1)))))
    out = {"floor": stats(floor), "add_action": stats(add), "move_deal": stats(move)}
    out["ratio_add"] = out["add_action"]["median"] / out["floor"]["median"]
    out["ratio_move"] = out["move_deal"]["median"] / out["floor"]["median"]
    return out


# ----- 3. keypress to repaint ----------------------------------------------------------------------


async def _keys(large: Path, presses: int) -> dict:
    """Key to the first frame that shows its effect: frames are timestamped where the app hands them to the terminal."""
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.ui.app import SalesplanApp
    from salesplan_tui.ui.panes.pipeline import PipelinePane

    work = large.with_name("keys.json")
    shutil.copy(large, work)
    app = SalesplanApp(Repository(work, keep_backups=0), today=TODAY)
    frames: list[float] = []
    display = app._display  # noqa: SLF001 - the one place every frame passes through

    def timed_display(screen, renderable):  # noqa: ANN001, ANN202
        if renderable is not None:
            frames.append(time.perf_counter())
        return display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]  # noqa: SLF001

    async def latency(pilot, key: str, after: list[float] | None = None) -> float | None:  # noqa: ANN001
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        if after is None:
            ready = start
        else:  # the change itself is done: the board redrawn after this key, not an earlier one
            redrawn = [t for t in after if t > start]
            if not redrawn:
                return None
            ready = redrawn[-1]
        return next(f for f in frames if f > ready) - start

    plan, board_cursor, board_move = [], [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        for i in range(presses):
            plan.append(await latency(pilot, "down" if i % 8 < 6 else "enter"))
        await pilot.press("2")
        await pilot.pause()
        board = app.query_one(PipelinePane)
        drawn: list[float] = []
        draw = board._draw  # noqa: SLF001

        async def timed_draw() -> None:
            await draw()
            drawn.append(time.perf_counter())

        board._draw = timed_draw  # type: ignore[method-assign]  # noqa: SLF001
        for _ in range(presses):
            board_cursor.append(await latency(pilot, "down"))
        for _ in range(max(7, presses // 4)):
            await pilot.press("shift+right")
            await pilot.pause()
            moved = await latency(pilot, "y", drawn)
            if moved is not None:  # a deal already at the end of the process does not move
                board_move.append(moved)
    app.repo.close()
    return {"plan_cursor": stats(plan), "board_cursor": stats(board_cursor), "board_move": stats(board_move)}


def bench_keys(large: Path, presses: int) -> dict:
    return asyncio.run(_keys(large, presses))


# ----- 4. the judge ---------------------------------------------------------------------------------


def bench_judge(runs: int) -> dict:
    from salesplan_tui.core.coach import judge

    examples = ROOT / "tests" / "data" / "coach_answers.jsonl"
    texts = [json.loads(line)["text"] for line in examples.read_text().splitlines() if line.strip()]
    judge(texts[0], today=TODAY)
    rounds = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            judge(text, today=TODAY)
        rounds.append((time.perf_counter() - start) / len(texts))
    code = ("import time, datetime; t = time.perf_counter(); from salesplan_tui.core.coach import judge; "
            "judge('By Friday I will call Dana at Northwind to confirm the budget.', today=datetime.date.today()); "
            "print(time.perf_counter() - t)")
    first = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(runs)]
    per_answer = stats(rounds)
    return {"per_answer": per_answer, "answers_per_second": 1 / per_answer["median"], "first_call": stats(first)}


# ----- 5. peak memory -------------------------------------------------------------------------------

PROBE = """
import asyncio, sys, datetime as dt
sys.path.insert(0, {root!r})
async def main():
    if {which!r} == "bare":
        from bench.bare_app import BareApp
        app = BareApp()
    else:
        from salesplan_tui.core.storage import Repository
        from salesplan_tui.ui.app import SalesplanApp
        app = SalesplanApp(Repository({path!r}, read_only=True), today=dt.date.today())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
asyncio.run(main())
# VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a child would report its parent's peak.
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""


def peak_rss_mib(which: str, path: Path | None) -> float:
    code = PROBE.format(root=str(ROOT), which=which, path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1]) / 1024


def bench_memory(large: Path, runs: int) -> dict:
    bare = [peak_rss_mib("bare", None) for _ in range(max(3, runs // 2))]
    big = [peak_rss_mib("large", large) for _ in range(max(3, runs // 2))]
    out = {"bare": stats(bare), "large": stats(big)}
    out["ratio"] = out["large"]["median"] / out["bare"]["median"]
    return out


# ----- report ---------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, Textual {textual.__version__}")


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def row(name: str, s: dict, unit: Callable[[float], str] = ms) -> str:
    return f"| {name} | {unit(s['median'])} | {unit(s['min'])} | {unit(s['max'])} | {s['n']} |"


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    ok = value <= target if lower_is_better else value >= target
    return "met" if ok else "**missed**"


def report(r: dict, sizes: dict) -> str:
    fp, ed, keys, jd, mem = r["first_paint"], r["edits"], r["keys"], r["judge"], r["memory"]
    mib = lambda v: f"{v:.0f} MiB"  # noqa: E731
    lines = [
        "# Benchmark results", "",
        f"Run on {dt.datetime.now():%Y-%m-%d %H:%M} — {machine()}.", "",
        f"Large workspace: {', '.join(f'{v:,} {k}' for k, v in sizes.items())}. Medians of several runs; "
        "each figure against a baseline measured in the same run.", "",
        "## Targets", "",
        "| figure | value | target | |", "|---|---|---|---|",
        f"| first paint, demo ÷ bare Textual app | {fp['ratio_demo']:.2f}× | ≤ 1.3× | {verdict(fp['ratio_demo'], 1.3)} |",
        f"| first paint, large ÷ bare Textual app | {fp['ratio_large']:.2f}× | ≤ 1.6× | {verdict(fp['ratio_large'], 1.6)} |",
        f"| (data on screen, demo ÷ bare) | {fp['ratio_demo_data']:.2f}× | (no target) | |",
        f"| (data on screen, large ÷ bare) | {fp['ratio_large_data']:.2f}× | (no target) | |",
        f"| add an action, persisted ÷ floor | {ed['ratio_add']:.2f}× | ≤ 2.5× | {verdict(ed['ratio_add'], 2.5)} |",
        f"| move a deal, persisted ÷ floor | {ed['ratio_move']:.2f}× | ≤ 2.5× | {verdict(ed['ratio_move'], 2.5)} |",
        f"| keypress to repaint, plan cursor | {ms(keys['plan_cursor']['median'])} | ≤ 50 ms | {verdict(keys['plan_cursor']['median'], 0.05)} |",
        f"| keypress to repaint, board cursor | {ms(keys['board_cursor']['median'])} | ≤ 50 ms | {verdict(keys['board_cursor']['median'], 0.05)} |",
        f"| keypress to repaint, move a deal (write + redraw) | {ms(keys['board_move']['median'])} | ≤ 50 ms | {verdict(keys['board_move']['median'], 0.05)} |",
        f"| judge, per answer once loaded | {jd['per_answer']['median'] * 1000:.3f} ms | ≤ 1 ms | {verdict(jd['per_answer']['median'], 0.001)} |",
        f"| peak memory, large ÷ bare Textual app | {mem['ratio']:.2f}× | ≤ 2× | {verdict(mem['ratio'], 2.0)} |",
        "", "## Details", "",
        "| measurement | median | min | max | runs |", "|---|---|---|---|---|",
        row("first paint: bare Textual app (tmux)", fp["bare"]), row("first paint: demo workspace", fp["demo"]),
        row("first paint: large workspace", fp["large"]),
        row("data on screen (findings counted): demo", fp["demo_data"]),
        row("data on screen (findings counted): large", fp["large_data"]),
        row("floor: serialise + write + fsync the large workspace", ed["floor"]),
        row("add an action (validated, persisted)", ed["add_action"]), row("move a deal a stage", ed["move_deal"]),
        row("plan: cursor key to repaint (Pilot)", keys["plan_cursor"]),
        row("board: cursor key to repaint (Pilot)", keys["board_cursor"]),
        row("board: confirm a stage move to repaint (Pilot)", keys["board_move"]),
        row("judge: one answer, loaded", jd["per_answer"], lambda v: f"{v * 1000:.3f} ms"),
        row("judge: first call in a new process (import + judge)", jd["first_call"]),
        row("peak RSS: bare Textual app", mem["bare"], mib), row("peak RSS: salesplan, large workspace", mem["large"], mib),
        "", f"Judge throughput: {jd['answers_per_second']:,.0f} answers per second.", "",
        "First paint is timed in tmux from launch until a known string is on the screen: the workspace's name",
        "in the header for salesplan (the window is up; the workspace opens in a worker after that frame), a",
        "label for the bare app. 'Data on screen' is until the status line shows the plan's findings count. Keypress figures come from Textual's Pilot",
        "(from the key to the first frame the app hands to the terminal after the change is made). The floor is one orjson serialisation of the same data plus",
        "one write and fsync. Reproduce with `python bench/run.py`.", "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (at least 5)")
    parser.add_argument("--quick", action="store_true", help="smaller large workspace, for trying the harness")
    args = parser.parse_args()
    runs = max(5, args.runs)
    sizes = dict(generate.LARGE)
    if args.quick:
        sizes = {k: max(1, v // 10) for k, v in sizes.items()}
    folder = Path(tempfile.mkdtemp(prefix="salesplan-bench-"))
    try:
        print("generating workspaces…", flush=True)
        (folder / "demo").mkdir()
        demo = generate.demo(folder / "demo", TODAY)
        large = generate.large(folder, TODAY, sizes)
        results = {}
        for name, run in (("judge", lambda: bench_judge(runs)), ("edits", lambda: bench_edits(large, runs)),
                          ("keys", lambda: bench_keys(large, runs * 4)), ("memory", lambda: bench_memory(large, runs)),
                          ("first_paint", lambda: bench_first_paint(demo, large, runs))):
            print(f"measuring {name}…", flush=True)
            results[name] = run()
        text = report(results, sizes)
        target = ROOT / "bench" / "RESULTS.md"
        if not args.quick:
            target.write_text(text)
        print(text)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
