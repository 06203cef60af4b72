"""Provides the screen's shape kept between runs, per workspace (the outline's open branches and cursor).

One file in the config folder, ui-state.json: {"workspaces": {real path of the workspace: {part: value}}}. It is
the app's memory, not the user's settings: a broken or unreadable file reads as empty and is replaced on the next
save, and a save that fails says why in one line. Nothing here raises.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from salesplan_tui.core.base.paths import config_dir

UI_STATE_FILE = "ui-state.json"
KEPT_WORKSPACES = 50  # the workspaces remembered: the ones opened last; a folder of old copies never grows the file


def _path(folder: Path | None) -> Path:
    return (folder if folder is not None else config_dir()) / UI_STATE_FILE


def _key(workspace: Path) -> str:
    """The workspace by its real path: the same file reached through a link or a relative path is one workspace."""
    try:
        return str(Path(workspace).expanduser().resolve())
    except (OSError, RuntimeError):  # a loop of links: the path as given still names it
        return str(Path(workspace).expanduser().absolute())


def _read_all(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable, not JSON, not UTF-8: nothing remembered
        return {}
    workspaces = data.get("workspaces") if isinstance(data, dict) else None
    if not isinstance(workspaces, dict):
        return {}
    return {k: v for k, v in workspaces.items() if isinstance(k, str) and isinstance(v, dict)}


def read_ui_state(workspace: Path, part: str, folder: Path | None = None) -> Any:
    """What was kept for one part of the screen of this workspace (None when nothing was, or the file is broken)."""
    return _read_all(_path(folder)).get(_key(workspace), {}).get(part)


def save_ui_state(workspace: Path, part: str, value: Any, folder: Path | None = None) -> str | None:
    """Keeps one part of the screen's shape for this workspace in one atomic replace; returns why it could not."""
    from salesplan_tui.core.storage.atomic import atomic_write

    path = _path(folder)
    workspaces = _read_all(path)  # a damaged file is replaced by one that reads
    key = _key(workspace)
    kept = {**workspaces.pop(key, {}), part: value}
    workspaces[key] = kept  # last in the file: the most recently used
    workspaces = dict(list(workspaces.items())[-KEPT_WORKSPACES:])
    try:
        payload = json.dumps({"workspaces": workspaces}).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload)
    except (OSError, TypeError, ValueError) as e:
        return f"could not keep the outline's shape in {path} ({getattr(e, 'strerror', None) or e})"
    return None
