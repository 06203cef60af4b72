"""Provides section 5: time to data of salesplan beside two other Textual apps, kanban-tui and dooit.

Each peer lives in its own virtual environment under /work/peers/NAME (bench/install_peers.sh makes them; they
are never installed into the project's environment) and is seeded by a script run with its own Python, through
its own code or its own SQLite schema, in a folder of this run. What is compared, at two tiers:

- demo: salesplan's demo workspace; kanban-tui's own demo data (`create_demo_tasks`: 5 boards, 18 tasks, the
  first board shown); dooit, which has no demo, with 3 workspaces of 6 todos.
- volume: salesplan's 10k workspace (10,000 actions, 2,000 deals); kanban-tui's demo plus 2,000 tasks on the
  board it opens (as many cards as salesplan's pipeline board holds; at 10,000 tasks it took over a minute to open
  here, with 1.7 GB resident); dooit with 10,000 todos in 50 workspaces.

"Data on screen" is, for each, what its user sees first: kanban-tui's board with a card in each of its three
visible columns; dooit's workspace list (dooit shows a workspace's todos only once one is selected); salesplan's
plan outline and health count (see startup.py). Every launch is paired with a launch of the bare Textual app.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .common import isolated_env, ratio, stats
from .startup import BARE_MARKERS, Launcher, bare_argv, data_markers, salesplan_argv

PEERS_HOME = Path(os.environ.get("PEERS", "/work/peers"))  # bench/install_peers.sh installs them there

SEED_KANBAN = r"""
import datetime, sqlite3, sys
config, database, extra = sys.argv[1], sys.argv[2], int(sys.argv[3])
from kanban_tui.app import KanbanTui
from kanban_tui.utils import create_demo_tasks
create_demo_tasks(KanbanTui(config_path=config, database_path=database))
if extra:
    con = sqlite3.connect(database)
    board = con.execute("select min(board_id) from boards").fetchone()[0]
    columns = [r[0] for r in con.execute(
        "select column_id from columns where board_id = ? and visible order by position", (board,))]
    position = {c: con.execute("select coalesce(max(position), -1) + 1 from tasks where column = ?", (c,)).fetchone()[0]
                for c in columns}
    now = datetime.datetime.now().replace(microsecond=0)
    rows = []
    for i in range(extra):
        c = columns[i % len(columns)]
        rows.append((f"Call Dana at Account {i}", c, None, "to confirm the budget", now, None, None,
                     now + datetime.timedelta(days=i % 60), "{}", position[c] + i // len(columns)))
    con.executemany("insert into tasks (title, column, category, description, creation_date, start_date, "
                    "finish_date, due_date, metadata, position) values (?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
"""

SEED_DOOIT = r"""
import sys
from dooit.api.manager import manager
database, workspaces, todos = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
manager.connect(database)
from dooit.api import Todo, Workspace
root = Workspace._get_or_create_root()
manager.session.add(root)
spaces = [Workspace(description="Bench workspace" if w == 0 else f"Workspace {w + 1}", parent_workspace=root,
                    order_index=w) for w in range(workspaces)]
manager.session.add_all(spaces)
manager.session.add_all(Todo(description=f"Call Dana at Account {i} to confirm the budget",
                             parent_workspace=spaces[i % workspaces], order_index=i // workspaces)
                        for i in range(todos))
manager.commit()
"""


@dataclass
class Peer:
    name: str
    command: str  # in the peer's venv/bin
    markers: list[str]
    tiers: dict[str, str]  # tier → what it holds, in words

    @property
    def venv(self) -> Path:
        return PEERS_HOME / self.name

    def installed(self) -> bool:
        return (self.venv / "bin" / self.command).exists()

    def version(self) -> str:
        done = subprocess.run([str(self.venv / "bin" / "python"), "-m", "pip", "show", self.name],
                              capture_output=True, text=True, timeout=60, check=False)
        return next((line.split(":", 1)[1].strip() for line in done.stdout.splitlines()
                     if line.startswith("Version:")), "?")


PEERS = [
    Peer("kanban-tui", "ktui", ["Task_green_ready", "Task_green_doing", "Task_red_done"],
         {"demo": "its demo data: 5 boards, 18 tasks", "volume": "its demo data + 2,000 tasks on the board it opens"}),
    Peer("dooit", "dooit", ["Bench workspace", "Workspace 2"],
         {"demo": "3 workspaces, 18 todos", "volume": "50 workspaces, 10,000 todos"}),
]


def seed(peer: Peer, tier: str, folder: Path, env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Makes the peer's data for a tier; returns its command line and the extra environment it needs."""
    folder.mkdir(parents=True, exist_ok=True)
    python = str(peer.venv / "bin" / "python")
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([python, "-c", *args], env=env, check=True, capture_output=True, timeout=300, cwd=folder)

    if peer.name == "kanban-tui":
        config, database = folder / "config.toml", folder / "kanban_tui.db"
        extra = {"KANBAN_TUI_CONFIG_FILE": str(config), "KANBAN_TUI_DATABASE_FILE": str(database)}
        if not database.exists():
            run(SEED_KANBAN, str(config), str(database), "2000" if tier == "volume" else "0")
        return [str(peer.venv / "bin" / peer.command)], extra
    database = folder / "dooit.db"
    if not database.exists():
        run(SEED_DOOIT, str(database), *(("50", "10000") if tier == "volume" else ("3", "18")))
    return [str(peer.venv / "bin" / peer.command), "--db", str(database)], {}


def peers_section(workspaces: dict[str, Path], rounds: dict[str, int], folder: Path, timeout: dict[str, float],
                  log: Callable[[str], None] = print) -> dict:
    """Per tier, rounds of (bare, app) pairs for salesplan and each installed peer, in a rotating order."""
    home = folder / "home"
    base_env = isolated_env(home)
    peer_env = {k: v for k, v in base_env.items() if k != "PYTHONPATH"}  # --at's copy of salesplan is not theirs
    out: dict = {"peers": {}, "tiers": {}}
    runnable = []
    for peer in PEERS:
        if not peer.installed():
            out["peers"][peer.name] = {"status": f"not installed in {peer.venv} (run bench/install_peers.sh)"}
            continue
        out["peers"][peer.name] = {"status": "ok", "version": peer.version(), "tiers": peer.tiers}
        runnable.append(peer)
    sizes = {"demo": "demo", "volume": "10k"}
    for tier, size in sizes.items():
        if size not in workspaces:
            continue
        launcher = Launcher(home, timeout[tier], log)
        apps: dict[str, tuple[list[str], list[str], dict[str, str]]] = {
            "salesplan": (salesplan_argv(workspaces[size]), data_markers(workspaces[size]), base_env)}
        for peer in runnable:
            try:
                argv, extra = seed(peer, tier, folder / peer.name / tier, peer_env)
            except (subprocess.SubprocessError, OSError) as e:
                detail = getattr(e, "stderr", b"") or b""
                out["peers"][peer.name][f"{tier} seeding"] = f"failed: {e} {detail.decode()[-300:]}"
                continue
            apps[peer.name] = (argv, peer.markers, dict(peer_env, **extra))
        names = list(apps)
        for name in names:  # warm-up, not counted
            argv, markers, env = apps[name]
            launcher.run(f"{name} warm-up", argv, markers, env=env)
        bare: list[float] = []
        data: dict[str, list[float]] = {n: [] for n in names}
        for r in range(rounds[tier]):
            shown: dict[str, str] = {}
            for name in names[r % len(names):] + names[:r % len(names)]:
                argv, markers, env = apps[name]
                base = launcher.run("bare", bare_argv(), BARE_MARKERS)
                seen = launcher.run(name, argv, markers, env=env)
                if base is not None and base.data is not None:
                    bare.append(base.data)
                if seen is not None and seen.data is not None:
                    data[name].append(seen.data)
                shown[name] = f"{seen.data * 1000:.0f} ms" if seen is not None and seen.data is not None else "failed"
            log(f"  {tier} round {r + 1}/{rounds[tier]}: " + ", ".join(f"{n} {shown[n]}" for n in names))
        tier_out: dict = {"bare": stats(bare), "apps": {}, "failures": launcher.failures}
        for name in names:
            s = stats(data[name])
            tier_out["apps"][name] = {"data": s, "ratio": ratio(s, tier_out["bare"])}
        out["tiers"][tier] = tier_out
    return out
