"""Tests the weekly review's start in a large year: the dialog is there at once while the coach reads the open actions'
words on a thread; keys work meanwhile; the vague ones join the agenda when read; ctrl+s pressed meanwhile starts the
review once they have."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import SelectionList, Static

from salesplan_tui.core.model.records import Action, ReviewItem
from salesplan_tui.ui.screens import review_start
from salesplan_tui.ui.screens.review_start import StartReview
from salesplan_tui.ui.screens.review_walk import ReviewWalk

from .conftest import SIZE, OpenedApps, wait_until

WAIT = 30.0


@pytest.fixture
def slow_reading(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every open action's words are read on the thread (as in a year of thousands), held until the test lets go."""
    let_go = threading.Event()
    real = review_start.vague_items

    def held(actions: list[Action], *args: object, **kwargs: object) -> list[ReviewItem]:
        if threading.current_thread() is not threading.main_thread():
            assert let_go.wait(WAIT), "the test never let the reading go"
        return real(actions, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review_start, "READ_AT_ONCE", 0)
    monkeypatch.setattr(review_start, "vague_items", held)
    return let_go


async def test_the_start_dialog_answers_keys_while_the_words_are_read(demo_path: Path, opened: OpenedApps,
                                                                     slow_reading: threading.Event) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w")
        start = app.screen
        assert isinstance(start, StartReview) and start.reading
        label = str(start.query_one("#agenda-label", Static).render())
        assert "reading" in label and "open actions' words" in label
        agenda = start.query_one("#agenda", SelectionList)
        listed = agenda.option_count
        assert listed > 0  # the findings' items are there at once
        assert app.focused is agenda
        await pilot.press("home", "space")  # the seller drops the first item while the words are read
        assert 0 not in agenda.selected, (agenda.highlighted, agenda.selected[:3])
        slow_reading.set()
        await wait_until(pilot, lambda: not start.reading, "the words read")
        assert "reading" not in str(start.query_one("#agenda-label", Static).render())
        vague = [i for i in start.items if i.reason.startswith("vague")]
        assert agenda.option_count == listed + len(vague) == len(start.items)
        assert 0 not in agenda.selected and all(n in agenda.selected for n in range(1, agenda.option_count))


async def test_ctrl_s_while_the_words_are_read_starts_once_they_are(demo_path: Path, opened: OpenedApps,
                                                                   slow_reading: threading.Event) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w")
        assert isinstance(app.screen, StartReview)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StartReview)  # not before the agenda is whole
        slow_reading.set()
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewWalk), "the walk started")
