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
    """A change was refused by a rule or a field's check; nothing was written.

    Args:
        errors: a message per field name (the form shows each under its field); "" for the change as a whole.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" if field else message for field, message in self.errors.items()))

    @classmethod
    def on(cls, field: str, message: str) -> ValidationFailed:
        return cls({field: message})


def describe_validation_error(err: ValidationError) -> ValidationFailed:
    """Turns a pydantic error into one message per field: {'due': 'Input should be a valid date'}."""
    from ..models import FieldProblem

    errors: dict[str, str] = {}
    for e in err.errors():
        problem = (e.get("ctx") or {}).get("error")
        if isinstance(problem, FieldProblem):
            field, message = problem.field, str(problem)
        else:
            field, message = ".".join(str(p) for p in e["loc"]), e["msg"].removeprefix("Value error, ")
        errors.setdefault(field, message)
    return ValidationFailed(errors)
