"""Provides the Plan outline's shape as plain data (open branches, cursor), to keep it between runs."""

from __future__ import annotations

from typing import Any

from salesplan_tui.core.model.records import Kind
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref

PART = "plan_outline"  # its name in the per-workspace UI state (core/settings/ui_state.py)


def _plain(ref: Ref) -> list[str | int]:
    return [str(ref.kind), ref.id]


def _ref(value: Any) -> Ref | None:
    """A kept line back as a Ref; None for anything this version does not know (an old or hand-edited file)."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], (int, str)) and not isinstance(value[1], bool)):
        return None
    kind, ref_id = value
    return Ref(Kind(kind) if kind in Kind.__members__.values() else kind, ref_id)


def shape_of(tree: PlanTree) -> dict[str, Any] | None:
    """The outline's open branches and the line under its cursor (as before a filter); None before it is built."""
    opened, cursor = tree.shape()
    if opened is None:
        return None
    return {"open": [_plain(r) for r in sorted(opened, key=lambda r: (str(r.kind), str(r.id)))],
            "cursor": _plain(cursor) if cursor is not None else None}


def refs_of(kept: Any) -> tuple[set[Ref], Ref | None] | None:
    """The open branches and cursor a kept shape names; None when nothing usable was kept."""
    if not isinstance(kept, dict) or not isinstance(kept.get("open"), list):
        return None
    opened = {ref for ref in map(_ref, kept["open"]) if ref is not None}
    return opened, _ref(kept.get("cursor"))
