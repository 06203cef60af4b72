"""Provides checking the user's keymap (read with the other settings, see core.settings) against the keys it remaps."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.core.settings.model import KEYMAP_FILE
from salesplan_tui.ui.actions import BY_ID


def keymap_file() -> Path:
    return config_dir() / KEYMAP_FILE


def check_keymap(keymap: dict[str, str], path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The keymap's entries for actions that exist, and one line per problem (an unknown id, a key taken)."""
    path = path or keymap_file()
    known = {binding_id: keys for binding_id, keys in keymap.items() if binding_id in BY_ID}
    problems = [f"{path}: no action {binding_id!r} (see the README for the ids)"
                for binding_id in keymap if binding_id not in BY_ID]
    return known, problems + clashes(known, path)


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
