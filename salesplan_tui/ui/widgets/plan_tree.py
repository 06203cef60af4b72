"""Provides PlanTree: categories → goals → objectives → actions, built lazily as branches are opened."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from operator import attrgetter

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from salesplan_tui.core.model.records import Account, Action, Category, Deal, Goal, Kind, Objective
from salesplan_tui.core.plan.filter import Query, matches, searched
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.plan_labels import action_label, category_label, goal_label, objective_label
from salesplan_tui.ui.text import join
from salesplan_tui.ui.widgets.outline_redraw import OutlineRedraw
from salesplan_tui.ui.widgets.outline_refs import DEAL_STEPS, GROUP_PAGE, MORE, REOPEN_ORDER, UNLINKED, Ref

FILTER_LIMIT = 150  # filtered results shown at once (four screens); more would bury what was looked for
__all__ = ["DEAL_STEPS", "FILTER_LIMIT", "GROUP_PAGE", "MORE", "UNLINKED", "PlanTree", "Ref"]  # Ref and its groups live in outline_refs


class PlanTree(OutlineRedraw):
    """The plan outline. Only opened branches have nodes, so a year of 10,000 actions opens at once."""

    BINDINGS = bindings("plan", widget="tree")

    class DoneToggled(Message):
        """Space on the outline: the pane marks the action under the cursor done, or opens the branch."""

    def __init__(self) -> None:
        super().__init__("Plan", id="plan-tree")
        self.show_root = False
        self.guide_depth = 3
        self.auto_expand = True
        self.repo: Repository | None = None
        self.today = dt.date.today()
        self.show_archived = False
        self.query_filter = Query()
        self._node_of: dict[Ref, TreeNode[Ref]] = {}
        self._children_built: set[Ref] = set()
        self._filtered = False  # the tree shows a filter's matches, not the outline
        self._outline_opened: set[Ref] = set()  # what was open in the outline when a filter replaced it
        self._outline_cursor: tuple[Ref | None, int] = (None, -1)  # and where its cursor was
        self._words: dict[int, tuple[Action, Objective | None, Deal | None, str, str]] = {}  # see _searched
        self._labels: dict[int, tuple[Action, dt.date, Text]] = {}  # see _action_label
        self.limited = False  # the filter found more actions than FILTER_LIMIT; only the first are shown
        self._kept_shape: tuple[set[Ref], Ref | None] | None = None  # the shape the first outline takes (last run's)
        self._built = False  # an outline was built: from then on a closed category stays closed
        self._unfiled_kept: dict[Ref, list[Action]] | None = None  # see _unfiled: sorted once per rebuild

    # ----- building ----------------------------------------------------------------------------

    def rebuild(self, repo: Repository, today: dt.date) -> None:
        """Redraws from the workspace, keeping what was open and where the cursor was."""
        self.repo, self.today = repo, today
        opened = {ref for ref, node in self._node_of.items() if node.is_expanded}
        cursor = self.cursor_node.data if self.cursor_node else None
        line = self.cursor_line
        if self._kept_shape is not None and not self._built:
            (opened, cursor), line = self._kept_shape, -1
        if self._filtered and self.query_filter.empty:
            # Back from a filter (which opened everything it found): the outline as it was before it.
            opened, (cursor, line) = self._outline_opened, self._outline_cursor
        elif not self._filtered and not self.query_filter.empty:
            self._outline_opened, self._outline_cursor = opened, (cursor, line)
        self._filtered = not self.query_filter.empty
        self._unfiled_kept = None
        self.clear()
        self._node_of.clear()
        self._children_built.clear()
        if not self.query_filter.empty:
            self._build_filtered()
        else:
            self._build_outline(opened)
        if cursor and self.reveal(cursor):
            return
        if cursor is not None and line >= 0:
            # The item under the cursor is gone (archived, moved away): stay on the line, on its neighbour.
            self._lay_out_lines()
            self.cursor_line = min(line, max(0, self.last_line))
        elif self.root.children and self.root.children[0].data is not None:
            self.place_cursor(self.root.children[0].data)

    def _goals(self) -> list[Goal]:
        assert self.repo
        return self.repo.all(Goal, archived=self.show_archived)

    def _objectives(self) -> dict[int, list[Objective]]:
        assert self.repo
        grouped: dict[int, list[Objective]] = defaultdict(list)
        for o in self.repo.all(Objective, archived=self.show_archived):
            grouped[o.goal_id].append(o)
        return grouped

    def _actions(self, key: str) -> dict[int, list[Action]]:
        assert self.repo
        if not self.show_archived:
            return self.repo.actions_by(key)
        grouped: dict[int, list[Action]] = defaultdict(list)
        for a in sorted(self.repo.all(Action, archived=True), key=lambda a: (a.due, a.id)):
            if getattr(a, key) is not None:
                grouped[getattr(a, key)].append(a)
        return grouped

    def _add(self, parent: TreeNode[Ref], label, ref: Ref, *, expandable: bool) -> TreeNode[Ref]:
        node = parent.add(label, ref, allow_expand=expandable) if expandable else parent.add_leaf(label, ref)
        self._node_of[ref] = node
        return node

    def _build_outline(self, opened: set[Ref]) -> None:
        goals = self._goals()
        objectives = self._objectives()
        for category in Category:
            in_category = [g for g in goals if g.category == category]
            ref = Ref(Kind.CATEGORY, category.value)
            writable = not (self.repo and self.repo.read_only)  # read-only, the labels do not say "press a"
            node = self._add(self.root, category_label(category, len(in_category), writable=writable), ref,
                             expandable=bool(in_category))
            for goal in in_category:
                self._add(node, goal_label(goal, objectives.get(goal.id, []), writable=writable), Ref(Kind.GOAL, goal.id),
                          expandable=bool(objectives.get(goal.id)))
            if ref in opened or (not self._built and self._kept_shape is None):  # a category the user closed stays so
                self._open(node)
        self._built = True
        # The two groups' counts need one look at every action; their order only when one is opened (at 50,000
        # actions, sorting the 15,000 under no objective was a third of drawing the first screen).
        unfiled = self._unfiled() if {UNLINKED, DEAL_STEPS} & opened else self._unfiled_groups()
        loose, deal_only = len(unfiled[UNLINKED]), len(unfiled[DEAL_STEPS])
        self._add(self.root, join(("Just doing: actions tied to nothing", "bold"), (f"  {loose}", "yellow" if loose else "dim")),
                  UNLINKED, expandable=bool(loose))
        self._add(self.root, join(("Deal steps with no objective", "bold"), (f"  {deal_only}", "dim")),
                  DEAL_STEPS, expandable=bool(deal_only))
        # Parents before children, so each reopened branch has its node when its turn comes.
        for ref in sorted(opened, key=lambda r: REOPEN_ORDER.index(r.kind) if r.kind in REOPEN_ORDER else len(REOPEN_ORDER)):
            if ref in self._node_of:
                self._open(self._node_of[ref])

    def _unfiled(self) -> dict[Ref, list[Action]]:
        """Actions under no objective, tied to nothing (UNLINKED) or to a deal only (DEAL_STEPS), each group in due
        order; worked out once per rebuild (opening a group page by page, or revealing into it, asks again)."""
        if self._unfiled_kept is None:
            unfiled = self._unfiled_groups()
            by_due = attrgetter("due", "id")
            for group in unfiled.values():
                group.sort(key=by_due)
            self._unfiled_kept = unfiled
        return self._unfiled_kept

    def _unfiled_groups(self) -> dict[Ref, list[Action]]:
        """The two groups of actions under no objective, in one pass, in no particular order."""
        assert self.repo
        unfiled: dict[Ref, list[Action]] = {UNLINKED: [], DEAL_STEPS: []}
        for a in self.repo.all(Action, archived=self.show_archived):
            if a.objective_id is None:
                unfiled[UNLINKED if a.deal_id is None else DEAL_STEPS].append(a)
        return unfiled

    def ensure_loaded(self, node: TreeNode[Ref]) -> None:
        """Creates a branch's children the first time it is opened."""
        ref = node.data
        if ref is None or ref in self._children_built or self.repo is None:
            return
        self._children_built.add(ref)
        if ref.kind == Kind.GOAL:
            actions = self._actions("objective_id")
            for o in self._objectives().get(int(ref.id), []):
                steps = actions.get(o.id, [])
                self._add(node, objective_label(o, sum(1 for a in steps if a.is_open), self.today),
                          Ref(Kind.OBJECTIVE, o.id), expandable=bool(steps))
        elif ref.kind == Kind.OBJECTIVE:
            for a in self._actions("objective_id").get(int(ref.id), []):
                self._add(node, self._action_label(a), Ref(Kind.ACTION, a.id), expandable=False)
        elif ref in (UNLINKED, DEAL_STEPS):
            self._load_group(node)

    def _load_group(self, node: TreeNode[Ref], upto: int = 0) -> None:
        """Lists the next page of a group's actions (or up to the one at index upto), then '… N more'."""
        assert node.data is not None
        actions = self._unfiled()[node.data]
        for more, ref in [(c, c.data) for c in node.children if c.data is not None and c.data.kind == MORE]:
            self._node_of.pop(ref, None)
            more.remove()
        start = len(node.children)
        end = max(start + GROUP_PAGE, upto + 1)
        for a in actions[start:end]:
            self._add(node, self._action_label(a), Ref(Kind.ACTION, a.id), expandable=False)
        if len(actions) > end:
            self._add(node, join((f"… {len(actions) - end} more: enter shows the next {GROUP_PAGE}", "dim")),
                      Ref(MORE, str(node.data.kind)), expandable=False)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Ref]) -> None:
        """Enter on '… N more' lists the next page of its group, the cursor on the first of them."""
        ref = event.node.data
        if ref is not None and ref.kind == MORE and event.node.parent is not None:
            line = event.node.line
            self._load_group(event.node.parent)
            self._lay_out_lines()
            self.cursor_line = line

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Ref]) -> None:
        self.ensure_loaded(event.node)  # opened by the user: its children are made now

    def _open(self, node: TreeNode[Ref]) -> None:
        """Opens a branch from code, its children made first. No NodeExpanded is posted: it would only make them
        again, after bubbling through every parent up to the app (a filter's expand_all posted thousands)."""
        self.ensure_loaded(node)
        if node.is_expanded:
            return  # Tree.expand on an open branch still forgets every drawn line and lays the outline out again
        with self.prevent(Tree.NodeExpanded):
            node.expand()

    # Textual's Tree rebuilds every line (and lays the screen out again) on each Resize (its pane shown again, the
    # filter box opening above it) and style change (focus): a frame late each time, though the lines stand.

    def on_resize(self, event: events.Resize) -> None:
        # Found before Tree's own handler, which prevent_default skips. (That handler also grows the cache of drawn
        # lines to the height; it holds 1,024 lines from the start, more than any terminal is tall.)
        event.prevent_default()

    def notify_style_update(self) -> None:
        # A new look (focus, a theme) changes how lines are drawn, never which lines there are or how wide.
        Widget.notify_style_update(self)
        self._line_cache.clear()  # Textual's private cache of drawn lines (see test_textual_canaries)
        self.refresh()

    def _build_filtered(self) -> None:
        """Only what matches, with its parents, all open; capped so the answer stays readable."""
        assert self.repo
        repo, q = self.repo, self.query_filter
        goals = {g.id: g for g in self._goals()}
        by_goal = self._objectives()
        objectives = {o.id: o for group in by_goal.values() for o in group}
        accounts = {a.id: a.name for a in repo.all(Account)}
        deals = {d.id: d for d in repo.all(Deal)}
        shown = 0
        self.limited = False
        for action in repo.all(Action, archived=self.show_archived):
            objective = objectives.get(action.objective_id) if action.objective_id else None
            deal = deals.get(action.deal_id) if action.deal_id else None
            account = (accounts.get(objective.account_id) if objective and objective.account_id else (
                accounts.get(deal.account_id) if deal else "")) or ""
            if not matches(q, text="", owner=action.owner, account=account, status=action.status.value,
                           due=action.due, today=self.today, prepared=self._searched(action, objective, deal, account)):
                continue
            parent = self._filtered_parent(objective, goals, by_goal)
            self._add(parent, self._action_label(action), Ref(Kind.ACTION, action.id), expandable=False)
            shown += 1
            if shown >= FILTER_LIMIT:
                self.limited = True  # the pane's filter line says so
                break
        if not q.terms.get("status") and not q.overdue and "owner" not in q.terms:
            for o in objectives.values():
                account = accounts.get(o.account_id, "") if o.account_id else ""
                if Ref(Kind.OBJECTIVE, o.id) not in self._node_of and matches(q, text=o.title + " " + o.metric, account=account):
                    self._filtered_parent(o, goals, by_goal)
        self._children_built.update(self._node_of)  # a filtered branch holds only what matched
        with self.prevent(Tree.NodeExpanded):  # see _open: hundreds of messages, each up through nine parents
            self.root.expand_all()

    def _action_label(self, action: Action) -> Text:
        """An action's line, kept while the action is the same object (records are immutable) and the day the same:
        rebuilding an outline with many branches open made hundreds of the same lines again."""
        kept = self._labels.get(action.id)
        if kept is None or kept[0] is not action or kept[1] != self.today:
            kept = self._labels[action.id] = (action, self.today, action_label(action, self.today))
        return kept[2]

    def _searched(self, action: Action, objective: Objective | None, deal: Deal | None, account: str) -> str:
        """The words a filter looks for an action in, kept while its records are the same objects (records are
        immutable: a changed one is a new object), so a filter over 10,000 actions does not rebuild them each time."""
        kept = self._words.get(action.id)
        if kept is not None and kept[0] is action and kept[1] is objective and kept[2] is deal and kept[3] == account:
            return kept[4]
        text = " ".join([action.outcome, action.target, objective.title if objective else "", deal.title if deal else ""])
        words = searched(text=text, owner=action.owner, account=account)
        self._words[action.id] = (action, objective, deal, account, words)
        return words

    def _filtered_parent(self, objective: Objective | None, goals: dict[int, Goal],
                         by_goal: dict[int, list[Objective]]) -> TreeNode[Ref]:
        if objective is None or objective.goal_id not in goals:
            return self._node_of.get(UNLINKED) or self._add(self.root, join(("Not under an objective", "bold")), UNLINKED, expandable=True)
        goal = goals[objective.goal_id]
        cat_ref = Ref(Kind.CATEGORY, goal.category.value)
        cat = self._node_of.get(cat_ref) or self._add(self.root, category_label(goal.category, 1), cat_ref, expandable=True)
        g_ref = Ref(Kind.GOAL, goal.id)
        g = self._node_of.get(g_ref) or self._add(cat, goal_label(goal, by_goal.get(goal.id, [])), g_ref,
                                                  expandable=True)
        o_ref = Ref(Kind.OBJECTIVE, objective.id)
        return self._node_of.get(o_ref) or self._add(g, objective_label(objective, 1, self.today), o_ref, expandable=True)

    # ----- finding things ----------------------------------------------------------------------

    def reveal(self, ref: Ref) -> bool:
        """Opens the branches down to ref and puts the cursor on it."""
        if self.repo is None:
            return False
        for step in self._path(ref):
            node = self._node_of.get(step)
            if node is None:
                return False
            self._open(node)
            if step in (UNLINKED, DEAL_STEPS) and ref not in self._node_of and not self._filtered:  # past its pages
                at = next((i for i, a in enumerate(self._unfiled()[step]) if Ref(Kind.ACTION, a.id) == ref), None)
                if at is not None:
                    self._load_group(node, upto=at)
        if ref not in self._node_of:
            return False
        self.place_cursor(ref)
        return True

    def place_cursor(self, ref: Ref) -> None:
        """Moves the cursor to ref now, its lines laid out first (new nodes have none before), so the cursor is
        drawn in the frame of the key, not one after it."""
        node = self._node_of.get(ref)
        if node is not None:
            self._lay_out_lines()
            self.move_cursor(node)

    def _lay_out_lines(self) -> None:
        """Works out which line each open node is on (Textual does it when it next draws)."""
        self.last_line  # noqa: B018 - reading it lays the lines out (each node's `line` is set)

    def _path(self, ref: Ref) -> list[Ref]:
        assert self.repo
        if ref.kind == Kind.ACTION:
            action = self.repo.get(Action, int(ref.id))
            if action is None:
                return []
            if action.objective_id is None:
                return [UNLINKED if action.deal_id is None else DEAL_STEPS]
            return [*self._path(Ref(Kind.OBJECTIVE, action.objective_id)), Ref(Kind.OBJECTIVE, action.objective_id)]
        if ref.kind == Kind.OBJECTIVE:
            objective = self.repo.get(Objective, int(ref.id))
            return [*self._path(Ref(Kind.GOAL, objective.goal_id)), Ref(Kind.GOAL, objective.goal_id)] if objective else []
        if ref.kind == Kind.GOAL:
            goal = self.repo.get(Goal, int(ref.id))
            return [Ref(Kind.CATEGORY, goal.category.value)] if goal else []
        return []

    def keep_shape(self, opened: set[Ref], cursor: Ref | None) -> None:
        """The open branches and cursor the outline takes when first built (as it was left last run)."""
        self._kept_shape = (opened, cursor)

    def shape(self) -> tuple[set[Ref] | None, Ref | None]:
        """The outline's open branches and cursor (under a filter: as they were before it); None before it is built."""
        if self._filtered:
            return self._outline_opened, self._outline_cursor[0]
        if not self._built:
            return None, None
        return {ref for ref, node in self._node_of.items() if node.is_expanded and node.data}, self.current

    @property
    def shows_actions(self) -> bool:
        """Whether any action is in the tree now (a filter can find none)."""
        return any(ref.kind == Kind.ACTION for ref in self._node_of)

    @property
    def current(self) -> Ref | None:
        return self.cursor_node.data if self.cursor_node else None

    def action_open_branch(self) -> None:
        """→ as in any outline: a closed branch opens; on an open one, the cursor goes to its first line."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_close_branch(self) -> None:
        """← as in any outline: an open branch closes; anywhere else, the cursor goes to the line it is under."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.move_cursor(node.parent)

    def action_toggle_done(self) -> None:
        # Tree binds space to expand; here it asks the pane, which owns the workspace, to mark an action done.
        self.post_message(self.DoneToggled())
