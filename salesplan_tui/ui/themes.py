"""Provides loading colour themes from TOML files: the bundled themes/ folder and the user's own."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

from salesplan_tui.core.base.paths import bundled, config_dir

FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
          "surface", "panel", "boost")


def theme_folders() -> list[Path]:
    return [bundled("themes"), config_dir() / "themes"]


def load_theme(path: Path) -> Theme:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if "primary" not in data:
        raise ValueError("a theme needs at least a primary colour")
    unknown = set(data) - set(FIELDS) - {"name", "dark", "variables"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")

    def colour(key: str) -> str | None:
        return str(data[key]) if key in data else None

    return Theme(
        name=str(data.get("name", path.stem)),
        primary=str(data["primary"]),
        secondary=colour("secondary"), warning=colour("warning"), error=colour("error"), success=colour("success"),
        accent=colour("accent"), foreground=colour("foreground"), background=colour("background"),
        surface=colour("surface"), panel=colour("panel"), boost=colour("boost"),
        dark=bool(data.get("dark", True)),
        variables=dict(data.get("variables", {})),
    )


def load_themes(folders: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme found, and one line for each file that could not be read."""
    loaded: list[Theme] = []
    failed: list[str] = []
    for folder in folders if folders is not None else theme_folders():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = load_theme(path)
                theme.to_color_system()  # bad colour strings fail here, not when the theme is chosen
            except Exception as e:  # noqa: BLE001 - any bad theme file is reported, never fatal
                failed.append(f"{path.name}: {e}")
            else:
                loaded.append(theme)
    return loaded, failed
