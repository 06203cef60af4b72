"""Provides a table of the workspace in memory: each record once, as a validated model, beside the line it is stored as.

The lines are the write cache: saving one change copies every other record's line as it is. A table opened lazily
from a file this salesplan sealed starts as one block of lines; it is cut into lines, and each line read into a model,
only when a record of it is needed (adding a record after the last one never needs that).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Record
from salesplan_tui.core.storage.errors import CorruptDatabase
from salesplan_tui.core.storage.layout import last_id, records_of, text_of
from salesplan_tui.core.storage.lines import FieldSets, Unreadable, checked_line, decode, decode_many

if TYPE_CHECKING:
    from pathlib import Path


class Table:
    """One table's records by id, in one of three states:

    - complete: every record is a model (`_records`); `_lines` caches the lines written or read;
    - lines: every record has its line in `_lines`; `_records` caches those already read;
    - block: the lines are still one block of text (`_block`); `_records` holds records added after it.
    """

    def __init__(self, model: type[Record], *, records: dict[int, Record] | None = None,
                 lines: dict[int, bytes] | None = None, block: bytes | None = None, careful: bool = False,
                 where: Path | None = None) -> None:
        self.model = model
        self.where = where  # the file the lines came from, named when one of them turns out damaged
        self._records: dict[int, Record] = records if records is not None else {}
        self._lines: dict[int, bytes] = lines if lines is not None else {}
        self._block = block
        self._complete = records is not None or (lines is None and block is None)
        self._careful = careful  # the file holds a run of 19 digits somewhere: look for it line by line
        self._in_order: bool | None = None  # whether `_lines` holds its ids in increasing order (None: not known)
        self._fields = FieldSets()
        for record in self._records.values():
            self._fields.share(record)

    # ----- reading ------------------------------------------------------------------------------

    def ids(self) -> Iterator[int]:
        self._cut()
        return iter(self._records if self._complete else self._lines)

    def __len__(self) -> int:
        self._cut()
        return len(self._records if self._complete else self._lines)

    def max_id(self) -> int:
        if self._block is not None:
            found = last_id(self._block)
            if found is not None:
                return found
        return max(self.ids(), default=0)

    def get(self, record_id: int) -> Record | None:
        found = self._records.get(record_id)
        if found is not None or self._complete or (self._block is not None and record_id > self.max_id()):
            return found
        self._cut()
        line = self._lines.get(record_id)
        if line is None:
            return None
        found = self._records[record_id] = self._fields.share(self._decode_or_raise(record_id, line))
        return found

    def records(self) -> dict[int, Record]:
        """Every record by id, reading those not read yet."""
        if not self._complete:
            self._cut()
            for record_id, line in self._lines.items():
                if record_id not in self._records:
                    self._records[record_id] = self._fields.share(self._decode_or_raise(record_id, line))
            self._complete = True
        return self._records

    def decode_all(self, *, trusted: bool = False) -> None:
        """Reads and validates every line now (`trusted`: a sealed file's, without the checks it passed when written);
        raises Unreadable at the first the line reader cannot take."""
        self._cut()
        decode_many(self.model, self._lines, self._records, self._fields, careful=self._careful, trusted=trusted)
        self._complete = True

    def _cut(self) -> None:
        """Cuts a block into lines (the file was sealed, so they are in this layout unless it was damaged since)."""
        if self._block is None:
            return
        lines = records_of(self._block)
        if lines is None:
            raise self._damaged("its lines are not where this salesplan writes them")
        self._lines, self._block, self._in_order = lines, None, None

    def _decode_or_raise(self, record_id: int, line: bytes) -> Record:
        try:
            return decode(self.model, record_id, text_of(line), careful=self._careful)
        except Unreadable as e:  # a sealed file holds only lines that were checked: this is damage, not a hand edit
            raise self._damaged(f"record {self.model.__name__.lower()} #{record_id} is invalid ({e})") from None

    def _damaged(self, problem: str) -> Exception:
        from salesplan_tui.core.storage.backups import newest_good_backup
        from salesplan_tui.core.storage.schema import file_problem

        if self.where is None:
            return ValueError(problem)
        return CorruptDatabase(self.where, problem, newest_good_backup(self.where, lambda b: file_problem(b) is None))

    # ----- writing ------------------------------------------------------------------------------

    def checked_line(self, record: Record) -> tuple[bytes, Record]:
        """See lines.checked_line: the record's line, and the record it reads back as; raises ValidationFailed."""
        return checked_line(self.model, record)

    def line(self, record_id: int) -> bytes:
        """A record's line as it is stored, serialising (and checking) it the first time it is asked for."""
        found = self._lines.get(record_id)
        if found is None:
            record = self._records[record_id]
            found, again = checked_line(self.model, record)
            if again != record:
                raise ValidationFailed.on("", f"{self.model.__name__.lower()} #{record_id} would not read back as it is")
            self._keep_line(record_id, found)
        return found

    def kept_line(self, record_id: int) -> bytes | None:
        """A record's line when it is kept already (nothing is serialised)."""
        return self._lines.get(record_id)

    def lines_in_order(self, changes: dict[int, bytes | None] | None = None) -> list[bytes]:
        """Every line in id order (a block counts as its lines), with some replaced (bytes) or removed (None), without
        changing the table."""
        changes = changes or {}
        if not changes and self._block is None and self._every_line_in_order():
            return list(self._lines.values())  # a copy of the references: a list made in C, not a loop
        if self._block is not None:
            top = self.max_id()
            if all(line is not None and i > top for i, line in changes.items()):  # only records added at the end
                return [self._block, *(line for _, line in sorted(changes.items()) if line is not None)]
            self._cut()
        ids = set(self.ids())
        ids.update(i for i, line in changes.items() if line is not None)
        ids.difference_update(i for i, line in changes.items() if line is None)
        return [changes.get(i) or self.line(i) for i in sorted(ids)]

    def put(self, record_id: int, record: Record | None, line: bytes | None) -> None:
        """Keeps a record saved with its line (from `checked_line`), or forgets one removed (both None)."""
        if self._block is not None:
            if record is not None and line is not None and record_id > self.max_id():
                self._block += b",\n" + line
                self._records[record_id] = self._fields.share(record)
                return
            self._cut()
        if record is None or line is None:
            self._records.pop(record_id, None)
            self._lines.pop(record_id, None)
        else:
            self._records[record_id] = self._fields.share(record)
            self._keep_line(record_id, line)

    def restore(self, record_id: int, record: Record | None, line: bytes | None) -> None:
        """Puts back a record as it was before a change (None: it did not exist), with its line when one was kept."""
        if record is None or line is not None:
            self.put(record_id, record, line)
            return
        self._cut()
        self._records[record_id] = self._fields.share(record)
        self._lines.pop(record_id, None)  # serialised again when next written
        if not self._complete:
            self._keep_line(record_id, self.line(record_id))

    def _keep_line(self, record_id: int, line: bytes) -> None:
        if self._in_order and record_id not in self._lines and self._lines and record_id < next(reversed(self._lines)):
            self._in_order = False  # an id put back below the last: the lines are sorted when next written
        self._lines[record_id] = line

    def _every_line_in_order(self) -> bool:
        """Whether `_lines` holds a line for every record, in id order: then it is the table's text as it is."""
        if not self._complete:
            covered = True  # the lines are the table
        else:
            covered = len(self._lines) == len(self._records)
        if not covered:
            return False
        if self._in_order is None:
            ids = list(self._lines)
            self._in_order = all(a < b for a, b in pairwise(ids))
        if not self._in_order:  # sorted once here, then kept in order as records are added after the last
            self._lines = dict(sorted(self._lines.items()))
            self._in_order = True
        return True
