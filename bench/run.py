"""Runs the benchmarks and writes RESULTS.md: each figure a median against a baseline of the same run.

Usage:
    python bench/run.py                      # everything, full length; writes bench/RESULTS.md
    python bench/run.py --quick              # a short run of everything; writes $TMPDIR/bench_quick.md
    python bench/run.py --sections keys,cli --sizes demo,10k --out /tmp/r.md
    python bench/run.py --at HEAD            # measure a commit (a clean export), not the working tree

A full run takes about 10 minutes on two cores, a quick one about 3.

Sections: startup (launch → data), keys (10k), cli (10k), memory, peers, judge. A section that fails or times out
is reported in the results; the others still run. Workspaces are generated once per run in a temporary folder,
which is removed at the end; nothing reads or writes the user's own workspace or config.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import datetime as dt
import os

from bench.common import isolated_env, machine

SECTIONS = ("startup", "keys", "cli", "memory", "peers", "judge")
SIZES = ("demo", "10k", "50k")
# (full, quick) repetitions per section
REPEATS = {"startup": (11, 3), "keys": (20, 5), "cli": (15, 3), "memory": (3, 1), "peers_demo": (9, 3),
           "peers_volume": (3, 1), "judge": (15, 5)}
# Seconds before one launch (or, for keys, the whole section) is given up.
TIMEOUT = {"launch": 120.0, "keys": 1200.0, "cli": 120.0, "peers_volume": 180.0}


def log(text: str) -> None:
    print(text, flush=True)


def run_keys(workspace: Path, presses: int, folder: Path) -> dict:
    """Section 2 in its own process (a hang is killed at the timeout; the app's imports stay out of the harness)."""
    out = folder / "keys.json"
    env = isolated_env(folder / "home")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "keys.py"), str(workspace), str(out), "--presses", str(presses)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT["keys"], check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.keys exited {done.returncode}: {done.stderr.strip()[-800:]}")
    result = json.loads(out.read_text())
    result.pop("trace", None)
    return result


