"""Provides the user's key remapping: keymap.toml in the config folder maps binding ids to keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.ui.actions import BY_ID


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The keymap ({binding id: keys}) and one line per problem; a bad file changes no key."""
    path = path or config_dir() / "keymap.toml"
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        return {}, [f"{path}: {e}; default keys kept"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in BY_ID:
            problems.append(f"{path}: no action {binding_id!r} (see the README for the ids)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: {binding_id} needs keys as a string, e.g. \"ctrl+n\"")
        else:
            keymap[binding_id] = keys.strip()
    return keymap, problems + clashes(keymap, path)


def clashes(keymap: dict[str, str], path: Path) -> list[str]:
    """One line for each action that a remapped key takes its key from (it would silently have none)."""
    found = []
    for binding_id, keys in keymap.items():
        taker = BY_ID[binding_id]
        for other in BY_ID.values():
            if other.id == binding_id or other.id in keymap or other.scope not in (taker.scope, "app"):
                continue
            lost = set(keys.split(",")) & set(other.key.split(","))
            if lost:
                found.append(f"{path}: {binding_id} takes {', '.join(sorted(lost))} from {other.id}, "
                             "which then has no key (the command palette still runs it)")
    return found
