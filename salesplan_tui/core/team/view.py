"""Provides a workspace read for the roll-up as a read-only view: what the plan rules and the forecast read, no more."""

from __future__ import annotations

from collections import defaultdict
from typing import TypeVar, cast

from salesplan_tui.core.model.records import Action, Record, SalesProcess, Workspace
from salesplan_tui.core.storage.schema import TABLE_OF, Contents

R = TypeVar("R", bound=Record)


class ReadView:
    """A whole workspace in memory (a workspace file or an export), read and never written: it has no lock, no file
    and no undo, so the rules and the forecast read it as they read an open Repository."""

    def __init__(self, contents: Contents) -> None:
        self.contents = contents
        self._grouped: dict[str, dict[int, list[Action]]] = {}
        self._sorted: dict[tuple[str, bool], list[Record]] = {}

    @property
    def workspace(self) -> Workspace:
        return self.contents.workspace

    @property
    def process(self) -> SalesProcess:
        return self.contents.process

    def get(self, model: type[R], record_id: int | None) -> R | None:
        if record_id is None:
            return None
        return cast("R | None", self.contents.tables[TABLE_OF[model]].get(record_id))  # each table holds its model's

    def all(self, model: type[R], *, archived: bool = False) -> list[R]:
        """A table's records in id order (archived ones only when asked for): sorted once, as nothing here changes."""
        key = (TABLE_OF[model], archived)
        if key not in self._sorted:
            table = self.contents.tables[key[0]]
            self._sorted[key] = [r for _, r in sorted(table.items()) if archived or not r.archived]
        return cast("list[R]", list(self._sorted[key]))  # each table holds its model's records; a copy for the caller

    def actions_by(self, key: str) -> dict[int, list[Action]]:
        """Unarchived actions grouped by 'objective_id' or 'deal_id', in due-date order (as Repository.actions_by)."""
        if key not in self._grouped:
            grouped: dict[int, list[Action]] = defaultdict(list)
            for action in self.all(Action):
                ref = getattr(action, key)
                if ref is not None:
                    grouped[ref].append(action)
            for items in grouped.values():
                items.sort(key=lambda a: (a.due, a.id))
            self._grouped[key] = dict(grouped)
        return self._grouped[key]

    def next_id(self, model: type[Record]) -> int:
        return max(self.contents.tables[TABLE_OF[model]], default=0) + 1
