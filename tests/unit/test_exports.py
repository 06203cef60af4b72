"""Tests the plan as Markdown, actions and deals as CSV and open actions as iCalendar: each parses back as written."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from icalendar import Calendar

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange.calendar import actions_ics
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.exchange.file_formats import export_bytes, is_json_export
from salesplan_tui.core.exchange.plan_export import actions_csv, deals_csv, plan_markdown, safe_cell
from salesplan_tui.core.model.records import Action, Deal, Goal, Objective
from salesplan_tui.core.plan.action_ops import add_action, reschedule
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY, Opened

CLOCK = Clock.on(TODAY)
NOW = CLOCK.now()


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    opened = open_demo(TODAY, folder=tmp_path)
    yield opened
    opened.close()


def calendar_events(raw: bytes) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(raw).walk("VEVENT")}


def test_markdown_has_the_hierarchy_with_owners_targets_dates_and_progress(repo: Repository) -> None:
    md = plan_markdown(repo, TODAY, name=repo.workspace.name)
    lines = md.splitlines()
    assert lines[0] == f"# {repo.workspace.name}"
    objective = repo.all(Objective)[0]
    goal = repo.get(Goal, objective.goal_id)
    goal_at, objective_at = lines.index(f"### {goal.title}"), lines.index(f"#### {objective.title}")
    assert lines.index(f"## {goal.category.label}") < goal_at < objective_at
    assert f"({objective.progress:.0%}), due {objective.due.isoformat()}" in md
    action = repo.actions_by("objective_id")[objective.id][0]
    line = next(x for x in lines[objective_at:] if x.startswith("- ["))
    assert action.owner in line and action.target in line and action.due.isoformat() in line
    assert "**overdue**" in md and "- [x]" in md and "(dropped:" in md


def test_markdown_shows_control_characters_and_keeps_one_line_per_item(repo: Repository) -> None:
    repo.apply(add_action(repo, CLOCK, owner="me", target="Ana\x1b]0;pwned\x07", outcome="get it\nsigned",
                          due=TODAY))
    md = plan_markdown(repo, TODAY)
    assert "\x1b" not in md and "␛]0;pwned␇" in md and "get it signed" in md


def test_actions_csv_parses_back_with_every_column(repo: Repository) -> None:
    text = actions_csv(repo)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == ["id", "owner", "target", "outcome", "due", "status", "objective", "deal"]
    assert len(rows) == len(repo.all(Action))
    first = repo.all(Action)[0]
    assert rows[0]["target"] == first.target and rows[0]["due"] == first.due.isoformat()
    assert rows[0]["objective"] == repo.get(Objective, first.objective_id).title
    assert rows[0]["deal"] == repo.get(Deal, first.deal_id).title and rows[0]["status"] == "open"


def test_deals_csv_has_value_stage_close_and_two_next_steps(repo: Repository) -> None:
    rows = list(csv.DictReader(io.StringIO(deals_csv(repo).removeprefix("\ufeff"))))
    assert len(rows) == len(repo.all(Deal))
    seven = next(r for r in rows if r["id"] == "7")
    assert seven["account"] == "Litware Bank" and seven["value"] == "210000.00" and seven["stage"] == "Discovery"
    assert seven["next step 1"] and seven["next step 2"] and seven["close date"] == repo.get(Deal, 7).expected_close.isoformat()


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "  \t=1+1"])
def test_a_cell_that_looks_like_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text).startswith("'")


def test_formula_text_in_the_workspace_is_never_a_formula_in_the_csv(repo: Repository) -> None:
    repo.apply(add_action(repo, CLOCK, owner="me", target="=cmd|' /C calc'!A0", outcome="@SUM(1,2)", due=TODAY))
    row = list(csv.reader(io.StringIO(actions_csv(repo).removeprefix("\ufeff"))))[-1]
    assert row[2] == "'=cmd|' /C calc'!A0" and row[3] == "'@SUM(1,2)"


def test_ics_has_one_all_day_entry_per_open_action_and_parses_back(repo: Repository) -> None:
    events = calendar_events(actions_ics(repo, repo.workspace, NOW))
    open_actions = [a for a in repo.all(Action) if a.is_open]
    assert len(events) == len(open_actions)
    first = open_actions[0]
    event = next(e for uid, e in events.items() if uid.startswith(f"action-{first.id}-"))
    assert event.decoded("DTSTART") == first.due and event.decoded("DTEND") == first.due + dt.timedelta(days=1)
    assert first.outcome in str(event["SUMMARY"])


def test_ics_uids_stay_the_same_on_re_export_and_a_reschedule_raises_the_sequence(repo: Repository) -> None:
    before = calendar_events(actions_ics(repo, repo.workspace, NOW))
    action = next(a for a in repo.all(Action) if a.is_open)
    repo.apply(reschedule(action, TODAY + dt.timedelta(days=20), CLOCK))
    after = calendar_events(actions_ics(repo, repo.workspace, NOW + dt.timedelta(days=1)))
    assert set(after) == set(before)
    uid = next(u for u in after if u.startswith(f"action-{action.id}-"))
    assert after[uid].decoded("DTSTART") == TODAY + dt.timedelta(days=20) and int(after[uid]["SEQUENCE"]) == 1


def test_ics_uids_differ_between_workspaces(repo: Repository, tmp_path: Path, opened: Opened) -> None:
    other = opened.repo(tmp_path / "other.json")
    other.apply(add_action(other, CLOCK, owner="me", target="Ana", outcome="sign", due=TODAY))
    assert set(calendar_events(actions_ics(other, other.workspace, NOW))).isdisjoint(
        calendar_events(actions_ics(repo, repo.workspace, NOW)))


def test_export_bytes_refuses_what_a_format_cannot_export(repo: Repository) -> None:
    with pytest.raises(ValidationFailed, match="exports actions or deals"):
        export_bytes(repo, "csv", "plan")
    with pytest.raises(ValidationFailed, match="--review goes with --format md"):
        export_bytes(repo, "csv", review_id=1)
    with pytest.raises(ValidationFailed, match="no review 99"):
        export_bytes(repo, "md", review_id=99)
    assert export_bytes(repo, "md", clock=CLOCK).startswith(b"# ")


def test_a_json_export_is_told_from_a_csv() -> None:
    assert is_json_export("plan.json", b"")
    assert is_json_export("export", b"\xef\xbb\xbf  {\"format\": 1}")
    assert not is_json_export("deals.csv", b"{")
    assert not is_json_export("deals", b"Deal Name,Deal Stage")
