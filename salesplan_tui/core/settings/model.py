"""Provides Settings: everything a user can set (the theme the app opens with, the keys remapped), as one model.

A plain dataclass that pydantic validates (see store.read_settings): a launch with no settings file never imports
pydantic, so the window's first frame does not wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

SETTINGS_FILE = "settings.json"  # written by the app (the theme picked from the palette)
KEYMAP_FILE = "keymap.toml"  # written by the user: binding id = "keys"


@dataclass(frozen=True)
class Settings:
    """The user's settings, each with its default.

    Args:
        theme: the theme the app opens with (settings.json); None for the app's own. One no longer installed is
            passed over by the app.
        keymap: {binding id: keys} (keymap.toml), e.g. {"walk.skip": "ctrl+k"}; the UI checks the ids.
        rates: {currency: its worth in base_currency} (settings.json), e.g. {"EUR": 1.08}: money in other currencies
            is converted at these rates where totals are added up, and says so; a currency without one is kept apart.
        base_currency: the currency the rates are in, and totals are converted into.
    """

    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)
    base_currency: str = "USD"

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}  # an unknown setting is said, not kept

    @staticmethod
    def file_of(name: str) -> str:
        """The file in the config folder that a setting is read from."""
        return KEYMAP_FILE if name == "keymap" else SETTINGS_FILE
