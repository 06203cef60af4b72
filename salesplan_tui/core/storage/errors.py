"""Provides the storage errors, each carrying one clear sentence for the user."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.base.errors import SalesplanError


class StorageError(SalesplanError):
    """A storage problem that the app and the CLI show as one line, never as a traceback."""


class CorruptDatabase(StorageError):
    """The file cannot be read as a salesplan workspace; it is left exactly as it is."""

    def __init__(self, path: Path, problem: str, backup: Path | None) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        hint = (
            f" Newest good backup: {backup}. Bring it back with: salesplan restore --db {path} --latest"
            if backup
            else " No good backup was found beside it."
        )
        super().__init__(f"{path} cannot be opened: {problem.rstrip('.')}. The file was not changed.{hint}")


class ReadOnlyError(StorageError):
    """A write was asked of a workspace opened read-only (another copy of the app holds the file)."""
