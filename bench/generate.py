"""Provides deterministic workspaces for benchmarks: the demo, and a busy seller's year at scale."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

# The app's modules are imported where they are used, so the sizes can be read even when the app does not import.
LARGE = {"goals": 50, "objectives": 500, "actions": 10_000, "accounts": 300, "deals": 2_000, "reviews": 100}
# The 50k size: every count of LARGE five times over.
HUGE = {k: v * 5 for k, v in LARGE.items()}
VERBS = ["confirm the budget", "agree the decision date", "get the order form signed", "book the security review",
         "get written approval", "agree the pilot scope", "confirm who signs", "get the redlined MSA back"]
PEOPLE = ["Dana Ruiz", "Bob Chen", "Priya Nair", "Lena Fischer", "Marco Rossi", "Sarah Lee", "Tom Baker", "Ana Silva"]


def demo(folder: Path, today: dt.date) -> Path:
    from salesplan_tui.core.exchange.demo import open_demo

    repo = open_demo(today, folder=folder)
    repo.close()
    return repo.path


def large(folder: Path, today: dt.date, sizes: dict[str, int] = LARGE, seed: int = 7) -> Path:
    """A workspace of the given sizes, the same every time for the same seed."""
    from salesplan_tui.core.exchange.workspace_json import from_document
    from salesplan_tui.core.model.process import default_process
    from salesplan_tui.core.storage import Repository

    rng = random.Random(seed)
    process = default_process()
    stages = [s.name for s in process.stages]
    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    def stamp(offset: int) -> str:
        return f"{day(offset)}T09:00:00Z"

    categories = ["relationship", "revenue", "success"]
    doc: dict = {
        "format": "salesplan-export", "version": 1,
        # A seller named, as after the first run: a workspace without one asks whose plan it is, over the data.
        "workspace": {"name": "Large benchmark workspace", "schema_version": 1, "created_at": stamp(-300),
                      "seller": "Alex Morgan"},
        "process": process.model_dump(mode="json", exclude={"id", "archived"}),
        "accounts": [{"id": i, "name": f"Account {i}", "strategic": {"milestone": f"Expand account {i}",
                      "financial_target": rng.randint(50, 900) * 1000, "by_date": day(rng.randint(30, 300))}}
                     for i in range(1, sizes["accounts"] + 1)],
        "contacts": [],
        "goals": [{"id": i, "title": f"Goal {i}", "category": categories[i % 3], "period_start": day(-300),
                   "period_end": day(65)} for i in range(1, sizes["goals"] + 1)],
        "objectives": [{"id": i, "goal_id": rng.randint(1, sizes["goals"]), "title": f"Objective {i}",
                        "metric": "meetings", "baseline": 0, "current": rng.randint(0, 30), "target": 40,
                        "due": day(rng.randint(-20, 60)), "account_id": rng.choice([None, rng.randint(1, sizes["accounts"])])}
                       for i in range(1, sizes["objectives"] + 1)],
        "deals": [],
        "actions": [],
        "reviews": [],
    }
    for i in range(1, sizes["deals"] + 1):
        stage = rng.choice(stages)
        doc["deals"].append({"id": i, "account_id": rng.randint(1, sizes["accounts"]), "title": f"Deal {i}",
                             "value": rng.randint(5, 500) * 1000, "stage": stage, "expected_close": day(rng.randint(-10, 200)),
                             "stage_history": [{"stage": stage, "at": stamp(-rng.randint(0, 60))}], "rank": float(i),
                             "created_at": stamp(-90)})
    for i in range(1, sizes["actions"] + 1):
        status = rng.choices(["open", "done", "dropped"], [5, 4, 1])[0]
        doc["actions"].append({
            "id": i, "owner": "me", "target": f"{rng.choice(PEOPLE)} at Account {rng.randint(1, sizes['accounts'])}",
            "outcome": rng.choice(VERBS), "due": day(rng.randint(-30, 60)), "status": status,
            "drop_reason": "no longer needed" if status == "dropped" else "",
            "objective_id": rng.randint(1, sizes["objectives"]) if rng.random() < 0.7 else None,
            "deal_id": rng.randint(1, sizes["deals"]) if rng.random() < 0.5 else None,
            "created_at": stamp(-rng.randint(1, 200)),
            "completed_at": stamp(-rng.randint(0, 30)) if status == "done" else None,
        })
    for i in range(1, sizes["reviews"] + 1):
        doc["reviews"].append({"id": i, "kind": "weekly", "seller": "me", "started_at": stamp(-7 * i),
                               "ended_at": stamp(-7 * i), "position": 1,
                               "items": [{"kind": "action", "ref_id": rng.randint(1, sizes["actions"]), "title": "x",
                                          "reason": "overdue", "state": "done"}],
                               "action_ids": [rng.randint(1, sizes["actions"])]})
    contents = from_document(doc)
    path = folder / "large.json"
    with Repository(path, keep_backups=0) as repo:
        repo.replace_all(contents)
    return path


def workspaces(folder: Path, today: dt.date, names: list[str]) -> dict[str, Path]:
    """The named workspaces ("demo", "10k", "50k"), each made once in its own subfolder of folder (the run's cache)."""
    made: dict[str, Path] = {}
    for name in names:
        sub = folder / name
        existing = sub / ("demo.json" if name == "demo" else "large.json")
        if existing.exists():
            made[name] = existing
            continue
        sub.mkdir(parents=True, exist_ok=True)
        made[name] = demo(sub, today) if name == "demo" else large(sub, today, LARGE if name == "10k" else HUGE)
    return made


def describe_sizes(sizes: dict[str, int]) -> str:
    return ", ".join(f"{v:,} {k}" for k, v in sizes.items())


def first_goal(path: Path) -> str:
    """The title of the first goal the plan outline shows (first category in order that has one): a data marker."""
    from salesplan_tui.core.model.records import Category, Goal
    from salesplan_tui.core.storage import Repository

    with Repository(path, read_only=True) as repo:
        goals = repo.all(Goal)
    for category in Category:
        for goal in goals:
            if goal.category == category:
                return goal.title
    raise ValueError(f"{path} has no goal to look for on screen")
