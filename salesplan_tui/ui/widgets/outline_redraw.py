"""Provides OutlineRedraw: the Plan outline redrawing changed actions in place instead of rebuilding every line."""

from __future__ import annotations

import bisect
import datetime as dt

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from salesplan_tui.core.model.records import Action, Kind, Objective
from salesplan_tui.core.plan.filter import Query
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.plan_labels import objective_label
from salesplan_tui.ui.widgets.outline_refs import Ref


class OutlineRedraw(Tree[Ref]):
    """The base of PlanTree that redraws less: what it reads of the outline is set and built by PlanTree."""

    repo: Repository | None
    today: dt.date
    show_archived: bool
    query_filter: Query
    _node_of: dict[Ref, TreeNode[Ref]]
    _children_built: set[Ref]

    def _path(self, ref: Ref) -> list[Ref]:
        raise NotImplementedError  # PlanTree: the branches down to ref

    def _action_label(self, action: Action) -> Text:
        raise NotImplementedError  # PlanTree: an action's line

    def update_actions(self, ids: frozenset[int]) -> bool:
        """Redraws changed actions in place, with the count on their objective's line; False when it cannot.

        An action shown where it still belongs is relabelled; a new one under an objective goes in its place when
        the objective is open, or only into its count when it is closed. An action that moved, changed order, was
        archived or was removed, or one in the two groups of actions under no objective, needs the outline rebuilt.
        """
        if self.repo is None or not self.query_filter.empty:
            return False
        relabel: list[tuple[TreeNode[Ref], Action]] = []
        insert: list[Action] = []
        for action_id in ids:
            node = self._node_of.get(Ref(Kind.ACTION, action_id))
            action = self.repo.get(Action, action_id)
            if action is None or (action.archived and not self.show_archived):
                return False
            path = self._path(Ref(Kind.ACTION, action_id))
            if not path or (path[-1].kind != Kind.OBJECTIVE and node is None):
                return False
            if node is None:
                insert.append(action)
                continue
            parent = node.parent
            if parent is None or parent.data != path[-1]:
                return False
            siblings = [self.repo.get(Action, int(n.data.id)) for n in parent.children
                        if n.data is not None and n.data.kind == Kind.ACTION]
            keys = [(a.due, a.id) for a in siblings if a is not None]
            if keys != sorted(keys):
                return False
            relabel.append((node, action))
        parents: set[TreeNode[Ref]] = set()
        for node, action in relabel:
            node.set_label(self._action_label(action))
            if node.parent is not None:
                parents.add(node.parent)
        for action in insert:
            # Each was put in `insert` because its place is under an objective (see path above).
            under = (self._node_of.get(Ref(Kind.OBJECTIVE, action.objective_id))
                     if action.objective_id is not None else None)
            if under is None:
                continue  # its goal is closed: nothing on screen counts it
            if under.data in self._children_built:
                keys = [(a.due, a.id) for n in under.children if n.data is not None and n.data.kind == Kind.ACTION
                        for a in (self.repo.get(Action, int(n.data.id)),) if a is not None]
                ref = Ref(Kind.ACTION, action.id)
                self._node_of[ref] = under.add_leaf(self._action_label(action), ref,
                                                    before=bisect.bisect(keys, (action.due, action.id)))
            under.allow_expand = True
            parents.add(under)
        for parent in parents:
            if parent.data is not None and parent.data.kind == Kind.OBJECTIVE:
                objective = self.repo.get(Objective, int(parent.data.id))
                if objective is not None:
                    steps = self.repo.actions_by("objective_id").get(objective.id, [])
                    parent.set_label(objective_label(objective, sum(1 for a in steps if a.is_open), self.today))
        return True
