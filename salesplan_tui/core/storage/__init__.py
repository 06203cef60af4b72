"""Provides the workspace's storage: one crash-safe TinyDB JSON file behind a small repository interface."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salesplan_tui.core.storage.atomic import OutsideChange
    from salesplan_tui.core.storage.errors import CorruptDatabase, ReadOnlyError, StorageError
    from salesplan_tui.core.storage.repository import Repository

__all__ = ["CorruptDatabase", "OutsideChange", "ReadOnlyError", "Repository", "StorageError"]
_WHERE = {"Repository": "repository", "CorruptDatabase": "errors", "ReadOnlyError": "errors",
          "StorageError": "errors", "OutsideChange": "atomic"}


def __getattr__(name: str) -> Any:
    # Imported on first use: the app paints its first frame before pydantic and the models load.
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
