"""Provides turning one record's line into a validated model and back, exactly as the whole-file reader would read it.

A record is read with pydantic-core straight from its JSON bytes (no dict in between). Where that reader and the
whole-file one (orjson, then the models on the parsed dict) could see different things, the line is read the whole-file
way: a number of 19 digits or more (it may not fit in 64 bits: orjson reads it as a float, which an id field refuses,
pydantic-core keeps every digit) and a record the fast reader refuses (e.g. an "id" inside it, which the table's key
overrides). What neither takes is Unreadable.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import orjson
from pydantic import ValidationError
from pydantic_core import PydanticSerializationError, SchemaValidator

from salesplan_tui.core.base.errors import ValidationFailed, describe_validation_error
from salesplan_tui.core.model.records import CHECKS_ONLY, WHEN_TRUSTED, Record, ready
from salesplan_tui.core.storage.layout import record_line

LONG_NUMBER = re.compile(rb"[0-9]{19}")
_DIGITS_AS_ZEROS = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))


class Unreadable(ValueError):
    """A line the line reader cannot take: the whole file is then read the ordinary way, which says what is wrong."""


def has_long_number(raw: bytes, chunk: int = 1 << 20) -> bool:
    """Whether 19 digits follow each other anywhere in raw: a byte translation, ten times faster than the regex, a
    megabyte at a time (each chunk overlaps the next by 18 bytes, so no run is cut in two)."""
    run = b"0" * 19
    return any(raw[start:start + chunk + 18].translate(_DIGITS_AS_ZEROS).find(run) >= 0
               for start in range(0, len(raw), chunk))


class FieldSets:
    """Points records at one shared set of the fields they were given, per set of fields.

    Pydantic keeps a set per record (often a third of its memory), and nearly every record of a table gives the same
    fields. Records are frozen, and pydantic copies the set before it ever changes one (model_copy), so sharing it
    changes nothing a caller can see. "id" is always counted as given: the table's key gives it.
    """

    def __init__(self) -> None:
        self._shared: dict[frozenset[str], set[str]] = {}
        self._last_given: set[str] | None = None
        self._last: set[str] = set()

    def share(self, record: Record) -> Record:
        given = record.__pydantic_fields_set__
        if given != self._last_given:  # one comparison for a record like the one before
            key = frozenset(given) | {"id"}
            self._last_given = set(given)
            self._last = self._shared.setdefault(key, set(key))
        object.__setattr__(record, "__pydantic_fields_set__", self._last)
        return record


def decode(model: type[Record], record_id: int, text: bytes, *, careful: bool = True) -> Record:
    """A record from its JSON text, validated as the whole-file reader validates it; raises Unreadable.

    `careful=False` skips looking for long numbers (the caller knows the file has none).
    """
    if not (careful and LONG_NUMBER.search(text)):
        try:
            record = ready(model).__pydantic_validator__.validate_json(text)
        except ValidationError:
            pass  # read below the whole-file way, which takes what it takes and names what is wrong
        else:
            record.__dict__["id"] = record_id  # the table's key is the id (frozen models: set before anyone sees it)
            return record
    try:
        raw: Any = orjson.loads(text)
        return model.model_validate({**raw, "id": record_id} if isinstance(raw, dict) else raw)
    except ValidationError as e:  # the field and what is wrong with it, never pydantic's own text (it ends in a URL)
        field, message = next(iter(describe_validation_error(e).errors.items()))
        raise Unreadable(f"{field or 'record'}: {message}") from None
    except orjson.JSONDecodeError as e:
        raise Unreadable(" ".join(str(e).split())) from None


def _unchecked(schema: Any) -> Any:
    """A copy of a core schema without the validators that only check (records.CHECKS_ONLY), each of the others
    swapped for what it does when trusted (records.WHEN_TRUSTED) or kept."""
    if isinstance(schema, list):
        return [_unchecked(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "function-after":
        function = schema["function"]["function"]
        # A validator given the call's info comes wrapped in a partial; a classmethod's as a bound method.
        function = getattr(function, "func", function)
        function = getattr(function, "__func__", function)
        if function in CHECKS_ONLY:
            inner = _unchecked(schema["schema"])
            return {**inner, "ref": schema["ref"]} if "ref" in schema else inner
        if function in WHEN_TRUSTED:
            return {**schema, "function": {**schema["function"], "function": WHEN_TRUSTED[function]},
                    "schema": _unchecked(schema["schema"])}
    return {key: value if key in ("cls", "function") else _unchecked(value) for key, value in schema.items()}


@cache
def trusted_validator(model: type[Record]) -> SchemaValidator:
    """The model's reader for lines this salesplan wrote and sealed: the same types and values as its validator gives
    (a test compares them record by record), without the checks each line passed when it was written."""
    return SchemaValidator(_unchecked(ready(model).__pydantic_core_schema__))


def decode_many(model: type[Record], lines: dict[int, bytes], into: dict[int, Record], fields: FieldSets, *,
                careful: bool, trusted: bool = False) -> None:
    """Decodes every line not in `into` yet (the loop of `decode`, written out: it runs for every record of a
    workspace when the app opens it); raises Unreadable at the first line the line reader cannot take.

    `trusted`: the lines are a sealed file's (see seal.py); they are read without the checks they passed when written.
    """
    validate = (trusted_validator(model) if trusted else ready(model).__pydantic_validator__).validate_json
    share = fields.share
    for record_id, line in lines.items():
        if record_id in into:
            continue
        text = line[line.index(b'": ', 5) + 3:]
        if not careful:
            try:
                record = validate(text)
            except ValidationError:
                pass
            else:
                record.__dict__["id"] = record_id
                into[record_id] = share(record)
                continue
        into[record_id] = share(decode(model, record_id, text))


def checked_line(model: type[Record], record: Record) -> tuple[bytes, Record]:
    """The line a record is stored as, and the record that line reads back as (what a later opening will see).

    Raises ValidationFailed naming the field when the line would not read back (nothing is written then).
    """
    what = f"{model.__name__.lower()} #{record.id}"
    try:
        text = ready(model).__pydantic_serializer__.to_json(record, exclude={"id"})
    except PydanticSerializationError as e:
        raise ValidationFailed.on("", f"{what} cannot be saved ({e})") from None
    try:
        again = decode(model, record.id, text)
    except Unreadable:
        try:  # say which field, as a form would
            model.model_validate({**orjson.loads(text), "id": record.id})
        except ValidationError as e:
            raise describe_validation_error(e) from None
        except orjson.JSONDecodeError as e:
            raise ValidationFailed.on("", f"{what} cannot be saved ({e})") from None
        raise ValidationFailed.on("", f"{what} would not read back") from None
    return record_line(record.id, text), (record if again == record else again)
