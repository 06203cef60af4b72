"""Provides Change, what every operation returns: the records to save as one unit, the undo label and what to tell the user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from salesplan_tui.core.base.clock import now
from salesplan_tui.core.base.errors import ValidationFailed, describe_validation_error
from salesplan_tui.core.model.records import (
    KIND_OF,
    Action,
    Deal,
    Kind,
    Objective,
    Record,
    SalesProcess,
    ValueChange,
    Workspace,
)

R = TypeVar("R", bound=Record)


class WorkspaceView(Protocol):
    """What operations read: a Repository satisfies it."""

    @property
    def process(self) -> SalesProcess: ...

    def get(self, model: type[R], record_id: int | None) -> R | None: ...

    def all(self, model: type[R], *, archived: bool = False) -> list[R]: ...

    def actions_by(self, key: str) -> dict[int, list[Action]]: ...

    def next_id(self, model: type[Record]) -> int: ...


@dataclass(frozen=True)
class Change:
    """One unit of work: saved in one write, undone in one step.

    Args:
        label: what ctrl+z will say it undid ("mark action done").
        records: the new versions of every record it touches (new ones carry the id they will have).
        message: what to tell the user once it is saved ("" for nothing).
        warning: a nudge to show after saving, such as a deal left with fewer than two next steps.
        undoable: False for what is kept but is no step of the user's (a half-typed answer saved as they type).
        workspace: the workspace's own facts, changed (the seller's name), written in the same replace; None to keep them.
    """

    label: str
    records: tuple[Record, ...]
    message: str = ""
    warning: str = ""
    undoable: bool = True
    workspace: Workspace | None = None

    def first(self, model: type[R]) -> R:
        """The first record of a model in the change (the one an operation was about)."""
        return next(r for r in self.records if isinstance(r, model))

    @property
    def changed(self) -> Changed:
        # The workspace's facts are in every heading (the seller's name): a change to them redraws everything.
        return Changed.all() if self.workspace is not None else Changed.of(self.records)


@dataclass(frozen=True)
class Changed:
    """What a saved change touched, by kind: the event the screens update from."""

    ids: dict[Kind, frozenset[int]] = field(default_factory=dict)
    everything: bool = False  # an undo across kinds, an import or a restore: redraw it all

    @classmethod
    def of(cls, records: Iterable[Record]) -> Changed:
        ids: dict[Kind, set[int]] = {}
        for record in records:
            ids.setdefault(KIND_OF[type(record)], set()).add(record.id)
        return cls({kind: frozenset(found) for kind, found in ids.items()})

    @classmethod
    def all(cls) -> Changed:
        return cls(everything=True)

    def touches(self, *kinds: Kind) -> bool:
        return self.everything or any(kind in self.ids for kind in kinds)

    def of_kind(self, kind: Kind) -> frozenset[int]:
        return self.ids.get(kind, frozenset())


def build(model: type[R], **fields: Any) -> R:
    """A record from fields, validated; raises ValidationFailed naming each bad field."""
    try:
        return model.model_validate(fields, context={"checked": True})  # checks a file read from disk is spared
    except ValidationError as e:
        raise describe_validation_error(e) from None


# The numbers whose every change is kept, so a one-on-one can say what moved since last time.
TRACKED = {Deal: ("value", "value_history"), Objective: ("current", "current_history")}


def revise(record: R, *, at: dt.datetime | None = None, **changes: Any) -> R:
    """A record with some fields changed, validated again as a whole (model_copy alone checks nothing).

    A tracked number that changes (a deal's value, an objective's current figure) is added to its history,
    dated `at` (the operation's clock; the wall clock when not given).
    """
    revised = build(type(record), **{**record.model_dump(), **changes})
    tracked = TRACKED.get(type(record))
    if tracked is not None:
        field, history = tracked
        old, new_value = getattr(record, field), getattr(revised, field)
        if old != new_value:
            step = ValueChange(old=old, new=new_value, at=at or now())
            revised = revised.model_copy(update={history: [*getattr(revised, history), step]})
    return revised


def new(view: WorkspaceView, model: type[R], **fields: Any) -> R:
    """A new record with the id it will be stored under."""
    return build(model, **fields, id=view.next_id(model))


def require(record: R | None, what: str) -> R:
    """The record an operation was asked about, or a refusal when it is gone (deleted under the cursor, say)."""
    if record is None:
        raise ValidationFailed.on("", f"that {what} no longer exists")
    return record
