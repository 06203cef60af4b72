"""Provides Ref: what a line of the Plan outline stands for (a record, a category, a group of actions)."""

from __future__ import annotations

from dataclasses import dataclass

from salesplan_tui.core.model.records import Kind


@dataclass(frozen=True)
class Ref:
    """What a node stands for: a record (Kind.GOAL, 3), a category (Kind.CATEGORY, 'revenue') or a group of actions."""

    kind: Kind | str  # a str only for the two groups below, which are not records
    id: int | str


UNLINKED = Ref("unlinked", 0)
DEAL_STEPS = Ref("deal_steps", 0)
MORE = "more"  # the kind of a group's last line, '… N more' (its id: the group's kind)
GROUP_PAGE = 100  # actions under no objective listed at once: a busy year has thousands, opened in a tenth of a second
REOPEN_ORDER = (Kind.CATEGORY, Kind.GOAL, Kind.OBJECTIVE, UNLINKED.kind, DEAL_STEPS.kind)
