"""Provides the column and stage choices made when importing from a CRM, remembered per CRM in crm-mappings.json.

The same choices as `salesplan import --map COLUMN=FIELD --map-stage 'THEIRS=OURS'`, kept so that the next export
from the same CRM is read the same way without asking. A damaged file is as good as none: nothing here raises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from salesplan_tui.core.base.paths import config_dir

MAPPINGS_FILE = "crm-mappings.json"


@dataclass(frozen=True)
class CrmMapping:
    """One CRM's remembered choices: column name → deal field (or "ignore"), its stage → a stage of ours, and the
    objective its deals serve (None: none)."""

    columns: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    objective_id: int | None = None


def recall(crm: str, folder: Path | None = None) -> CrmMapping:
    """The choices remembered for a CRM ("hubspot", "csv" for any other spreadsheet); none when none are."""
    entry = _read(_path(folder)).get(crm, {})
    if not isinstance(entry, dict):
        return CrmMapping()
    objective = entry.get("objective_id")
    return CrmMapping(_strings(entry.get("columns")), _strings(entry.get("stages")),
                      objective if isinstance(objective, int) and not isinstance(objective, bool) else None)


def remember(crm: str, mapping: CrmMapping, folder: Path | None = None) -> str | None:
    """Keeps a CRM's choices (the other CRMs' kept as they are); returns why it could not, in one line."""
    from salesplan_tui.core.storage.atomic import atomic_write

    path = _path(folder)
    kept = _read(path)  # a damaged file is replaced by one that reads
    kept[crm] = {"columns": dict(mapping.columns), "stages": dict(mapping.stages),
                 "objective_id": mapping.objective_id}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(kept, indent=2, ensure_ascii=False).encode())
    except OSError as e:
        return f"could not remember the import's choices in {path} ({e.strerror})"
    return None


def _path(folder: Path | None) -> Path:
    return (folder if folder is not None else config_dir()) / MAPPINGS_FILE


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable or not JSON: nothing remembered
        return {}
    return data if isinstance(data, dict) else {}


def _strings(found: object) -> dict[str, str]:
    """Only name → name pairs: anything else in a hand-edited file is passed over."""
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()}
