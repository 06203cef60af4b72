"""Tests reading a sealed file without the checks its lines passed when written: the records are the very ones the
full validator gives (values, types, fields given), every validator of every model is either such a check or is still
run, and a hand edit (which breaks the seal) is still checked in full."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from salesplan_tui.core.model.records import (
    CHECKS_ONLY,
    TABLES,
    WHEN_TRUSTED,
    Action,
    Answer,
    Record,
    Review,
    Slip,
    StageChange,
    ValueChange,
    ready,
)
from salesplan_tui.core.storage import CorruptDatabase, Repository
from salesplan_tui.core.storage.layout import split, text_of
from salesplan_tui.core.storage.lines import _unchecked, trusted_validator
from salesplan_tui.core.storage.seal import holds

from .workspace import open_workspace


def _after_validators(schema: object) -> list[object]:
    """Every function run after a value is validated, anywhere in a core schema."""
    if isinstance(schema, list):
        return [f for item in schema for f in _after_validators(item)]
    if not isinstance(schema, dict):
        return []
    found = []
    if schema.get("type") == "function-after":
        function = schema["function"]["function"]
        function = getattr(function, "func", function)
        found.append(getattr(function, "__func__", function))
    return found + [f for key, value in schema.items() if key not in ("cls", "function")
                    for f in _after_validators(value)]


@pytest.mark.parametrize("model", list(TABLES.values()), ids=list(TABLES))
def test_every_validator_is_a_check_or_is_kept_for_trusted_lines(model: type[Record]) -> None:
    full = _after_validators(ready(model).__pydantic_core_schema__)
    assert full, "every table's model has checks"
    # pydantic's own (a constraint it cannot leave to its core, e.g. ge=0 on an amount) are kept: they are cheap.
    ours = [f for f in full if not f.__module__.startswith("pydantic")]
    unknown = [f for f in ours if f not in CHECKS_ONLY and f not in WHEN_TRUSTED]
    assert not unknown, f"decide whether {unknown} only checks (records.CHECKS_ONLY) or also changes a value"
    kept = [f for f in _after_validators(_unchecked(ready(model).__pydantic_core_schema__))
            if not f.__module__.startswith("pydantic")]
    assert all(f in WHEN_TRUSTED.values() for f in kept), kept
    assert len(kept) == sum(1 for f in ours if f in WHEN_TRUSTED)


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    """The demo workspace, written and sealed by this salesplan."""
    from salesplan_tui.core.exchange.demo import open_demo

    with open_demo(dt.date(2026, 11, 23), tmp_path) as repo:
        path = repo.path
    assert holds(path, hashlib.blake2b(path.read_bytes()).digest())
    return path


def test_trusted_lines_read_as_the_same_records_as_the_full_validator(sealed: Path) -> None:
    cut = split(sealed.read_bytes())
    assert cut is not None
    compared = 0
    for name, model in TABLES.items():
        for line in cut.tables.get(name, {}).values():
            text = text_of(line)
            full = ready(model).__pydantic_validator__.validate_json(text)
            fast = trusted_validator(model).validate_json(text)
            assert fast == full and fast.__pydantic_fields_set__ == full.__pydantic_fields_set__
            assert {k: type(v) for k, v in fast.__dict__.items()} == {k: type(v) for k, v in full.__dict__.items()}
            compared += 1
    assert compared > 50


def test_a_time_without_a_zone_is_still_read_as_utc() -> None:
    text = (b'{"owner":"me","target":"Lena","outcome":"confirm the PO","due":"2026-12-04",'
            b'"created_at":"2026-11-02T09:00:00","slips":[{"old":"2026-11-27","new":"2026-12-04",'
            b'"at":"2026-11-20T10:00:00"}]}')
    fast = trusted_validator(Action).validate_json(text)
    assert fast == ready(Action).__pydantic_validator__.validate_json(text)
    assert fast.created_at.utcoffset() == dt.timedelta(0) and fast.slips[0].at.utcoffset() == dt.timedelta(0)
    assert isinstance(fast.slips[0], Slip)


def test_what_the_checks_refuse_is_skipped_only_for_trusted_lines() -> None:
    dropped_without_reason = (b'{"owner":"me","target":"Lena","outcome":"confirm the PO","due":"2026-12-04",'
                              b'"status":"dropped","created_at":"2026-11-02T09:00:00Z"}')
    with pytest.raises(ValueError, match="say why"):
        ready(Action).__pydantic_validator__.validate_json(dropped_without_reason)
    assert trusted_validator(Action).validate_json(dropped_without_reason).status == "dropped"
    # Types, NaN and unknown fields are still refused: the seal vouches for the checks, not for the shapes.
    for bad in (b'"due":"soon"', b'"due":"2026-12-04","x":1', b'"due":17'):
        with pytest.raises(ValueError):
            trusted_validator(Action).validate_json(b'{"owner":"me","target":"L","outcome":"o",' + bad + b'}')


def test_nested_models_are_read_without_their_checks_too() -> None:
    for model in (Review, Answer, ValueChange, StageChange):
        assert ready(model)  # each is made on demand
    review = (b'{"kind":"one_on_one","manager":"Sam","started_at":"2026-11-02T09:00:00Z",'
              b'"answers":[{"item":0,"text":"x","accepted":true,"at":"2026-11-02T09:00:00Z"}]}')
    assert trusted_validator(Review).validate_json(review) == ready(Review).__pydantic_validator__.validate_json(review)


def test_a_hand_edit_of_a_sealed_file_is_checked_in_full(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        path = repo.path
    raw = path.read_bytes()
    assert b'"due":"' in raw
    start = raw.index(b'"due":"') + 7
    path.write_bytes(raw[:start] + b"1800-01-01" + raw[start + 10:])  # outside the window: only a check refuses it
    with pytest.raises(CorruptDatabase, match="1900-01-01"):
        Repository(path)
