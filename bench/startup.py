"""Provides sections 1 and 4: launch → data on screen, and peak memory, each against the bare Textual app.

Both run the real `salesplan --db FILE` in a real terminal (see terminal.py) beside `bench/bare_app.py`, an empty
Textual app with a Header and a Footer. The data is on screen when the captured screen shows the first goal of the
plan outline (its title, read from the file) AND the Plan health panel's count line ("Plan health  N findings"),
which is filled only once the findings are checked. The header (the workspace's name) is not the data: it is shown
before the file is read, and is reported only as "first output".
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from . import generate
from .common import ROOT, isolated_env, ratio, stats, venv_bin
from .terminal import LaunchError, Seen, time_to_data

BARE_MARKERS = ["bare app ready"]
HEALTH_LINE = r"Plan health +[\d,]+ findings?"  # 2,538 findings: counts are written with commas
PIPELINE_LINE = r"Pipeline +[\d,]+ open deals"  # 2,000 open deals


def bare_argv() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "bare_app.py")]


def salesplan_argv(path: Path) -> list[str]:
    return [venv_bin("salesplan"), "--db", str(path)]


def data_markers(path: Path) -> list[str]:
    """The plan outline's first goal and the health panel's count line: both mean the workspace is on screen."""
    title = generate.first_goal(path)
    # A title cut to 40 characters (a narrow column may clip the rest); a whole one must end there ('Goal 3', not 30).
    return ["◆ " + re.escape(title[:40]) + ("" if len(title) > 40 else r"(?!\w)"), HEALTH_LINE]


class Launcher:
    """Runs launches in a private home; a failed launch is counted and its reason kept, never raised."""

    def __init__(self, home: Path, timeout: float, log: Callable[[str], None] = print) -> None:
        self.env = isolated_env(home)
        self.timeout = timeout
        self.failures: dict[str, list[str]] = {}
        self.log = log

    def run(self, name: str, argv: list[str], markers: list[str], env: dict[str, str] | None = None,
            **kwargs: object) -> Seen | None:
        try:
            return time_to_data(argv, env or self.env, markers, self.timeout, **kwargs)  # type: ignore[arg-type]
        except (LaunchError, OSError, ValueError, subprocess.SubprocessError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            self.failures.setdefault(name, []).append(reason)
            self.log(f"  {name}: {reason}")
            return None


def time_to_data_section(workspaces: dict[str, Path], rounds: int, home: Path, timeout: float,
                         log: Callable[[str], None] = print) -> dict:
    """Pairs of (bare, salesplan at one size), interleaved, sizes in a rotating order; medians and ratios."""
    launcher = Launcher(home, timeout, log)
    markers = {name: data_markers(path) for name, path in workspaces.items()}
    names = list(workspaces)
    # One untimed launch of each first: the file cache and Python's bytecode cache are warm for every timed one.
    launcher.run("warm-up", bare_argv(), BARE_MARKERS)
    for name in names:
        launcher.run("warm-up", salesplan_argv(workspaces[name]), markers[name])
    bare: list[float] = []
    data: dict[str, list[float]] = {n: [] for n in names}
    first: dict[str, list[float]] = {n: [] for n in names}
    pairs: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        shown: dict[str, str] = {}
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            base = launcher.run("bare", bare_argv(), BARE_MARKERS)
            seen = launcher.run(name, salesplan_argv(workspaces[name]), markers[name])
            if base is not None and base.data is not None:
                bare.append(base.data)
            if seen is not None and seen.data is not None:
                data[name].append(seen.data)
                if seen.first_output is not None:
                    first[name].append(seen.first_output)
                if base is not None and base.data:
                    pairs[name].append(seen.data / base.data)
            shown[name] = f"{seen.data * 1000:.0f} ms" if seen is not None and seen.data is not None else "failed"
        log(f"  round {r + 1}/{rounds}: bare {bare[-1] * 1000 if bare else float('nan'):.0f} ms, " +
            ", ".join(f"{n} {shown[n]}" for n in names))
    out: dict = {"bare": stats(bare), "sizes": {}, "failures": launcher.failures,
                 "markers": dict(markers.items())}
    for name in names:
        s = stats(data[name])
        out["sizes"][name] = {"data": s, "first_output": stats(first[name]), "ratio": ratio(s, out["bare"]),
                              "pair_ratio": stats(pairs[name])}
    return out


def memory_section(workspaces: dict[str, Path], runs: int, home: Path, timeout: float,
                   log: Callable[[str], None] = print) -> dict:
    """Peak RSS (VmHWM) of the real process: salesplan once its data is on screen and the Pipeline pane (2) has
    been drawn, then half a second to settle; the bare app once it is drawn, the same half second later."""
    launcher = Launcher(home, timeout, log)
    peaks: dict[str, list[float]] = {"bare": [], **{n: [] for n in workspaces}}
    for _ in range(runs):
        for name in ["bare", *workspaces]:
            if name == "bare":
                seen = launcher.run(name, bare_argv(), BARE_MARKERS, settle=0.5)
            else:
                path = workspaces[name]
                seen = launcher.run(name, salesplan_argv(path), data_markers(path),
                                    then=[(["2"], [PIPELINE_LINE])], settle=0.5)
            if seen is not None and seen.peak_rss_kib:
                peaks[name].append(seen.peak_rss_kib / 1024)
    out: dict = {"bare": stats(peaks["bare"]), "sizes": {}, "failures": launcher.failures}
    for name in workspaces:
        s = stats(peaks[name])
        out["sizes"][name] = {"peak_mib": s, "ratio": ratio(s, out["bare"])}
    return out
