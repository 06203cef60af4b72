"""Provides where things live: the default workspace, the config folder, and the bundled themes and demo data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "salesplan"
PACKAGE_DIR = Path(__file__).resolve().parents[2]  # salesplan_tui/


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("SALESPLAN_CONFIG")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db() -> Path:
    """The workspace file: $SALESPLAN_DB when set, else workspace.json in the user data folder."""
    override = os.environ.get("SALESPLAN_DB")
    return Path(override).expanduser() if override else data_dir() / "workspace.json"


def bundled(name: str) -> Path:
    """A top-level folder shipped with the app ('themes', 'sample_data'), from a wheel or from a checkout."""
    installed = PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name
