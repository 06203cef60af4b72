"""Provides the user's preferences kept between runs (the chosen theme), in settings.json in the config folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.core.storage.atomic import atomic_write


def settings_file() -> Path:
    return config_dir() / "settings.json"


def load() -> dict[str, Any]:
    """The saved preferences; a missing or damaged file is simply no preferences (they are never precious)."""
    try:
        data = json.loads(settings_file().read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**changes: Any) -> str | None:
    """Keeps preferences for the next run; returns why it could not, or None."""
    path = settings_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({**load(), **changes}, indent=2).encode())
    except OSError as e:
        return f"could not keep your preferences in {path} ({e.strerror})"
    return None
