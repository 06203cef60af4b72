"""Benchmarks the PostgreSQL backend beside the file: open, mark done and add at 10k, `salesplan add` as a process, and
the team roll-up of 50 workspaces (one query on the server, 50 files read one by one).

    python bench/server_bench.py [--rounds 7]

It starts a private server of its own (as the tests do: initdb into a temp folder, pg_ctl on a Unix socket, fsync
on as a real server has it) and removes it at the end. Prints a Markdown section for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import isolated_env, machine, stats, venv_bin  # noqa: E402
from bench.generate import demo, large  # noqa: E402
from tests.postgres_server import PrivateServer  # noqa: E402

TODAY = dt.date(2026, 11, 23)
SENTENCE = "By Friday I'll call Dana at Account 7 to confirm the budget."


def timed(work: Callable[[], object], rounds: int) -> dict[str, float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return stats(samples)


def ms(figures: dict[str, float]) -> str:
    return f"{figures['median'] * 1000:,.1f} ms (min {figures['min'] * 1000:,.1f}, max {figures['max'] * 1000:,.1f}, n {figures['n']:.0f})"


def in_process(target: object, rounds: int) -> dict[str, dict[str, float]]:
    """Open (as the app does), mark an action done and add an action (each a write as a command makes it)."""
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.model.records import Action
    from salesplan_tui.core.plan import action_ops
    from salesplan_tui.core.storage.opening import open_repository

    clock = Clock.on(TODAY)
    out = {"open": timed(lambda: open_repository(target, role="command").close(), rounds)}  # type: ignore[arg-type]
    with open_repository(target) as repo:  # type: ignore[arg-type]
        action = repo.all(Action)[len(repo.all(Action)) // 2]

        def mark() -> None:
            current = repo.get(Action, action.id)
            assert current is not None
            repo.apply(action_ops.toggle_done(current, clock))

        out["mark done"] = timed(mark, rounds * 3)
        out["add"] = timed(lambda: repo.apply(action_ops.add_action(repo, clock, owner="me", target="Bob",
                                                                     outcome="confirm the budget",
                                                                     due=dt.date(2026, 12, 1))), rounds * 3)
    return out


def process_add(db: str, rounds: int, env: dict[str, str]) -> dict[str, float]:
    argv = [venv_bin("salesplan"), "add", SENTENCE, "--db", db, "--today", TODAY.isoformat()]
    subprocess.run(argv, env=env, check=True, capture_output=True)  # warm-up: bytecode, caches
    return timed(lambda: subprocess.run(argv, env=env, check=True, capture_output=True), rounds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    folder = Path(tempfile.mkdtemp(prefix="salesplan-bench-pg-"))
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    env = isolated_env(folder / "home", PYTHONPATH=str(ROOT))
    server = PrivateServer()  # its own folder in /tmp: as root, the server runs as nobody and must reach it
    server.start(durable=True)
    try:
        from salesplan_tui.core.storage.opening import open_repository, target_of
        from salesplan_tui.core.team.rollup import roll_up

        big = large(folder / "big", TODAY)
        url = server.url("postgres", "big")
        start = time.perf_counter()
        with open_repository(big, read_only=True) as source, open_repository(target_of(url)) as copy:
            copy.replace_all(source.snapshot())
        copied = time.perf_counter() - start
        file_figures = in_process(big, rounds)
        server_figures = in_process(target_of(url), rounds)
        file_add = process_add(str(big), rounds, env)
        server_add = process_add(url, rounds, env)

        team_folder = folder / "team"
        team_folder.mkdir()
        one = demo(folder / "demo", TODAY)
        team_db = server.new_database()
        for n in range(50):
            shutil.copy(one, team_folder / f"rep{n:02}.json")
            with open_repository(one, read_only=True) as source, \
                    open_repository(target_of(server.url(team_db, f"rep{n:02}"))) as copy:
                copy.replace_all(source.snapshot())
        base = server.url(team_db).split("&workspace=")[0]
        team_file = timed(lambda: roll_up([team_folder], TODAY), rounds)
        team_server = timed(lambda: roll_up([base], TODAY), rounds)
        assert len(roll_up([base], TODAY).reps) == 50
    finally:
        server.remove()
        shutil.rmtree(folder, ignore_errors=True)

    print(f"### PostgreSQL beside the file (bench/server_bench.py, {dt.datetime.now():%Y-%m-%d %H:%M})\n")
    print(f"{machine()}; at the end {os.getloadavg()[0]:.2f}. Private PostgreSQL 15 on a Unix socket, "
          "fsync on; the file with its fsyncs. Medians, in one process (a command's write: before `apply` returns).\n")
    print("| 10k workspace | file | server |\n|---|---|---|")
    for name in ("open", "mark done", "add"):
        print(f"| {name} | {ms(file_figures[name])} | {ms(server_figures[name])} |")
    print(f"| `salesplan add` (whole process) | {ms(file_add)} | {ms(server_add)} |")
    print(f"\nCopying the 10k workspace onto the server (`migrate`'s write): {copied * 1000:,.0f} ms.\n")
    print("| team roll-up, 50 demo workspaces | files in a folder | one server (one query) |\n|---|---|---|")
    print(f"| `roll_up` | {ms(team_file)} | {ms(team_server)} |")


if __name__ == "__main__":
    main()
