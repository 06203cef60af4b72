"""Throws any input at the file reader, the importer and the models: each gives a result or one clear error, and
whatever the models accept is written as a file the reader opens again unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from salesplan_tui.core.exchange.workspace_json import FORMAT, from_document
from salesplan_tui.core.model.records import Account, Action, Deal
from salesplan_tui.core.storage import CorruptDatabase, Repository, StorageError
from salesplan_tui.core.storage.atomic import parse_bytes, serialise
from salesplan_tui.core.storage.schema import Contents, decode, encode

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=20), st.sampled_from(["2026-12-01", "2026-11-01T09:00:00Z", "Prospect", "NaN"]))
json_like = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                         max_leaves=25)
table_names = st.sampled_from(["goals", "objectives", "actions", "accounts", "contacts", "deals", "reviews",
                               "process", "_meta", "workspace", "version", "format"])


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_open_as_a_workspace_or_one_clear_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.json"
        path.write_bytes(raw)
        try:
            Repository(path, keep_backups=0).close()
        except CorruptDatabase as e:
            assert "\n" not in str(e) and str(path) in str(e)
            assert path.read_bytes() == raw  # a file that cannot be read is never changed


@SETTINGS
@given(st.dictionaries(table_names, json_like, max_size=5))
def test_any_json_is_a_workspace_file_or_a_value_error(data: dict[str, Any]) -> None:
    try:
        decode(data)
    except ValueError as e:
        assert str(e)


@SETTINGS
@given(st.dictionaries(table_names, json_like, max_size=5), st.sampled_from([FORMAT, "x"]), st.integers(-2, 3))
def test_any_export_document_imports_or_says_why(doc: dict[str, Any], fmt: str, version: int) -> None:
    try:
        from_document({**doc, "format": fmt, "version": version})
    except ValueError as e:
        assert str(e)


money = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=6))
words = st.text(min_size=0, max_size=30)


@SETTINGS
@given(title=words, value=money, currency=st.text(max_size=4), target=st.one_of(st.none(), money), name=words,
       outcome=words)
def test_what_the_models_accept_is_written_and_read_back_unchanged(title: str, value: Any, currency: str,
                                                                     target: Any, name: str, outcome: str) -> None:
    contents = Contents(decode({}).workspace)
    try:
        account = Account(id=1, name=name or "a", strategic={"financial_target": target})
        deal = Deal(id=1, account_id=1, title=title or "t", value=value, currency=currency or "USD",
                    stage="Prospect", expected_close="2026-12-01")
        action = Action(id=1, owner="me", target=name or "x", outcome=outcome or "o", due="2026-12-01", deal_id=1)
    except ValidationError:
        return  # refused, naming the field: nothing to write
    for record in (account, deal, action):
        contents.tables[{Account: "accounts", Deal: "deals", Action: "actions"}[type(record)]][1] = record
    contents.tables["process"][1] = contents.process
    again = decode(parse_bytes(serialise(encode(contents))))
    assert again.tables["deals"][1] == deal and again.tables["accounts"][1] == account
    assert again.tables["actions"][1] == action


def test_opening_a_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "w.json"
    folder.mkdir()
    try:
        Repository(folder)
    except StorageError as e:
        assert "\n" not in str(e) and "folder" in str(e)
    else:
        raise AssertionError("a folder opened as a workspace")
