"""Provides section 6: the coach's judge, per answer once loaded, over the shared examples; and its first call."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from .common import ROOT, stats

EXAMPLES = (ROOT.parent / "shared" / "coach" / "answers.jsonl", ROOT / "tests" / "data" / "coach_answers.jsonl")

FIRST_CALL = ("import time, datetime; t = time.perf_counter(); from salesplan_tui.core.coach import judge; "
              "judge('By Friday I will call Dana at Northwind to confirm the budget.', today=datetime.date.today()); "
              "print(time.perf_counter() - t)")


def examples() -> tuple[Path, list[str]]:
    for path in EXAMPLES:
        if path.exists():
            texts = [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
            return path, texts
    raise FileNotFoundError("no coach examples: " + ", ".join(str(p) for p in EXAMPLES))


def judge_section(rounds: int, env: dict[str, str], cwd: Path) -> dict:
    """Per answer: each round judges every example once; the figure is the round's time ÷ the number of examples."""
    from salesplan_tui.core.coach import judge

    today = dt.date.today()
    source, texts = examples()
    judge(texts[0], today=today)  # the word lists and grammar load once; not counted
    per_answer = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            judge(text, today=today)
        per_answer.append((time.perf_counter() - start) / len(texts))
    first = [float(subprocess.run([sys.executable, "-c", FIRST_CALL], capture_output=True, text=True, check=True,
                                  env=env, cwd=cwd, timeout=60).stdout)
             for _ in range(max(3, rounds // 2))]
    s = stats(per_answer)
    return {"per_answer": s, "answers_per_second": 1 / s["median"], "first_call": stats(first),
            "examples": len(texts), "source": str(source)}
