"""Runs the coach over labelled answers written apart from its rules (tests/data): the rule must hold on all of them.

coach_eval.jsonl (285 answers) was written by someone who had not read the judge; coach_cases.jsonl holds the cases
the issue named, worded afresh. Both are judged as of Monday 2026-11-23, like the shared examples.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salesplan_tui.core.coach import judge

DATA = Path(__file__).resolve().parents[1] / "data"
MONDAY = dt.date(2026, 11, 23)


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


EVAL = _load("coach_eval.jsonl")
CASES = _load("coach_cases.jsonl")


def test_the_evaluation_set_is_large_and_balanced() -> None:
    specific = sum(e["specific"] for e in EVAL)
    assert len(EVAL) >= 200
    assert 0.35 < specific / len(EVAL) < 0.65


def _verdict(example: dict):
    known = example.get("known") or {}
    return judge(example["text"], today=MONDAY, accounts=known.get("accounts", ()), contacts=known.get("contacts", ()))


@pytest.mark.parametrize("example", EVAL + CASES, ids=[e["text"][:60] for e in EVAL + CASES])
def test_labelled_answer(example: dict) -> None:
    verdict = _verdict(example)
    if example["specific"]:
        assert verdict.specific, (verdict.missing, [(f.text, f.reason) for f in verdict.flags])
        earliest, latest = (dt.date.fromisoformat(d) for d in example["due"])
        assert verdict.due is not None and earliest <= verdict.due <= latest, verdict.due
        assert verdict.owner == example["owner"]
        for fragment in example.get("target", []):
            assert fragment.lower() in (verdict.target or "").lower(), verdict.target
        assert verdict.outcome and verdict.question == ""
    else:
        assert not verdict.specific, (verdict.owner, verdict.target, verdict.outcome, verdict.due)
        assert set(verdict.missing) & set(example["missing"]), verdict.missing
        assert verdict.question
        assert verdict.flags or "due" in verdict.missing  # a refusal points at the words that made it
