"""Provides the demo workspace: the bundled file, its dates moved so that its "today" is the real today."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from salesplan_tui.core.base.paths import bundled
from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.atomic import parse_bytes
from salesplan_tui.core.storage.lock import WriterLock

ANCHOR = "anchor_date"
SELLER = "Alex Morgan"
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})((?:T[\d:.]+)(?:Z|[+-]\d{2}:\d{2})?)?$")


def demo_file() -> Path:
    return bundled("sample_data") / "demo.json"


def shift_dates(value: Any, days: int) -> Any:
    """Moves every ISO date and timestamp inside value by a number of days; everything else is kept."""
    if isinstance(value, dict):
        return {k: shift_dates(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_dates(v, days) for v in value]
    if isinstance(value, str):
        m = _DATE.match(value)
        if m:
            try:
                day = dt.date.fromisoformat(m.group(1)) + dt.timedelta(days=days)
            except ValueError:
                return value
            return day.isoformat() + (m.group(2) or "")
    return value


def demo_document(today: dt.date, source: Path | None = None) -> dict[str, Any]:
    """The demo's export document with its anchor day moved to today."""
    doc = parse_bytes((source or demo_file()).read_bytes())
    anchor = dt.date.fromisoformat(doc.pop(ANCHOR))
    doc["workspace"].setdefault("seller", SELLER)  # whose plan it is: every heading that would say "me" names her
    for review in doc.get("reviews", []):
        if review.get("seller", "me") == "me":
            review["seller"] = SELLER
    return shift_dates(doc, (today - anchor).days)


PREFIX = "salesplan-demo-"


def sweep_stale_copies(parent: Path | None = None) -> int:
    """Removes demo copies left by a demo that was killed (its lock is free: no app has it open); returns how many."""
    removed = 0
    for folder in Path(parent or tempfile.gettempdir()).glob(PREFIX + "*"):
        lock = WriterLock(folder / "demo.json")
        try:
            if not folder.is_dir() or not lock.acquire():
                continue
        except OSError:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        finally:
            lock.release()
    return removed


def open_demo(today: dt.date | None = None, folder: Path | None = None, *, role: str = "command") -> Repository:
    """A fresh, writable copy of the demo in a temporary folder; the shipped file is never modified."""
    today = today or dt.date.today()
    if folder is None:
        sweep_stale_copies()
    contents = from_document(demo_document(today))
    target = Path(folder or tempfile.mkdtemp(prefix=PREFIX)) / "demo.json"
    repo = Repository(target, keep_backups=0, role=role)
    repo.replace_all(contents)
    return repo
