"""Provides reading the user's settings from the config folder into one Settings, and keeping the chosen theme.

Two files, each in the format people expect for it: settings.json (the app writes it) and keymap.toml (the user
does). A bad file, or a bad entry in one, is one line saying which file and what is wrong; what it would have set
keeps its default, and everything else still applies. Nothing here raises.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.core.settings.model import KEYMAP_FILE, SETTINGS_FILE, Settings

DEFAULT_SAID = {SETTINGS_FILE: "the default theme is used", KEYMAP_FILE: "default keys kept"}


def read_settings(folder: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in the config folder ($SALESPLAN_CONFIG or the user's), and one line per problem found."""
    folder = folder if folder is not None else config_dir()
    problems: list[str] = []
    raw: dict[str, Any] = {}
    saved = _read_json(folder / SETTINGS_FILE, problems)
    if "keymap" in saved:
        problems.append(f"{folder / SETTINGS_FILE}: keys are remapped in {KEYMAP_FILE}, not here; ignored")
        del saved["keymap"]
    raw.update(saved)
    keymap = _read_toml(folder / KEYMAP_FILE, problems)
    for binding_id, keys in keymap.items():
        if isinstance(keys, str) and not keys.strip():
            problems.append(_said(("keymap", binding_id), "string_too_short", "", folder))
        else:
            raw.setdefault("keymap", {})[binding_id] = keys.strip() if isinstance(keys, str) else keys
    if not raw:
        return Settings(), problems  # no settings: pydantic is not even imported
    return _validated(raw, folder, problems), problems


def save_theme(name: str, folder: Path | None = None) -> str | None:
    """Keeps the theme for the next run in settings.json (its other settings kept); returns why it could not."""
    from salesplan_tui.core.storage.atomic import atomic_write

    path = (folder if folder is not None else config_dir()) / SETTINGS_FILE
    kept = _read_json(path, [])  # a damaged file is replaced by one that reads
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({**kept, "theme": name}, indent=2).encode())
    except OSError as e:
        return f"could not keep your settings in {path} ({e.strerror})"
    return None


def _read_json(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except OSError as e:
        problems.append(f"{path}: cannot be read ({e.strerror}); {DEFAULT_SAID[SETTINGS_FILE]}")
        return {}
    except ValueError as e:  # JSONDecodeError, or bytes that are not UTF-8
        where = f" at line {e.lineno}, column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        problems.append(f"{path}: not valid JSON{where}; {DEFAULT_SAID[SETTINGS_FILE]}")
        return {}
    if not isinstance(data, dict):
        problems.append(f'{path}: should hold one JSON object, e.g. {{"theme": "salesplan"}}; '
                        f"{DEFAULT_SAID[SETTINGS_FILE]}")
        return {}
    return data


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as e:
        problems.append(f"{path}: cannot be read ({e.strerror}); {DEFAULT_SAID[KEYMAP_FILE]}")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        problems.append(f"{path}: {e}; {DEFAULT_SAID[KEYMAP_FILE]}")
    return {}


def _validated(raw: dict[str, Any], folder: Path, problems: list[str]) -> Settings:
    """Settings from what the files hold: each entry the model refuses is said in one line and left out."""
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(Settings)
    for _ in range(len(raw) + sum(len(v) for v in raw.values() if isinstance(v, dict)) + 1):
        try:
            return adapter.validate_python(raw)
        except ValidationError as e:
            for error in e.errors():
                problems.append(_said(error["loc"], error["type"], error["msg"], folder))
                _drop(raw, error["loc"])
    return Settings()  # not reached: each pass leaves out at least one entry


def _said(loc: tuple[int | str, ...], kind: str, message: str, folder: Path) -> str:
    name = str(loc[0]) if loc else ""
    path = folder / Settings.file_of(name)
    if kind == "unexpected_keyword_argument":
        return f"{path}: no setting {name!r}; ignored"
    if name == "keymap" and len(loc) > 1:
        return f'{path}: {loc[1]} needs keys as a string, e.g. "ctrl+n"'
    if name == "keymap":
        return f"{path}: {message.lower()}; {DEFAULT_SAID[KEYMAP_FILE]}"
    return f"{path}: {name}: {message.lower()}; {DEFAULT_SAID.get(path.name, 'ignored')}"


def _drop(raw: dict[str, Any], loc: tuple[int | str, ...]) -> None:
    if len(loc) > 1 and isinstance(raw.get(str(loc[0])), dict):
        raw[str(loc[0])].pop(loc[1], None)
    elif loc:
        raw.pop(str(loc[0]), None)
    else:
        raw.clear()
