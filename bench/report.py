"""Provides the RESULTS.md text: the machine, each target met or missed (and by how much), the details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

KEY_TARGETS = {  # the key figures that have a target: (first frame, settled), seconds
    "mark an action done (space)": (0.050, 0.120),
    "move a deal a stage (y)": (0.050, 0.120),
    "add an action (ctrl+s in the form)": (0.050, 0.120),
    "open the add form (a)": (0.050, 0.120),
    "a review step (ctrl+d in the walk)": (0.050, 0.120),
    "mark done or reopen, each fsync taking 500 ms (space)": (0.050, 0.120),
}


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:,.1f} ms"


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def mib(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} MiB"


def row(name: str, s: dict, unit: Callable[[float | None], str] = ms, extra: str = "") -> str:
    if not s.get("n"):
        return f"| {name} | – | – | – | 0 |{extra}"
    return f"| {name} | {unit(s['median'])} | {unit(s['min'])} | {unit(s['max'])} | {s['n']} |{extra}"


def verdict(value: float | None, limit: float, unit: Callable[[float | None], str]) -> str:
    """'met', or 'missed by X (N% over)'; 'not measured' when there is no figure."""
    if value is None:
        return "**not measured**"
    if value <= limit:
        return "met"
    return f"**missed** by {unit(value - limit)} ({(value / limit - 1) * 100:.0f}% over)"


class Targets:
    """The targets table, one line per target."""

    def __init__(self, results: dict) -> None:
        self.results = results
        self.lines = ["| target | figure | target | |", "|---|---|---|---|"]

    def _missing(self, section: str) -> str:
        found = self.results.get(section)
        if found is None:
            return "not run (section not chosen)"
        if "error" in found:
            return f"**not measured**: section {section} failed (see below)"
        return "**not measured** (see below)"

    def add(self, section: str, what: str, value: float | None, limit: float, unit: Callable[[float | None], str],
            shown: str | None = None) -> None:
        result = verdict(value, limit, unit) if value is not None else self._missing(section)
        self.lines.append(f"| {what} | {shown or unit(value)} | ≤ {unit(limit)} | {result} |")

    def faster(self, what: str, ours: float | None, theirs: float | None, who: str) -> None:
        if ours is None or theirs is None:
            self.lines.append(f"| {what} | – | faster than {who} | {self._missing('peers')} |")
            return
        result = "met" if ours < theirs else f"**missed** by {ms(ours - theirs)} ({ours / theirs:.2f}× {who}'s time)"
        self.lines.append(f"| {what} | {ms(ours)} vs {ms(theirs)} | faster than {who} | {result} |")


def _median(section: dict | None, *path: str) -> float | None:
    node = section
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if isinstance(node, dict):
        return node.get("median")
    if isinstance(node, list):  # raw samples (the keys section keeps them)
        return _stats(node).get("median")
    return node  # type: ignore[return-value]


def targets(r: dict) -> list[str]:
    t = Targets(r)
    start, keys, cli, mem, peers = (r.get(k) if isinstance(r.get(k), dict) and "error" not in r[k] else None
                                    for k in ("startup", "keys", "cli", "memory", "peers"))
    for size, limit in (("demo", 1.3), ("10k", 1.8), ("50k", 3.0)):
        value = _median(start, "sizes", size, "ratio")
        data = _median(start, "sizes", size, "data")
        t.add("startup", f"{size} launch → data on screen ÷ empty Textual app", value, limit, times,
              f"{times(value)} ({ms(data)} vs {ms(_median(start, 'bare'))})" if value else None)
    demo_tier = (peers or {}).get("tiers", {}).get("demo", {}).get("apps", {})
    for who in ("dooit", "kanban-tui"):
        t.faster(f"demo launch → data, salesplan vs {who} (peers section, same rounds)",
                 _median(demo_tier.get("salesplan"), "data"), _median(demo_tier.get(who), "data"), who)
    samples = (keys or {}).get("samples", {})
    for name, (first, settled) in KEY_TARGETS.items():
        t.add("keys", f"10k: {name}, key → first frame", _median(samples.get(name), "first"), first, ms)
        t.add("keys", f"10k: {name}, key → settled", _median(samples.get(name), "settled"), settled, ms)
    add = _median(cli, "ratios", "salesplan add")
    t.add("cli", "`salesplan add` at 10k ÷ its floor (whole process)", add, 2.0, times,
          f"{times(add)} ({ms(_median(cli, 'samples', 'salesplan add'))})" if add else None)
    for size, limit in (("10k", 2.0), ("50k", 3.0)):
        value = _median(mem, "sizes", size, "ratio")
        t.add("memory", f"peak memory at {size} ÷ empty Textual app", value, limit, times,
              f"{times(value)} ({mib(_median(mem, 'sizes', size, 'peak_mib'))} vs {mib(_median(mem, 'bare'))})"
              if value else None)
    return t.lines


def details(r: dict) -> list[str]:
    out: list[str] = []
    head = ["| measurement | median | min | max | n |", "|---|---|---|---|---|"]
    start = r.get("startup")
    out += ["### 1. Launch → data on screen (real terminal: tmux)", ""]
    if _ok(start, out):
        out += [*head, row("empty Textual app (bare_app.py): its text drawn", start["bare"])]
        for size, s in start["sizes"].items():
            out.append(row(f"salesplan {size}: plan outline + health count drawn", s["data"]))
            out.append(row(f"salesplan {size}: first output (the window, no data yet)", s["first_output"]))
            out.append(row(f"salesplan {size}: ratio of each (bare, app) pair", s["pair_ratio"], times))
        shown = {k: " AND ".join(m.replace("\\ ", " ").replace("(?!\\w)", "") for m in v) for k, v in start["markers"].items()}
        out += ["", "Searched on screen (regular expressions): " + "; ".join(f"{k}: `{v}`" for k, v in shown.items()),
                ""]
        out += _failures(start.get("failures"))
    keys = r.get("keys")
    out += ["### 2. Keys at 10k (headless, Pilot; frames timed where the app hands them to the terminal)", ""]
    if _ok(keys, out):
        out += [("| key | first frame: median (min–max) | settled: median (min–max) | n | not counted | "
                 "effect first on screen (untimed probes) |"), "|---|---|---|---|---|---|"]
        probes = keys.get("probes", {})
        for name, s in keys["samples"].items():
            f, st = _stats(s["first"]), _stats(s["settled"])
            failed = len(keys["failed"].get(name, []))
            out.append(f"| {name} | {ms(f['median'])} ({ms(f['min'])}–{ms(f['max'])}) | {ms(st['median'])} "
                       f"({ms(st['min'])}–{ms(st['max'])}) | {f['n']} | {failed} | {', '.join(probes.get(name, []))} |")
        for name, why in keys["failed"].items():
            if name not in keys["samples"]:
                out.append(f"| {name} | – | – | 0 | {len(why)} | {', '.join(probes.get(name, []))} |")
        out += ["", ("The last column: in the untimed probe presses, the first frame (of the key's frames) in which "
                     "the key's effect was on screen; 'frame 1' means the first frame is the change itself.")]
        for name, why in keys["failed"].items():
            out.append(f"- not counted, {name}: {why[0]}" + (f" (and {len(why) - 1} more)" if len(why) > 1 else ""))
        out.append("")
    cli = r.get("cli")
    out += ["### 3. Command line at 10k (whole process, wall time)", ""]
    if _ok(cli, out):
        out += head + [row(name, s) for name, s in cli["samples"].items()]
        out += ["", "Ratios: " + ", ".join(f"{k} {times(v)}" for k, v in cli["ratios"].items()) +
                " (add against the add floor; check and export against read + parse).", ""]
        out += _failures(cli.get("failures"))
    mem = r.get("memory")
    out += ["### 4. Peak memory (VmHWM of the real process)", ""]
    if _ok(mem, out):
        out += [*head, row("empty Textual app", mem["bare"], mib)]
        out += [row(f"salesplan {size} (data on screen, then the Pipeline pane)", s["peak_mib"], mib)
                for size, s in mem["sizes"].items()]
        out += ["", *_failures(mem.get("failures"))]
    peers = r.get("peers")
    out += ["### 5. Peers: launch → data on screen, same terminal, same rounds", ""]
    if _ok(peers, out):
        for name, p in peers["peers"].items():
            what = "; ".join(f"{tier}: {held}" for tier, held in p.get("tiers", {}).items())
            out.append(f"- {name} {p.get('version', '')}: {p['status']}" + (f" ({what})" if what else "") +
                       "".join(f"; {k}: {v}" for k, v in p.items() if k.endswith("seeding")))
        out.append("")
        for tier, tr in peers["tiers"].items():
            out += ["| measurement | median | min | max | n | ÷ empty app |", "|---|---|---|---|---|---|",
                    row(f"{tier}: empty Textual app", tr["bare"], extra=" |")]
            out += [row(f"{tier}: {name}", a["data"], extra=f" {times(a['ratio'])} |") for name, a in tr["apps"].items()]
            out += ["", *_failures(tr.get("failures"))]
    judge = r.get("judge")
    out += ["### 6. The judge", ""]
    if _ok(judge, out):
        out += [*head, row(f"one answer, loaded (median over {judge['examples']} shared examples)", judge["per_answer"], lambda v: "–" if v is None else f"{v * 1000:.3f} ms"), row("first call in a new process (import + judge)", judge["first_call"])]
        out += ["", f"{judge['answers_per_second']:,.0f} answers per second; examples from `{judge['source']}`.", ""]
    return out


def _stats(samples: list[float]) -> dict:
    from .common import stats

    return stats(samples)


def _ok(section: dict | None, out: list[str]) -> bool:
    if section is None:
        out += ["Not run.", ""]
        return False
    if "error" in section:
        out += [f"**Failed**: {section['error']}", ""]
        return False
    return True


def _failures(failures: dict[str, list[str]] | None) -> list[str]:
    if not failures:
        return []
    return [f"- failed runs, {name}: {len(why)} ({why[0]})" for name, why in failures.items()] + [""]


def report(r: dict, meta: dict) -> str:
    lines = [
        "# Benchmark results", "",
        f"Run on {dt.datetime.now():%Y-%m-%d %H:%M} — {meta['machine']}, at the end {meta.get('load_end', 0):.2f}.",
        "",
        f"Code measured: {meta['code']}.", "",
        (f"`{meta['command']}`: {meta['mode']}; took {meta['took']:.0f} s. Every ratio is of medians measured in "
         "the same run, interleaved with its baseline."), "",
        "Workspaces: " + "; ".join(f"**{k}**: {v}" for k, v in meta["sizes"].items()) + ".", "",
        "## Targets", "",
        *targets(r), "",
        "## Details", "",
        *details(r),
        "## How each figure is measured", "",
        *METHOD,
    ]
    return "\n".join(lines) + "\n"


METHOD = [
    ("- **Launch → data** runs the real `salesplan --db FILE` in a real terminal: a tmux pane (private socket "
     "`-L bench`, 120x40, status bar off) whose shell waits on a FIFO and then `exec`s the program, so the clock "
     "starts at the exec and includes Python starting, imports, reading the file and writing to the terminal. The "
     "screen is read through one tmux control-mode client, captured each time the pane prints, and searched for "
     "markers: the first goal of the plan outline (its title) AND the health panel's line `Plan health  N findings` "
     "on one screen. The header (the workspace's name) is drawn before the file is read, so it is not the data; "
     "it is shown only as 'first output'. Headless mode was not used here because it skips process start and the "
     "terminal write, which are most of what a user waits for at launch. Each launch is paired with a launch of the "
     "empty app (`bench/bare_app.py`: Header, a line of text, Footer); sizes rotate; one untimed launch of each "
     "comes first, so bytecode (in a per-run PYTHONPYCACHEPREFIX) and the file are cached for every timed one."),
    ("- **Keys** run the real app with `App.run_test` (headless) on a copy of the 10k workspace. Every frame the "
     "compositor hands to the terminal is timestamped after being rendered to escape sequences (the driver's work "
     "that headless skips). First frame: the first after the key. Settled: the last before the app is idle (no frame "
     "and its event loop free for 200 ms). Toasts are shown (notifications on) and cleared before each key; cursors "
     "do not blink. Each key's effect is checked in the workspace and on the rendered screen; one that is not there "
     "is not counted and is listed. Add is timed from ctrl+s in a filled form (opening the form with `a` is "
     "reported too; the sentence is checked with enter, untimed); move from `y` in the confirmation that shift+→ opens "
     "(its exit criteria ticked, untimed); filter from enter in the filter box; a review step from ctrl+d (done) on an "
     "item of a weekly review's walk. The slow-disk row presses space with every fsync made to take 500 ms "
     "(the app writes on a thread of its own; the key must not wait for it)."),
    ("- **Command line** times the `salesplan` console script from spawn to exit, output to /dev/null, against "
     "floors run by the same interpreter in the same environment: for add, read + orjson parse + append + dump + "
     "write + fsync; for check and export, start + read + parse. `add` writes to a copy that grows by one action a "
     "round and makes its backup, as it does for a user."),
    ("- **Memory** is VmHWM from /proc of the real process in the terminal: salesplan after its data is on screen "
     "and the Pipeline pane (key 2) has been drawn, plus 0.5 s; the empty app 0.5 s after it is drawn."),
    "- **Peers** are launched exactly like salesplan (see section 5 for what each holds and what counts as its data).",
    "- **Judge**: each round judges every shared example once; per answer = round time ÷ examples.",
    "",
    ("Reproduce with `python bench/run.py` (about the time given above; `--quick` for a short run, `--sections` "
     "and `--sizes` to pick parts)."),
]
