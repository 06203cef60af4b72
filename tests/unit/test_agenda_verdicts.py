"""Tests that an agenda judges each stored action's words once per process: the next agenda (the manager's name typed,
the one-on-one started) takes the verdicts already made, and words that changed are judged again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Action, ReviewKind
from salesplan_tui.core.review import agenda

TODAY = dt.date(2026, 11, 23)


def test_each_actions_words_are_judged_once_and_again_when_they_change(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    real = agenda.judge_parts

    def counting(outcome: str, target: str, due: dt.date, **kwargs: object) -> object:
        judged.append(outcome)
        return real(outcome, target, due, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(agenda, "judge_parts", counting)
    monkeypatch.setattr(agenda, "_verdicts", agenda._Verdicts())
    with open_demo(TODAY, tmp_path) as repo:
        first = agenda.build_agenda(repo, TODAY, ReviewKind.WEEKLY)
        waiting = [a for a in repo.all(Action) if a.is_open and a.due >= TODAY]
        assert waiting and len(judged) <= len(waiting)
        count = len(judged)
        again = agenda.build_agenda(repo, TODAY, ReviewKind.ONE_ON_ONE, "Sam Lee")
        assert len(judged) == count  # nothing judged twice
        assert [i.title for i in first if i.reason.startswith("vague")] == \
               [i.title for i in again if i.reason.startswith("vague")]
        changed = waiting[0].model_copy(update={"outcome": "touch base"})
        assert agenda.vague_outcome(changed, TODAY) is not None  # new words: judged, and vague
        assert judged[-1] == "touch base"