def code_under_test(at: str | None, folder: Path) -> str:
    """Puts the code to measure first on every path: a clean export of commit `at`, or the working tree as it is.

    Returns what was measured, in words. Others may be editing the working tree while this runs; `--at HEAD`
    measures exactly what is committed.
    """
    git = ["git", "-C", str(ROOT)]
    if at is None:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
        changed = subprocess.run([*git, "status", "--porcelain", "--", "salesplan_tui"], capture_output=True,
                                 text=True, check=False).stdout.splitlines()
        return (f"the working tree at {head.stdout.strip() or '?'}" +
                (f" with {len(changed)} uncommitted change(s) under salesplan_tui/" if changed else ", clean"))
    commit = subprocess.run([*git, "rev-parse", "--short", at], capture_output=True, text=True, check=True).stdout.strip()
    code = folder / "code"
    code.mkdir()
    archive = subprocess.run([*git, "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    # Before the editable install's path: the console script and every process measured import this copy.
    os.environ["PYTHONPATH"] = str(code)
    sys.path.insert(0, str(code))
    return f"commit {commit} (a clean export of {at})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few repetitions: to try the harness, not for figures")
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, of {', '.join(SECTIONS)}")
    parser.add_argument("--sizes", default=",".join(SIZES), help="workspaces for startup and memory: demo,10k,50k")
    parser.add_argument("--at", metavar="REF", help="measure this commit (exported to a temporary folder) instead "
                                                     "of the working tree")
    parser.add_argument("--out", type=Path, help="where to write the results (default: bench/RESULTS.md for a full "
                                                 "run of everything, else $TMPDIR/bench_quick.md or bench_partial.md)")
    args = parser.parse_args()
    sections = [s for s in args.sections.split(",") if s]
    sizes = [s for s in args.sizes.split(",") if s]
    unknown = set(sections) - set(SECTIONS) | set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    n = {k: v[1] if args.quick else v[0] for k, v in REPEATS.items()}
    complete = set(sections) == set(SECTIONS) and set(sizes) == set(SIZES) and not args.quick
    out_path = args.out or (ROOT / "bench" / "RESULTS.md" if complete else
                            Path(tempfile.gettempdir()) / ("bench_quick.md" if args.quick else "bench_partial.md"))

    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="salesplan-bench-"))
    results: dict = {}
    needed = sorted(set(sizes) | ({"10k"} if {"keys", "cli", "peers"} & set(sections) else set())
                    | ({"demo"} if "peers" in sections else set()), key=SIZES.index)
    meta = {"machine": machine(), "mode": "quick run (few repetitions: not for figures)" if args.quick else
            "full run", "sizes": {}, "command": "python bench/run.py " + " ".join(sys.argv[1:]), "code": "?"}
    # The harness itself (generating, judging) sees a home of its own too: no user config or coach words.
    os.environ.update(isolated_env(folder / "home"))
    try:
        meta["code"] = code_under_test(args.at, folder)
        log(f"measuring {meta['code']}; generating workspaces in {folder} …")
        try:
            from bench import generate

            workspaces = generate.workspaces(folder / "workspaces", dt.date.today(), needed)
        except Exception as e:  # noqa: BLE001 - the app's code may be mid-edit: say so in the results
            log(traceback.format_exc())
            results = {name: {"error": f"the workspaces could not be generated: {type(e).__name__}: {e}"}
                       for name in sections}
            workspaces = {}
        chosen = {k: workspaces[k] for k in sizes if k in workspaces}
        from bench import cli_bench, peers, startup
        from bench.judge import judge_section

        plan = {
            "startup": lambda: startup.time_to_data_section(chosen, n["startup"], folder / "home", TIMEOUT["launch"], log),
            "keys": lambda: run_keys(workspaces["10k"], n["keys"], folder),
            "cli": lambda: cli_bench.cli_section(workspaces["10k"], n["cli"], folder / "cli", TIMEOUT["cli"], log),
            "memory": lambda: startup.memory_section(chosen, n["memory"], folder / "home", TIMEOUT["launch"], log),
            "peers": lambda: peers.peers_section(
                workspaces, {"demo": n["peers_demo"], "volume": n["peers_volume"]}, folder / "peers",
                {"demo": TIMEOUT["launch"], "volume": TIMEOUT["peers_volume"]}, log),
            "judge": lambda: judge_section(n["judge"], isolated_env(folder / "home"), folder),
        }
        for name in sections if workspaces else []:
            log(f"measuring {name} …")
            t = time.perf_counter()
            try:
                results[name] = plan[name]()
            except Exception as e:  # noqa: BLE001 - one section's failure is reported, the others still run
                results[name] = {"error": f"{type(e).__name__}: {str(e)[:600]}"}
                log(traceback.format_exc())
            log(f"  {name}: {time.perf_counter() - t:.0f} s")
        from bench.generate import HUGE, LARGE, describe_sizes
        from bench.report import report

        sizes_text = {"demo": "the bundled demo (salesplan --demo's data)", "10k": describe_sizes(LARGE),
                      "50k": describe_sizes(HUGE)}
        meta.update(took=time.perf_counter() - started, sizes={k: sizes_text[k] for k in needed},
                    load_end=os.getloadavg()[0])
        json_path = out_path.with_suffix(".json")  # the raw figures first: kept even if the report fails
        json_path.write_text(json.dumps({"results": results, "meta": meta}, indent=1))
        try:
            text = report(results, meta)
        except Exception:  # noqa: BLE001 - the figures are kept in the .json beside it whatever happens
            text = f"# Benchmark results\n\nThe report could not be written:\n\n```\n{traceback.format_exc()}```\n"
        out_path.write_text(text)
        log(text)
        log(f"written: {out_path} (raw figures: {json_path})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
