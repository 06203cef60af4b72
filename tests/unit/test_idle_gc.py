"""Tests IdleCollector: it collects and freezes in pauses between keys, never while keys come, deeply now and then."""

from __future__ import annotations

import pytest

from salesplan_tui.ui import idle_gc


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    monkeypatch.setattr(idle_gc.gc, "collect", lambda *a: made.append("collect"))
    monkeypatch.setattr(idle_gc.gc, "freeze", lambda: made.append("freeze"))
    monkeypatch.setattr(idle_gc.gc, "unfreeze", lambda: made.append("unfreeze"))
    return made


def at(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(idle_gc.time, "monotonic", lambda: seconds)


def test_it_collects_and_freezes_once_per_pause_and_never_while_keys_come(calls: list[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, 1000.0)
    collector = idle_gc.IdleCollector()
    collector.key_pressed()
    at(monkeypatch, 1000.0 + idle_gc.TIDY_AFTER / 2)
    collector.tick()
    assert calls == []  # keys are still coming
    at(monkeypatch, 1000.0 + idle_gc.TIDY_AFTER + 0.01)
    collector.tick()
    collector.tick()
    assert calls == ["collect", "freeze"]  # once per pause
    collector.key_pressed()
    at(monkeypatch, 1001.0 + idle_gc.TIDY_AFTER + 0.01)
    collector.tick()
    assert calls == ["collect", "freeze"] * 2


def test_every_few_minutes_a_longer_pause_unfreezes_first(calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, 0.0)
    collector = idle_gc.IdleCollector()
    at(monkeypatch, idle_gc.DEEP_EVERY + idle_gc.DEEP_AFTER)
    collector.tick()
    assert calls == ["unfreeze", "collect", "freeze"]
    collector.tick()  # the deep one is done: nothing more until keys come
    assert calls == ["unfreeze", "collect", "freeze"]
    collector.stop()
    assert calls[-1] == "unfreeze"  # the app closing lets the process collect what it kept
