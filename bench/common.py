"""Provides what every benchmark section shares: statistics, an isolated environment, and the machine line."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)  # every screen is measured at this size, headless or in tmux


def stats(samples: list[float]) -> dict[str, float]:
    """Median, min, max and n of a list of samples (an empty list gives n = 0 and no figures)."""
    if not samples:
        return {"n": 0}
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples)}


def ratio(top: dict, bottom: dict) -> float | None:
    """The ratio of two medians, or None when either is missing."""
    if not top.get("n") or not bottom.get("n") or not bottom["median"]:
        return None
    return top["median"] / bottom["median"]


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a measured process: a home and XDG folders of its own, never the user's data or config.

    SALESPLAN_DB is removed so only the --db of the command chooses the workspace. Bytecode is cached as on a
    user's machine (this machine sets PYTHONDONTWRITEBYTECODE, which would make every launch compile salesplan from
    source while Textual's cached bytecode from pip is read), in a folder beside the home (PYTHONPYCACHEPREFIX), so
    every program measured, the bare app included, reads bytecode the warm-up launches wrote, and the work tree is
    left alone.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SALESPLAN_", "XDG_", "KANBAN_TUI_", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV"))}
    env["PYTHONPYCACHEPREFIX"] = str(home.parent / "pycache")
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["HOME"] = str(home)
    env["SALESPLAN_CONFIG"] = str(home / ".config" / "salesplan")
    env.update(extra)
    return env


def venv_bin(name: str) -> str:
    """A command of the running virtual environment (the `salesplan` a user runs), by absolute path."""
    return str(Path(sys.executable).parent / name)


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import textual

        tx = textual.__version__
    except ImportError:
        tx = "not installed"
    load = f", load average at start {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, Textual {tx}{load}")
