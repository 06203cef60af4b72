"""Tests that a day is written one way on screen ('Wed 9 Dec', its year only when not this year's), wherever shown."""

from __future__ import annotations

import datetime as dt
import re

from salesplan_tui.core.dates.day_words import day_label, describe
from salesplan_tui.core.model.records import Review, ReviewItem
from salesplan_tui.core.plan.rules import check
from salesplan_tui.core.review.agenda import item_context
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

ISO = re.compile(r"\b\d{4}-\d\d-\d\d\b")
PADDED = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) 0\d\b")  # "Wed 09 Dec"


def test_the_one_style() -> None:
    assert day_label(dt.date(2026, 12, 9), TODAY) == "Wed 9 Dec"
    assert day_label(dt.date(2027, 12, 9), TODAY) == "Thu 9 Dec 2027"
    assert day_label(dt.date(2026, 12, 9)) == "Wed 9 Dec 2026"  # with nothing to say which year is this one
    assert describe(dt.date(2026, 12, 9), TODAY) == day_label(dt.date(2026, 12, 9), TODAY)


def test_the_health_panels_findings_say_days_in_words(demo_repo: Repository) -> None:
    details = [f.detail for f in check(demo_repo, TODAY)]
    assert details and not [d for d in details if ISO.search(d) or PADDED.search(d)]
    assert any(re.search(r"due (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\b", d) for d in details)


def test_the_review_walks_context_says_days_in_words(demo_repo: Repository) -> None:
    review = demo_repo.all(Review)[0]
    shown = [text for item in review.items for _, text in item_context(demo_repo, item, TODAY).lines]
    shown += [text for kind in ("deal", "action", "objective") for ref in (1, 2, 3)
              for _, text in item_context(demo_repo, ReviewItem(kind=kind, ref_id=ref), TODAY).lines]
    assert shown and not [t for t in shown if ISO.search(t) or PADDED.search(t)]


def test_the_reviews_summary_says_days_without_a_padded_day(demo_repo: Repository) -> None:
    for review in demo_repo.all(Review):
        assert not PADDED.search(review_markdown(demo_repo, review))
