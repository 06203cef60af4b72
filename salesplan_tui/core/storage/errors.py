"""Provides the storage errors, each carrying one clear sentence for the user."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class StorageError(Exception):
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
        super().__init__(f"{path} cannot be opened: {problem}. The file was not changed.{hint}")


class ReadOnlyError(StorageError):
    """A write was asked of a workspace opened read-only (another copy of the app holds the file)."""


class ValidationFailed(StorageError):
    """A record failed validation; nothing was written. The message names the field."""

    def __init__(self, message: str, fields: list[str] | None = None) -> None:
        self.fields = fields or []
        super().__init__(message)


def describe_validation_error(err: ValidationError, *, where: str = "") -> ValidationFailed:
    """Turns a pydantic error into one sentence per field: 'due: Input should be a valid date'."""
    parts: list[str] = []
    fields: list[str] = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if not loc and ":" in msg:
            loc, msg = (s.strip() for s in msg.split(":", 1))
        fields.append(loc.split(".")[0] if loc else "")
        parts.append(f"{loc}: {msg}" if loc else msg)
    prefix = f"{where}: " if where else ""
    return ValidationFailed(prefix + "; ".join(parts), fields)
