"""Tests the compiled-pattern cache: a second process finds the coach's patterns compiled, each equal to re.compile's,
and a damaged, foreign or other-Python cache file is never used."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from salesplan_tui.core.base import regex_cache

CASES = Path(__file__).resolve().parents[1] / "data" / "coach_cases.jsonl"

# Judges every labelled case (with a workspace's names, as `salesplan add` does), then says what it compiled.
JUDGE_ALL = r"""
import datetime as dt, json, re, sys
from salesplan_tui.core.base import regex_cache
from salesplan_tui.core.coach import judge
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        judge(json.loads(line)["text"], today=dt.date(2026, 11, 23), accounts=("Northwind", "Contoso Health"),
              contacts=("Dana Ruiz",))
made = regex_cache._made
print(json.dumps({"made": len(made), "compiled_here": len(regex_cache._new),
                  "unequal": [p[:80] for (p, f), pattern in made.items() if pattern != re.compile(p, f)]}))
"""


def judge_all(cache_home: Path) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run([sys.executable, "-c", JUDGE_ALL, str(CASES)], env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    return json.loads(done.stdout)


def test_a_second_process_finds_every_pattern_compiled_and_equal_to_re_compile(tmp_path: Path) -> None:
    first = judge_all(tmp_path)
    assert first["made"] > 150 and first["compiled_here"] == first["made"] and first["unequal"] == []
    assert regex_cache_file(tmp_path).stat().st_mode & 0o077 == 0  # the user's alone

    second = judge_all(tmp_path)
    assert second == {"made": first["made"], "compiled_here": 0, "unequal": []}


def regex_cache_file(cache_home: Path) -> Path:
    return next((cache_home / "salesplan").glob("patterns-*.marshal"))


def test_a_damaged_cache_file_is_compiled_past_and_written_again(tmp_path: Path) -> None:
    judge_all(tmp_path)
    file = regex_cache_file(tmp_path)
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    again = judge_all(tmp_path)
    assert again["compiled_here"] == again["made"] and again["unequal"] == []
    assert judge_all(tmp_path)["compiled_here"] == 0


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process's cache module reading a cache of its own folder, as if nothing were compiled yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_made", {})
    monkeypatch.setattr(regex_cache, "_new", {})
    regex_cache._stored.cache_clear()
    regex_cache._file.cache_clear()
    yield tmp_path
    regex_cache._stored.cache_clear()
    regex_cache._file.cache_clear()


def keep(entries: dict, build: object = regex_cache.BUILD, mode: int = 0o600) -> Path:
    file = regex_cache.cache_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(marshal.dumps((build, entries)))
    file.chmod(mode)
    return file


def entry(pattern: str, flags: int = 0) -> tuple:
    """The cache's entry for a pattern, as a process that compiled it keeps it."""
    made, args = regex_cache._recorded((pattern, flags))
    assert args is not None and made == re.compile(pattern, flags)
    kept = regex_cache._packed(args)
    assert kept is not None
    return kept


def test_an_entry_from_the_cache_is_used(cache_home: Path) -> None:
    keep({("a+b", 0): entry("a+b")})
    assert regex_cache.compiled("a+b") == re.compile("a+b") and regex_cache._new == {}


@pytest.mark.parametrize("mode", [0o622, 0o660])
def test_a_cache_file_others_can_write_is_not_read(cache_home: Path, mode: int) -> None:
    keep({("a+b", 0): entry("x")}, mode=mode)  # (an entry of another pattern: used, it would match "x")
    assert regex_cache.compiled("a+b").pattern == "a+b" and ("a+b", 0) in regex_cache._new


def test_a_cache_file_of_another_python_is_not_read(cache_home: Path) -> None:
    keep({("a+b", 0): entry("a+b")}, build=("another Python", 0, 0, "x"))
    regex_cache.compiled("a+b")
    assert ("a+b", 0) in regex_cache._new


def test_an_entry_for_another_pattern_is_not_used(cache_home: Path) -> None:
    keep({("a+b", 0): entry("x")})
    made = regex_cache.compiled("a+b")
    assert made == re.compile("a+b") and made.match("aab")


def test_an_entry_the_engine_refuses_is_compiled_again(cache_home: Path) -> None:
    pattern, flags, code, *rest = regex_cache._unpacked(entry("a+b"))
    keep({("a+b", 0): regex_cache._packed((pattern, flags, [999_999, *code], *rest))})
    assert regex_cache.compiled("a+b") == re.compile("a+b") and ("a+b", 0) in regex_cache._new


def test_what_a_process_compiled_is_kept_beside_what_the_file_held(cache_home: Path) -> None:
    keep({("a+b", 0): entry("a+b")})
    regex_cache.compiled("c+d", re.I)
    regex_cache._write()
    assert set(regex_cache._read(regex_cache._file())) == {("a+b", 0), ("c+d", int(re.I))}
