"""Provides a team of generated reps for the roll-up tests: the demo's year, varied per rep, as workspaces or exports."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from salesplan_tui.core.exchange.demo import demo_document
from salesplan_tui.core.exchange.workspace_json import export_json, from_document
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

STAGES = ("Prospect", "Discovery", "Solution", "Proposal", "Negotiation", "Closed Won", "Closed Lost")


def rep_document(n: int, seed: int = 0) -> dict[str, Any]:
    """The demo's workspace as rep n keeps it: their name, each deal's value, stage and currency drawn at random."""
    doc = demo_document(TODAY)
    rng = random.Random(seed * 1000 + n)
    doc["workspace"]["seller"] = f"Rep {n:02d}"
    doc["workspace"]["name"] = f"Rep {n:02d} · FY27 plan"
    for deal in doc["deals"]:
        deal["value"] = rng.randrange(1, 500) * 1000.0
        deal["stage"] = rng.choice(STAGES)
        if deal["stage"] == "Closed Lost":
            deal["lost_reason"] = "lost to a cheaper tool"
        deal["currency"] = rng.choice(("USD", "USD", "USD", "EUR"))
        deal["stage_history"] = [*deal.get("stage_history", []), {"stage": deal["stage"], "at": f"{TODAY}T10:00:00Z"}]
    return doc


def make_team(folder: Path, count: int, *, exports: int = 0, seed: int = 0) -> list[Path]:
    """count reps in folder: the first `exports` as `salesplan export --format json` files, the rest as workspaces."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        contents = from_document(rep_document(n, seed))
        if n < exports:
            path = folder / f"rep{n:02d}-export.json"
            path.write_bytes(export_json(contents))
        else:
            path = folder / f"rep{n:02d}.json"
            with Repository(path, keep_backups=0) as repo:
                repo.replace_all(contents)
        made.append(path)
    return made
