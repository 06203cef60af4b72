"""Provides the "What's next?" coach: a judge that refuses vague answers and says what is missing."""

from salesplan_tui.core.coach.judge import ELEMENTS, Flag, Judgement, judge, judge_parts
from salesplan_tui.core.coach.lexicon import Lexicon, load_lexicon

__all__ = ["ELEMENTS", "Flag", "Judgement", "Lexicon", "judge", "judge_parts", "load_lexicon"]
