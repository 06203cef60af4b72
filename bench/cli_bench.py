"""Provides section 3: `salesplan add`, `check` and `export --format md` as whole processes, against floors.

Each command is the real `salesplan` console script a user runs, timed from spawn to exit (wall time) with its
output sent to /dev/null. The floors are whole Python processes too (the same interpreter, started the same way,
the same bytecode cache), doing the least any app keeping its data in one JSON file must do:

- for `add`: read the file, parse it (orjson, the fastest parser installed), append one record, serialise it and
  write it back with an fsync. No validation, no atomic rename, no backup, no lock.
- for `check` and `export`: start, read the file and parse it.

Rounds are interleaved (floor, command, floor, command, ... in a rotating order); each figure is a median and
each ratio is against the median of its floor in the same run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .common import isolated_env, ratio, stats, venv_bin

ADD_FLOOR = r"""
import os, sys, orjson
path = sys.argv[1]
with open(path, "rb") as f:
    data = orjson.loads(f.read())
actions = data["actions"]
next_id = max(map(int, actions), default=0) + 1
actions[str(next_id)] = {"owner": "me", "target": "Dana Ruiz at Account 1", "outcome": "sign the order form",
                         "due": "2026-12-04", "status": "open"}
with open(path, "wb") as f:
    f.write(orjson.dumps(data))
    f.flush()
    os.fsync(f.fileno())
"""

READ_FLOOR = r"""
import sys, orjson
with open(sys.argv[1], "rb") as f:
    orjson.loads(f.read())
"""

SHORT = ["add floor", "read floor", "add", "check", "export"]  # for the progress lines
SENTENCE = "By Friday I'll get Dana Ruiz at Account 1 to sign the order form."


def wall(argv: list[str], env: dict[str, str], timeout: float, ok: tuple[int, ...] = (0,)) -> float:
    """Seconds from spawn to exit; raises when the command fails or takes longer than timeout."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv[:2])} … exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed


def cli_section(workspace: Path, rounds: int, folder: Path, timeout: float,
                log: Callable[[str], None] = print) -> dict:
    home = folder / "home"
    env = isolated_env(home)
    work = folder / "cli.json"  # `add` appends to it round after round, as a user's file grows
    floor_file = folder / "floor.json"
    shutil.copy(workspace, work)
    shutil.copy(workspace, floor_file)
    salesplan = venv_bin("salesplan")
    commands: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "floor: add (read, parse, append, write, fsync)": ([sys.executable, "-c", ADD_FLOOR, str(floor_file)], (0,)),
        "floor: read + parse": ([sys.executable, "-c", READ_FLOOR, str(work)], (0,)),
        "salesplan add": ([salesplan, "add", SENTENCE, "--db", str(work)], (0,)),
        # check exits 1 when there are findings (a big year has thousands).
        "salesplan check": ([salesplan, "check", "--db", str(work)], (0, 1)),
        "salesplan export --format md": ([salesplan, "export", "--format", "md", "-o", "-", "--db", str(work)], (0,)),
    }
    names = list(commands)
    samples: dict[str, list[float]] = {n: [] for n in names}
    failures: dict[str, list[str]] = {}
    for name in names:  # warm-up: bytecode cache and file cache; not counted
        try:
            wall(commands[name][0], env, timeout, commands[name][1])
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            failures.setdefault(name, []).append(f"warm-up: {e}")
    for r in range(rounds):
        shown: dict[str, str] = {}
        for name in names[r % len(names):] + names[:r % len(names)]:
            argv, ok = commands[name]
            try:
                samples[name].append(wall(argv, env, timeout, ok))
                shown[name] = f"{samples[name][-1] * 1000:.0f} ms"
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                failures.setdefault(name, []).append(str(e).splitlines()[0])
                shown[name] = "failed"
        log(f"  round {r + 1}/{rounds}: " + ", ".join(f"{SHORT[i]} {shown[n]}" for i, n in enumerate(names)))
    out = {name: stats(s) for name, s in samples.items()}
    floor_add, floor_read = out[names[0]], out[names[1]]
    return {
        "samples": out,
        "ratios": {"salesplan add": ratio(out["salesplan add"], floor_add),
                   "salesplan check": ratio(out["salesplan check"], floor_read),
                   "salesplan export --format md": ratio(out["salesplan export --format md"], floor_read)},
        "failures": failures,
    }
