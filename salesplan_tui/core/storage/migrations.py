"""Provides the schema version of the workspace file and the steps that bring older files up to date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salesplan_tui.core.model.version import SCHEMA_VERSION

META_TABLE = "_meta"

Data = dict[str, dict[str, Any]]

def _histories(data: Data) -> Data:
    """Version 2 keeps how numbers moved: a deal's value and an objective's current figure, each change dated."""
    for table, field in (("deals", "value_history"), ("objectives", "current_history")):
        for record in data.get(table, {}).values():
            if isinstance(record, dict):
                record.setdefault(field, [])
    return data


def _ties(data: Data) -> Data:
    """Version 3 knows whose plan it is (a seller's name), ties a deal to the objective it serves, keeps a deal's
    notes, and says where an objective's figure comes from: every old objective keeps its typed figure."""
    for record in data.get("objectives", {}).values():
        if isinstance(record, dict):
            record.setdefault("measured_by", "manual")
    for record in data.get("deals", {}).values():
        if isinstance(record, dict):
            record.setdefault("objective_id", None)
            record.setdefault("notes", "")
    return data


# MIGRATIONS[n] turns a version-n file into version n+1.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _histories, 2: _ties}


class SchemaError(ValueError):
    pass


def version_of(data: Data) -> int:
    """The schema version a file says it follows (1 when it says nothing); refuses a workspace record of the wrong shape."""
    meta = data.get(META_TABLE, {})
    record = meta.get("1", {}) if isinstance(meta, dict) else None
    if not isinstance(record, dict):
        raise SchemaError(f'its workspace record ("{META_TABLE}") is not a table holding one record')
    version = record.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SchemaError(f"the schema version {version!r} is not a positive whole number")
    return version


def migrate(data: Data, target: int = SCHEMA_VERSION) -> tuple[Data, bool]:
    """Returns the data at the target version and whether anything changed."""
    version = version_of(data)
    if version > target:
        raise SchemaError(f"it was written by a newer salesplan (schema {version}; this one reads up to {target})")
    changed = False
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaError(f"no migration from schema {version}")
        data = step(data)
        version += 1
        data.setdefault(META_TABLE, {}).setdefault("1", {})["schema_version"] = version
        changed = True
    return data, changed
