"""Tests export and import directly: a full round trip, unusual text, and each refusal with its message."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from salesplan_tui.core.exchange.workspace_json import (
    FORMAT,
    LIST_TABLES,
    export_json,
    from_document,
    import_json,
    to_document,
)
from salesplan_tui.core.model.process import default_process
from salesplan_tui.core.model.records import Account, Action, Deal, Goal, SalesProcess
from salesplan_tui.core.model.version import SCHEMA_VERSION

Doc = dict[str, Any]
T0 = "2026-11-02T09:30:00Z"
UNUSUAL = "Grow [Acme] revenue — Zürich 東京 “quoted” \\ [/bold] 🚀"


def full_document() -> Doc:
    """An export with at least one record in every table and most optional fields set."""
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "workspace": {"name": "Team [EMEA] plan", "schema_version": SCHEMA_VERSION, "created_at": T0},
        "process": {"stages": [
            {"name": "Lead", "probability": 0.1, "rot_days": 21, "exit_criteria": ["A call is booked"],
             "playbook": ["Research the account"]},
            {"name": "Demo", "probability": 0.5, "rot_days": 7},
            {"name": "Won", "probability": 1.0, "kind": "won"},
            {"name": "Lost", "probability": 0.0, "kind": "lost"},
        ]},
        "goals": [
            {"id": 1, "title": UNUSUAL, "category": "revenue", "period_start": "2026-01-01",
             "period_end": "2026-12-31", "description": "line one\nline two"},
            {"id": 2, "title": "Keep the sponsors", "category": "relationship", "period_start": "2026-07-01",
             "period_end": "2026-12-31", "archived": True},
        ],
        "objectives": [{"id": 3, "goal_id": 1, "title": "Book demos", "metric": "demos", "unit": "demos",
                        "baseline": 1, "current": 4, "target": 12.5, "due": "2026-12-15", "account_id": 7}],
        "accounts": [{"id": 7, "name": "Müller & Söhne [DE]", "notes": "prefers email",
                      "strategic": {"milestone": "Group-wide rollout", "financial_target": 250000,
                                    "by_date": "2027-06-30"}}],
        "contacts": [{"id": 2, "name": "Ana Núñez", "role": "CFO", "account_id": 7, "email": "ana@example.com"}],
        "deals": [
            {"id": 5, "account_id": 7, "title": "Pilot [phase 1]", "value": 48000.5, "currency": "EUR",
             "stage": "Demo", "expected_close": "2026-12-20", "created_at": T0, "rank": 1.5, "contact_ids": [2],
             "next_call_outcome": "agree the pilot scope",
             "close_slips": [{"old": "2026-12-01", "new": "2026-12-20", "at": T0, "reason": "legal review"}],
             "stage_history": [{"stage": "Lead", "at": T0}, {"stage": "Demo", "at": "2026-11-10T12:00:00Z"}]},
            {"id": 6, "account_id": 7, "title": "Lost renewal", "value": 0, "stage": "Lost",
             "expected_close": "2026-10-01", "created_at": T0, "lost_reason": "chose the incumbent"},
        ],
        "actions": [
            {"id": 1, "owner": "me", "target": "Ana Núñez", "outcome": "get the [signed] NDA", "due": "2026-11-27",
             "objective_id": 3, "deal_id": 5, "created_at": T0, "captured_from": "call notes", "notes": "🚀",
             "slips": [{"old": "2026-11-20", "new": "2026-11-27", "at": T0, "reason": ""}]},
            {"id": 4, "owner": "Raj", "target": "Procurement", "outcome": "send the PO", "due": "2026-11-01",
             "status": "done", "created_at": T0, "completed_at": "2026-10-30T16:45:00Z", "deal_id": 5},
            {"id": 9, "owner": "me", "target": "Ana", "outcome": "book a lunch", "due": "2026-11-05",
             "status": "dropped", "drop_reason": "she left the company", "created_at": T0},
        ],
        "reviews": [{"id": 1, "kind": "one_on_one", "manager": "Kim", "started_at": T0,
                     "ended_at": "2026-11-02T10:00:00Z", "position": 1, "action_ids": [1], "notes": "[done]",
                     "items": [{"kind": "action", "ref_id": 1, "title": "get the NDA", "state": "done"}],
                     "answers": [{"item": 0, "text": "Call Ana on Friday", "accepted": True, "at": T0}]}],
    }


def with_rows(table: str, *rows: Doc, base: Doc | None = None) -> Doc:
    doc = copy.deepcopy(base or full_document())
    doc[table] = list(rows)
    return doc


def refusal(doc: Any) -> str:
    with pytest.raises(ValueError) as err:
        from_document(doc)
    return str(err.value)


# ----- round trip ----------------------------------------------------------------------------------


def test_the_full_document_reads_every_record() -> None:
    contents = from_document(full_document())
    counts = {name: sorted(contents.tables[name]) for name in LIST_TABLES}
    assert counts == {"goals": [1, 2], "objectives": [3], "actions": [1, 4, 9], "accounts": [7],
                      "contacts": [2], "deals": [5, 6], "reviews": [1]}
    assert contents.workspace.name == "Team [EMEA] plan"
    assert [s.name for s in contents.process.stages] == ["Lead", "Demo", "Won", "Lost"]


def test_export_then_import_keeps_every_record() -> None:
    before = from_document(full_document())
    after = import_json(export_json(before))
    assert after.workspace == before.workspace
    assert after.process == before.process
    for name in LIST_TABLES:
        assert after.tables[name] == before.tables[name], name
    assert to_document(after) == to_document(before)


def test_the_export_document_is_the_input_document_normalised() -> None:
    doc = to_document(from_document(full_document()))
    assert (doc["format"], doc["version"]) == (FORMAT, SCHEMA_VERSION)
    assert "id" not in doc["process"] and "archived" not in doc["process"]
    assert [r["id"] for r in doc["actions"]] == [1, 4, 9]  # in id order
    assert doc["deals"][0]["stage_history"] == [{"stage": "Lead", "at": T0},
                                                {"stage": "Demo", "at": "2026-11-10T12:00:00Z"}]
    assert doc["goals"][1]["archived"] is True


def test_text_with_brackets_and_unicode_survives_the_bytes() -> None:
    raw = export_json(from_document(full_document()))
    assert "Zürich 東京 “quoted”".encode() in raw  # written as UTF-8, not \u-escaped
    back = import_json(raw)
    assert back.tables["goals"][1].title == UNUSUAL
    assert back.tables["goals"][1].description == "line one\nline two"
    assert back.tables["accounts"][7].name == "Müller & Söhne [DE]"
    assert back.tables["actions"][1].outcome == "get the [signed] NDA"
    assert back.tables["actions"][1].notes == "🚀"
    assert back.workspace.name == "Team [EMEA] plan"


def test_records_come_back_as_their_models() -> None:
    contents = from_document(full_document())
    assert isinstance(contents.tables["goals"][1], Goal)
    assert isinstance(contents.tables["deals"][5], Deal)
    assert isinstance(contents.tables["accounts"][7], Account)
    assert isinstance(contents.process, SalesProcess) and contents.process.id == 1
    action = contents.tables["actions"][4]
    assert isinstance(action, Action) and action.status == "done"


def test_a_minimal_document_gets_the_default_process_and_empty_tables() -> None:
    contents = from_document({"format": FORMAT, "version": SCHEMA_VERSION})
    assert [s.name for s in contents.process.stages] == [s.name for s in default_process().stages]
    assert all(contents.tables[name] == {} for name in LIST_TABLES)


def test_an_empty_workspace_round_trips() -> None:
    before = from_document({"format": FORMAT, "version": SCHEMA_VERSION, "workspace": {"created_at": T0}})
    assert to_document(import_json(export_json(before))) == to_document(before)


# ----- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", [
    {"format": "something-else", "version": 1},
    {"version": 1, "goals": []},
    [{"format": FORMAT}],
    "salesplan-export",
])
def test_a_document_of_another_format_is_refused(doc: Any) -> None:
    assert refusal(doc) == f'it is not a salesplan export (expected "format": "{FORMAT}")'


def test_a_newer_version_is_refused() -> None:
    doc = {**full_document(), "version": SCHEMA_VERSION + 1}
    assert refusal(doc) == (f"export version {SCHEMA_VERSION + 1} is not one this salesplan reads "
                            f"(1 to {SCHEMA_VERSION})")


@pytest.mark.parametrize("version", [0, -3, True])
def test_a_version_below_one_or_a_boolean_is_refused(version: Any) -> None:
    assert refusal({**full_document(), "version": version}).startswith(f"export version {version!r} is not one")


def test_a_misspelt_table_is_refused_not_dropped() -> None:
    doc = {**full_document(), "gaols": [{"id": 1, "title": "x"}]}
    assert refusal(doc) == "it has parts this salesplan does not know: gaols"


@pytest.mark.parametrize("process", ["Prospect, Closed", ["Prospect"], 3])
def test_a_process_that_is_not_an_object_is_one_clear_refusal(process: Any) -> None:
    assert refusal({**full_document(), "process": process}) == '"process" must be an object holding the stages'


def test_nan_and_infinity_are_refused_naming_the_field() -> None:
    for bad in ("NaN", "Infinity", "1e999"):
        raw = orjson.dumps(full_document()).decode().replace('"value":48000.5', f'"value":{bad}')
        assert f'"value":{bad}' in raw
        with pytest.raises(ValueError, match=r"deals record 1 is invalid \(value: infinity and NaN are not amounts; give a plain number"):
            import_json(raw.encode())


@pytest.mark.parametrize("version", [None, "1", 1.0])
def test_a_version_that_is_not_a_whole_number_is_refused(version: Any) -> None:
    doc = {**full_document(), "version": version}
    if version is None:
        del doc["version"]
    assert refusal(doc).startswith(f"export version {version!r} is not one this salesplan reads")


def test_a_record_with_a_bad_field_names_the_table_record_and_field() -> None:
    doc = full_document()
    doc["actions"][1]["due"] = "next-ish"
    message = refusal(doc)
    assert message.startswith("actions record 2 is invalid (due: ")


def test_a_record_breaking_a_rule_names_the_field() -> None:
    doc = full_document()
    doc["actions"][2]["drop_reason"] = ""
    assert "actions record 3 is invalid" in (message := refusal(doc))
    assert "drop_reason: say why the action is dropped" in message


def test_a_record_with_an_unknown_field_is_refused() -> None:
    doc = full_document()
    doc["accounts"][0]["colour"] = "red"
    assert refusal(doc).startswith("accounts record 1 is invalid (colour: ")


def test_a_repeated_id_is_refused() -> None:
    doc = full_document()
    doc["deals"][1]["id"] = 5
    assert refusal(doc) == "deals record 2 has a missing or repeated id (5)"


@pytest.mark.parametrize("bad_id", [None, 0, -3])
def test_a_missing_id_is_refused(bad_id: int | None) -> None:
    doc = full_document()
    if bad_id is None:
        del doc["goals"][0]["id"]
    else:
        doc["goals"][0]["id"] = bad_id
    assert refusal(doc) == f"goals record 1 has a missing or repeated id ({bad_id or 0})"


def test_a_table_that_is_not_a_list_is_refused() -> None:
    doc = full_document()
    doc["contacts"] = {"2": doc["contacts"][0]}
    assert refusal(doc) == '"contacts" must be a list of records'


def test_an_invalid_process_is_refused() -> None:
    doc = full_document()
    doc["process"]["stages"].append({"name": "demo", "probability": 0.4})  # same name as "Demo"
    message = refusal(doc)
    assert message.startswith("the workspace or its sales process is invalid (")
    assert "two stages have the same name" in message


def test_an_invalid_workspace_is_refused() -> None:
    doc = full_document()
    doc["workspace"]["name"] = ""
    assert refusal(doc).startswith("the workspace or its sales process is invalid (name: ")


def test_an_action_pointing_at_a_missing_objective_is_refused() -> None:
    doc = full_document()
    doc["actions"][0]["objective_id"] = 42
    assert refusal(doc) == "action 1 points at objective 42, which is not in the file"


def test_an_action_pointing_at_a_missing_deal_is_refused() -> None:
    doc = full_document()
    doc["actions"][1]["deal_id"] = 99
    assert refusal(doc) == "action 4 points at deal 99, which is not in the file"


def test_an_objective_pointing_at_a_missing_goal_is_refused() -> None:
    doc = with_rows("goals")  # no goals at all
    assert refusal(doc) == "objective 3 points at goal 1, which is not in the file"


def test_a_deal_pointing_at_a_missing_account_is_refused() -> None:
    doc = full_document()
    doc["deals"][1]["account_id"] = 8
    assert refusal(doc) == "deal 6 points at account 8, which is not in the file"


def test_a_deal_at_a_stage_the_process_lacks_is_refused() -> None:
    doc = full_document()
    doc["deals"][0]["stage"] = "Negotiation"
    assert refusal(doc) == "deal 5 is at stage 'Negotiation', which the sales process does not have"


def test_deal_stages_are_checked_against_the_default_process_when_none_is_given() -> None:
    doc = full_document()
    del doc["process"]
    assert refusal(doc) == "deal 5 is at stage 'Demo', which the sales process does not have"
    for deal in doc["deals"]:
        deal["stage"] = "Discovery"
    assert from_document(doc).tables["deals"][5].stage == "Discovery"


def test_import_json_refuses_bytes_that_are_not_json() -> None:
    with pytest.raises(ValueError, match="invalid JSON at line 1"):
        import_json(b'{"format": ')


def test_import_json_refuses_valid_json_of_another_shape() -> None:
    with pytest.raises(ValueError, match="it is not a salesplan export"):
        import_json(orjson.dumps({"goals": {}}))

