"""Provides the coach's word lists: the shipped ones, extended by the team's own coach.json in the config folder."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.core.base.regex_cache import compiled

LISTS = (
    "hedges", "vague_owners", "vague_targets", "vague_activities", "comparatives", "vague_times", "results",
    "roles", "group_nouns", "bounded_by", "org_suffixes", "imperatives", "not_names",
    "departments", "contact_verbs", "activity_verbs", "states", "vague_objects", "vague_states",
)


def alternation(phrases: list[str]) -> str:
    """A regex body matching any of the phrases (case-insensitive use), longest first, spaces matching any white space."""
    # Longest first; phrases of one length in their own order, so every process writes the same pattern (a set's order
    # changes with each process's hash seed) and finds it compiled in the cache (core/base/regex_cache.py).
    alternatives = sorted({p.strip().lower() for p in phrases if p.strip()}, key=lambda a: (-len(a), a))
    return "|".join(r"\s+".join(re.escape(part) for part in a.split()) for a in alternatives) or r"(?!x)x"


def phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One regex matching any of the phrases as whole words."""
    return whole_words(alternation(phrases))


def whole_words(body: str) -> re.Pattern[str]:
    """One regex matching what a regex body (an alternation) matches, as whole words."""
    return compiled(rf"(?<![\w'-])(?:{body})(?![\w'-])", re.IGNORECASE)


@dataclass
class Lexicon:
    """The word lists the judge reads with, and where the team's additions came from."""

    words: dict[str, list[str]]
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def set(self, name: str) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words.get(name, []))

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        return {name: whole_words(body) for name, body in self.alternations.items()}  # (each list escaped once)

    @cached_property
    def alternations(self) -> dict[str, str]:
        """Each list as a regex body, for patterns that put words around it."""
        return {name: alternation(self.words.get(name, [])) for name in LISTS}

    @cached_property
    def verbs(self) -> frozenset[str]:
        """Every verb the lists know, in its base form (first word of a phrasal verb): worked out once per lexicon,
        not once per answer."""
        s = self.sets
        phrases = s["imperatives"] | s["contact_verbs"] | s["activity_verbs"] | s["comparatives"]
        return frozenset(p.split()[0] for p in phrases)

    @cached_property
    def sets(self) -> dict[str, frozenset[str]]:
        return {name: self.set(name) for name in LISTS}


def _shipped() -> dict[str, list[str]]:
    # Beside this module, as the themes and the demo are found (core/base/paths.py): importlib.resources would cost
    # `salesplan add` the import of zipfile and the resource readers (about 6 ms) for a file that is always here.
    raw = Path(__file__).with_name("lexicon.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return {name: list(data.get(name, [])) for name in LISTS}


def load_lexicon(extra: Path | None = None) -> Lexicon:
    """The shipped lists plus the team's file (default: coach.json in the config folder); a bad file is reported, not fatal."""
    words = _shipped()
    path = extra if extra is not None else config_dir() / "coach.json"
    lexicon = Lexicon(words)
    if not path.exists():
        return lexicon
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("expected an object of word lists")
        for name, added in data.items():
            if name.startswith("_"):
                continue
            if name not in LISTS:
                raise ValueError(f"unknown list {name!r} (known: {', '.join(LISTS)})")
            if not isinstance(added, list) or not all(isinstance(w, str) for w in added):
                raise ValueError(f"{name} must be a list of strings")
            words[name].extend(added)
        lexicon.sources.append(str(path))
    except (OSError, ValueError) as e:
        lexicon.problems.append(f"{path}: {e}; the team's words were not loaded")
        lexicon.words = _shipped()
    return lexicon
