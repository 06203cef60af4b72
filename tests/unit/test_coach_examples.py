"""Runs every labelled answer in shared/coach/answers.jsonl through the judge; all must pass."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salesplan_tui.core.coach import judge

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "coach" / "answers.jsonl"
VENDORED = ROOT / "tests" / "data" / "coach_answers.jsonl"
EXAMPLES_FILE = SHARED if SHARED.exists() else VENDORED
EXAMPLES = [json.loads(line) for line in EXAMPLES_FILE.read_text().splitlines() if line.strip()]
MONDAY = dt.date(2026, 11, 23)


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 60


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["text"][:50] for e in EXAMPLES])
def test_example(example: dict) -> None:
    verdict = judge(example["text"], today=MONDAY)
    assert verdict.specific is example["specific"], (verdict.missing, verdict.question)
    if example["specific"]:
        earliest, latest = (dt.date.fromisoformat(d) for d in example["due"])
        assert verdict.due is not None and earliest <= verdict.due <= latest
        assert verdict.owner == example["owner"]
        assert verdict.target and verdict.outcome
        assert verdict.question == ""
    else:
        assert set(verdict.missing) & set(example["missing"]), verdict.missing
        assert verdict.question
