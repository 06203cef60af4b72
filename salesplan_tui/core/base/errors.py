"""Provides the domain's errors: a problem shown to the user as one line, and a change refused by a rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class SalesplanError(Exception):
    """A problem that the app and the CLI show as one clear line, never as a traceback."""


class FieldProblem(ValueError):
    """A rule about several fields broken, naming the field to fix (pydantic keeps it as the error's context)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ValidationFailed(SalesplanError):
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
    errors: dict[str, str] = {}
    for e in err.errors():
        problem = (e.get("ctx") or {}).get("error")
        if isinstance(problem, FieldProblem):
            field, message = problem.field, str(problem)
        else:
            field, message = ".".join(str(p) for p in e["loc"]), e["msg"].removeprefix("Value error, ")
        errors.setdefault(field, message)
    return ValidationFailed(errors)
