"""Tests that the demo's past one-on-one kept its findings at its end, so "since last time" compares them."""

from __future__ import annotations

import datetime as dt

from salesplan_tui.core.model.records import Review, ReviewKind
from salesplan_tui.core.review.since_last import since_last
from salesplan_tui.core.review.since_last_lines import sections
from salesplan_tui.core.storage import Repository


def test_the_demos_past_one_on_one_kept_its_findings(demo_repo: Repository) -> None:
    past = [r for r in demo_repo.all(Review) if r.kind == ReviewKind.ONE_ON_ONE and r.finished]
    assert past and all(r.findings_at_end for r in past)


def test_since_last_time_in_the_demo_names_new_and_resolved_findings(demo_repo: Repository) -> None:
    past = next(r for r in demo_repo.all(Review) if r.kind == ReviewKind.ONE_ON_ONE and r.finished)
    now = dt.datetime.combine(past.ended_at.date() + dt.timedelta(days=7), dt.time(12), tzinfo=dt.UTC)
    since = since_last(demo_repo, past.manager, now)
    assert since is not None and since.findings_compared
    assert since.new_findings and since.resolved_findings  # a real second one-on-one: some came, some went
    said = " ".join(f"{section.summary} {section.lines}" for section in sections(since))
    assert "not compared" not in said and "resolved" in said


def test_the_findings_survive_reopening_the_demo(demo_repo: Repository) -> None:
    path = demo_repo.path
    kept = [r.findings_at_end for r in demo_repo.all(Review)]
    demo_repo.close()
    with Repository(path, read_only=True) as reopened:
        assert [r.findings_at_end for r in reopened.all(Review)] == kept
