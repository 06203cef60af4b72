"""Provides the domain's errors: a problem shown to the user as one line, and a change refused by a rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


# pydantic's wording of a check, by its error type, said as what the user gave and what to give instead. A type not
# here keeps pydantic's own message, which names the field's kind plainly enough ("Input should be a valid string").
_PLAIN = {
    "finite_number": "infinity and NaN are not amounts; give a plain number such as 12500",
    "float_parsing": "{input!r} is not a number; give one such as 12500 (digits, one decimal point)",
    "float_type": "this is not a number; give one such as 12500",
    "int_parsing": "{input!r} is not a whole number; give one such as 3",
    "int_from_float": "{input!r} is not a whole number; give one such as 3",
    "date_parsing": "{input!r} is not a date; give one as 2026-12-31",
    "date_from_datetime_parsing": "{input!r} is not a date; give one as 2026-12-31",
    "date_type": "this is not a date; give one as 2026-12-31",
    "missing": "missing: it must be given",
}


def _plain(e: Any) -> str:
    """One pydantic error in the words of the app: what was given, and what to give instead."""
    wording = _PLAIN.get(e["type"])
    if wording is None:
        return str(e["msg"]).removeprefix("Value error, ")
    given = e.get("input")
    shown = given if not isinstance(given, str) or len(given) <= 40 else given[:39] + "…"
    return wording.format(input=shown)


def describe_validation_error(err: ValidationError) -> ValidationFailed:
    """Turns a pydantic error into one message per field: {'value': "'lots' is not a number; give one such as …"}."""
    errors: dict[str, str] = {}
    for e in err.errors():
        problem = (e.get("ctx") or {}).get("error")
        if isinstance(problem, FieldProblem):
            field, message = problem.field, str(problem)
        else:
            field, message = ".".join(str(p) for p in e["loc"]), _plain(e)
        errors.setdefault(field, message)
    return ValidationFailed(errors)
