"""Provides a table of the workspace in memory: each record once, as a validated model, beside the line it is stored as.

A record is read from its line with pydantic-core straight from the JSON bytes (no dict in between), and checked the
way the whole-file reader checks it; a line that reader might see differently (a number too long for 64 bits, a
record the fast reader refuses) is read exactly as that reader would, or left to it. Lines are kept as a write cache:
saving one change copies every other record's line as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from ..models import Record
from .errors import CorruptDatabase, ValidationFailed, describe_validation_error
from .layout import record_line, text_of

if TYPE_CHECKING:
    from pathlib import Path

# An integer of 19 digits or more may not fit in 64 bits, where the two JSON readers part ways (orjson reads it as a
# float, which an id field refuses; pydantic-core keeps every digit): such a line is read as orjson reads it.
LONG_NUMBER = re.compile(rb"[0-9]{19}")
_DIGITS_AS_ZEROS = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))


def has_long_number(raw: bytes, chunk: int = 1 << 20) -> bool:
    """Whether 19 digits follow each other anywhere in raw: a byte translation, ten times faster than the regex, a
    megabyte at a time (each chunk overlaps the next by 18 bytes, so no run is cut in two)."""
    run = b"0" * 19
    return any(raw[start:start + chunk + 18].translate(_DIGITS_AS_ZEROS).find(run) >= 0
               for start in range(0, len(raw), chunk))


class Unreadable(ValueError):
    """A line the fast reader cannot take; the whole file is then read the ordinary way, which says what is wrong."""


class Table:
    """One table's records by id. Either every record is decoded (`_complete`), or every record has its line and the
    decoded ones are a cache of those lines (a file this salesplan sealed, opened for a few tables)."""

    def __init__(self, model: type[Record], *, records: dict[int, Record] | None = None,
                 lines: dict[int, bytes] | None = None, careful: bool = False, where: Path | None = None) -> None:
        self.model = model
        self.where = where  # the file the lines came from, named when one of them turns out damaged
        self._records: dict[int, Record] = records if records is not None else {}
        self._lines: dict[int, bytes] = lines if lines is not None else {}
        self._complete = records is not None or lines is None
        self._careful = careful  # the file holds a long number somewhere: look for it line by line
        self._fields_sets: dict[frozenset[str], set[str]] = {}
        self._last_given: set[str] | None = None
        self._last_shared: set[str] = set()
        if records:
            for record in records.values():
                self._share_fields_set(record)

    # ----- reading ------------------------------------------------------------------------------

    def ids(self) -> Iterator[int]:
        return iter(self._records if self._complete else self._lines)

    def __contains__(self, record_id: int) -> bool:
        return record_id in (self._records if self._complete else self._lines)

    def __len__(self) -> int:
        return len(self._records if self._complete else self._lines)

    def get(self, record_id: int) -> Record | None:
        found = self._records.get(record_id)
        if found is None and not self._complete and record_id in self._lines:
            found = self._records[record_id] = self._decode_or_raise(record_id, self._lines[record_id])
        return found

    def records(self) -> dict[int, Record]:
        """Every record by id, decoding those not read yet."""
        if not self._complete:
            for record_id, line in self._lines.items():
                if record_id not in self._records:
                    self._records[record_id] = self._decode_or_raise(record_id, line)
            self._complete = True
        return self._records

    def decode_all(self) -> None:
        """Reads and validates every line; raises Unreadable at the first the fast reader cannot take.

        The loop of `decode`, written out: it runs once per record of the workspace when the app opens it.
        """
        validate = self.model.__pydantic_validator__.validate_json
        records, careful, share = self._records, self._careful, self._share_fields_set
        for record_id, line in self._lines.items():
            if record_id in records:
                continue
            text = line[line.index(b'": ', 5) + 3:]
            if not careful:
                try:
                    record = validate(text)
                except ValidationError:
                    pass
                else:
                    record.__dict__["id"] = record_id
                    records[record_id] = share(record)
                    continue
            records[record_id] = self.decode(record_id, text)
        self._complete = True

    def decode(self, record_id: int, text: bytes, *, careful: bool = True) -> Record:
        """A record from its JSON text, validated as the whole-file reader validates it; raises Unreadable.

        `careful=False` skips looking for long numbers (the caller knows the file has none).
        """
        validator = self.model.__pydantic_validator__
        if not (careful and LONG_NUMBER.search(text)):
            try:
                record = validator.validate_json(text)
            except ValidationError:
                pass  # e.g. an "id" inside the record, which the whole-file reader ignores: read it its way below
            else:
                record.__dict__["id"] = record_id  # the table's key is the id (frozen models: set before anyone sees it)
                return self._share_fields_set(record)
        try:
            raw: Any = orjson.loads(text)
            record = self.model.model_validate({**raw, "id": record_id} if isinstance(raw, dict) else raw)
        except (orjson.JSONDecodeError, ValidationError) as e:
            raise Unreadable(str(e)) from None
        return self._share_fields_set(record)

    def _decode_or_raise(self, record_id: int, line: bytes) -> Record:
        try:
            return self.decode(record_id, text_of(line), careful=self._careful)
        except Unreadable as e:  # a sealed file holds only lines that were checked: this is damage, not a hand edit
            from .backups import newest_good_backup
            from .schema import file_problem

            problem = f"record {self.model.__name__.lower()} #{record_id} is invalid ({' '.join(str(e).split())})"
            if self.where is None:
                raise ValueError(problem) from None
            good = newest_good_backup(self.where, lambda backup: file_problem(backup) is None)
            raise CorruptDatabase(self.where, problem, good) from None

    def _share_fields_set(self, record: Record) -> Record:
        """Points the record at one shared set of the fields it was given (pydantic keeps a set per record, often a
        third of its memory). Records are frozen and pydantic copies the set before changing it (model_copy)."""
        given = record.__pydantic_fields_set__
        if given != self._last_given:  # nearly every record of a table gives the same fields: one comparison
            key = frozenset(given) | {"id"}
            self._last_given = set(given)
            self._last_shared = self._fields_sets.setdefault(key, set(key))
        object.__setattr__(record, "__pydantic_fields_set__", self._last_shared)
        return record

    # ----- writing ------------------------------------------------------------------------------

    def line(self, record_id: int) -> bytes:
        """The record's line as it is stored, serialising (and checking) it the first time it is asked for."""
        found = self._lines.get(record_id)
        if found is None:
            record = self._records[record_id]
            found, again = self.checked_line(record)
            if again != record:
                raise ValidationFailed.on("", f"{self.model.__name__.lower()} #{record_id} would not read back as it is")
            self._lines[record_id] = found
        return found

    def checked_line(self, record: Record) -> tuple[bytes, Record]:
        """The line a record is stored as, and the record that line reads back as (what a later opening will see).

        Raises ValidationFailed naming the field when the line would not read back (nothing is written then).
        """
        try:
            text = self.model.__pydantic_serializer__.to_json(record, exclude={"id"})
        except PydanticSerializationError as e:
            raise ValidationFailed.on("", f"{self.model.__name__.lower()} #{record.id} cannot be saved ({e})") from None
        try:
            again = self.decode(record.id, text)
        except Unreadable:
            try:  # say which field, as a form would
                self.model.model_validate({**orjson.loads(text), "id": record.id})
            except ValidationError as e:
                raise describe_validation_error(e) from None
            except orjson.JSONDecodeError as e:
                raise ValidationFailed.on("", f"{self.model.__name__.lower()} #{record.id} cannot be saved ({e})") from None
            raise ValidationFailed.on("", f"{self.model.__name__.lower()} #{record.id} would not read back") from None
        return record_line(record.id, text), (record if again == record else again)

    def lines_in_order(self, changes: dict[int, bytes | None] | None = None) -> list[bytes]:
        """Every line in id order, with some replaced (bytes) or removed (None) without changing the table."""
        changes = changes or {}
        ids = set(self.ids())
        ids.update(i for i, line in changes.items() if line is not None)
        ids.difference_update(i for i, line in changes.items() if line is None)
        return [changes.get(i) or self.line(i) for i in sorted(ids)]

    def put(self, record_id: int, record: Record | None, line: bytes | None) -> None:
        """Keeps a record saved with its line (from `checked_line`), or forgets one removed (both None)."""
        if record is None or line is None:
            self._records.pop(record_id, None)
            self._lines.pop(record_id, None)
        else:
            self._records[record_id] = self._share_fields_set(record)
            self._lines[record_id] = line
