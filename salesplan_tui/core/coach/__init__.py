"""Provides the "What's next?" coach: a judge that refuses vague answers and says what is missing."""

from .judge import ELEMENTS, Flag, Judgement, judge, judge_parts
from .lexicon import Lexicon, load_lexicon

__all__ = ["ELEMENTS", "Flag", "Judgement", "Lexicon", "judge", "judge_parts", "load_lexicon"]
