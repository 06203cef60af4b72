"""Provides the Plan pane: the outline of goals → objectives → actions beside the plan-health findings."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from salesplan_tui.core.model.change import Changed
from salesplan_tui.core.model.records import Action, Category, Deal, Goal, Kind, Objective, Record
from salesplan_tui.core.pipeline.moves import open_deals
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.plan.filter import parse_query
from salesplan_tui.core.plan.rules import PLAN_RULES, RULES, Finding
from salesplan_tui.core.settings.ui_state import read_ui_state, save_ui_state
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.panes.base import Pane
from salesplan_tui.ui.text import assemble, plural, shown
from salesplan_tui.ui.widgets.filter_box import FilterBox
from salesplan_tui.ui.widgets.kept_list import KeptList
from salesplan_tui.ui.widgets.outline_shape import PART, refs_of, shape_of
from salesplan_tui.ui.widgets.plan_tree import DEAL_STEPS, FILTER_LIMIT, UNLINKED, PlanTree, Ref

RECORD_OF: dict[Kind | str, type[Goal] | type[Objective] | type[Action]] = {
    Kind.GOAL: Goal, Kind.OBJECTIVE: Objective, Kind.ACTION: Action}  # the records an outline line can stand for
FIRST_FEW = 5  # findings listed per rule before "… N more"; a busy year has thousands, no one reads them all
KEEP_SHAPE_EVERY = 1.0  # seconds: the outline's shape is written at most this often while it is being moved about


class PlanPane(Pane):
    """Build the plan top down (a adds a child), execute it bottom up (space marks an action done)."""

    scope = "plan"
    watches = (Kind.GOAL, Kind.OBJECTIVE, Kind.ACTION)
    BINDINGS = bindings("plan")
    _health: list[Finding]  # the findings listed in the health panel, in order
    _health_of: dict[str, Finding]  # by option id (the finding's key)
    _health_rows: list[tuple[str, tuple[object, ...], bool]] | None = None  # what each line of the panel says
    _health_total = -1
    _health_version = -1
    _shape_timer: Timer | None = None
    _shape_kept: dict[str, Any] | None = None  # the shape last written, so an unchanged one is not written again

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self._health, self._health_of = [], {}
        self._outline = PlanTree()  # held here too: its shape is written as the app closes, after it is unmounted

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="plan-main"):
                yield FilterBox("filter: words, owner:jill, account:acme, status:done, overdue · escape clears",
                                id="plan-filter")
                yield Static(id="plan-filter-note", classes="hidden note")
                yield self._outline
            with Vertical(id="plan-health"):
                yield Static(assemble(("Plan health", "bold")), id="health-title")
                yield KeptList(id="health-list")

    @property
    def tree(self) -> PlanTree:  # type: ignore[override]  # shadows DOMNode.tree, a debugging view of the DOM the app never asks a pane for
        return self.query_one(PlanTree)

    def reload(self) -> None:
        super().reload()
        if self._shape_kept is None:  # the first outline of this run: as it was left last time
            self._shape_kept = {}
            kept = refs_of(read_ui_state(self.repo.path, PART))
            if kept is not None:
                self.tree.keep_shape(*kept)
        self.tree.rebuild(self.repo, self.today)
        self.findings_changed()

    def show_change(self, changed: Changed) -> None:
        # Marking actions done or reopening them redraws their lines only; anything else redraws the outline.
        if changed.ids.keys() == {Kind.ACTION} and self.tree.update_actions(changed.of_kind(Kind.ACTION)):
            self.stale = False
            return
        self.reload()

    def findings_changed(self) -> None:
        """Redraws the health panel once per set of findings (a reload alone does not change them)."""
        if self._health_version != self.sp.findings_version:
            self._health_version = self.sp.findings_version
            self._fill_health()

    def focus_main(self) -> None:
        self.focus_now(self.tree)

    # ----- the outline's shape, kept between runs ----------------------------------------------

    @on(Tree.NodeExpanded)
    @on(Tree.NodeCollapsed)
    @on(Tree.NodeHighlighted)
    def _shape_changed(self) -> None:
        if self._shape_timer is None:  # the first change starts the clock, the ones after it ride along
            self._shape_timer = self.set_timer(KEEP_SHAPE_EVERY, self._keep_shape)

    def _keep_shape(self, *, quietly: bool = False) -> None:
        """Writes the outline's open branches and cursor to the per-workspace UI state, when they changed."""
        self._shape_timer = None
        shape = shape_of(self._outline)
        if shape is None or shape == self._shape_kept:
            return
        self._shape_kept = shape
        problem = save_ui_state(self.repo.path, PART, shape)
        if problem and not quietly:
            self.notify(problem, severity="warning", markup=False, timeout=5)

    def on_unmount(self) -> None:
        self._keep_shape(quietly=True)  # the app is closing: no one would see a line

    # ----- health ------------------------------------------------------------------------------

    def _fill_health(self) -> None:
        """The findings by rule, most urgent first: each rule's count and its first few, the rest one key away.

        Only the lines whose words changed are redrawn: marking one late action done changes a count and one line.
        """
        live = self.sp.live
        assert live is not None
        rows: list[tuple[str, tuple[object, ...], bool]] = []  # (option id, what the line says, a finding's line)
        listed: list[Finding] = []
        total = 0
        for rule in (r for r in RULES if r in PLAN_RULES):
            count = live.count(rule)
            if not count:
                continue
            total += count
            rows.append((f"rule:{rule}", (RULES[rule], count), False))
            shown = live.first(rule) if rule in self._expanded else live.first(rule, FIRST_FEW)
            listed += shown
            rows += [(f.key, (f.title, f.detail), True) for f in shown]
            if count > len(shown):
                rows.append((f"more:{rule}", (count - len(shown),), False))
        self._health = listed
        self._health_of = {f.key: f for f in listed}
        health = self.query_one("#health-list", OptionList)
        before = self._health_rows
        if before is not None and [row[0] for row in rows] == [row[0] for row in before]:
            for index, (row, was) in enumerate(zip(rows, before, strict=True)):
                if row != was:
                    health.replace_option_prompt_at_index(index, _health_prompt(*row))
        else:
            highlighted = health.highlighted_option.id if health.highlighted_option else None
            options = [Option(_health_prompt(*row), id=row[0], disabled=row[0].startswith("rule:")) for row in rows]
            health.set_options(options or [Option(assemble(("✓ Every goal, objective and action is tied in.", "$success")),
                                                  disabled=True)])
            ids = [row[0] for row in rows]
            keep = ids.index(highlighted) if highlighted in ids else None
            first = keep if keep is not None else next((n for n, o in enumerate(options) if not o.disabled), None)
            if first is not None:
                health.highlighted = first
        self._health_rows = rows
        if total != self._health_total:
            self._health_total = total
            self.query_one("#health-title", Static).update(assemble(
                ("Plan health", "bold"), (f"  {plural(total, 'finding')}", "$warning" if total else "$success")),
                layout=False)  # one line whatever the count: nothing around it moves

    _expanded: frozenset[str] = frozenset()  # rules whose every finding is listed, not just the first few

    @on(OptionList.OptionSelected, "#health-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id is None:
            return
        if option_id.startswith("more:"):
            self._expanded |= {option_id.removeprefix("more:")}
            health = self.query_one("#health-list", OptionList)
            row = health.highlighted
            self._fill_health()
            health.highlighted = row  # on the first of those just shown
            return
        finding = self._health_of.get(option_id)
        if finding is None:
            return
        self.action_fold_health()
        self.jump_to(Ref(finding.kind, finding.ref))

    def jump_to(self, ref: Ref) -> None:
        """Shows one item in the outline, clearing a filter that would hide it."""
        if not self.tree.query_filter.empty:
            self._set_filter("")
        if ref.kind == Kind.CATEGORY:
            ref = Ref(Kind.CATEGORY, str(ref.id))
        self.focus_now(self.tree)
        if not self.tree.reveal(ref):
            self.notify("That item is not in the outline (archived or on a deal).", markup=False)

    def action_focus_health(self) -> None:
        """h: to the health panel; on a narrow screen it unfolds over the outline, and h again folds it back."""
        health = self.query_one("#plan-health")
        if self.app.has_class("-narrow"):
            if health.has_class("unfolded"):
                self.action_fold_health()
                return
            health.add_class("unfolded")
            self.query_one("#plan-main").add_class("folded")
            self.refresh_bindings()  # escape now folds it back, and the footer says so
        self.focus_now(self.query_one("#health-list"))

    def action_fold_health(self) -> None:
        """escape (or h again): the health panel unfolded over the outline folds back, and the outline has the keys."""
        self.query_one("#plan-health").remove_class("unfolded")
        self.query_one("#plan-main").remove_class("folded")
        self.refresh_bindings()
        self.focus_now(self.tree)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # escape is only "back to the outline" while the panel covers it; otherwise it is left to whoever else wants it.
        if action == "fold_health":
            return self.is_mounted and self.query_one("#plan-health").has_class("unfolded")
        return True

    # ----- filter ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    @on(FilterBox.Applied)
    def _apply_filter(self, event: FilterBox.Applied) -> None:
        self._set_filter(event.text)
        self.focus_now(self.tree)

    def _set_filter(self, text: str) -> None:
        query = parse_query(text)
        self.tree.query_filter = query
        self.query_one(FilterBox).set_text(text)
        self.tree.rebuild(self.repo, self.today)
        note = self.query_one("#plan-filter-note", Static)
        note.set_class(query.empty, "hidden")
        if not query.empty and not self.tree.shows_actions:
            # An empty outline would look like a broken screen: say that nothing matched, and what to try.
            below = "; the objectives it names are below" if self.tree.root.children else ""
            note.update(assemble(("No action matches ", "bold $warning"), ("`", "bold"), shown(text.strip(), "bold"),
                                 ("`", "bold"), below, "\n",
                                 ("Try fewer words, or owner:, account:, status:done, overdue · / changes it · "
                                  "escape on the box clears it", "dim")))
            return
        limited = (f"   the first {FILTER_LIMIT} actions found: narrow it to see the rest", "$warning") \
            if self.tree.limited else ""
        note.update(assemble(("Filtered: ", "bold"), shown(query.describe()), limited,
                             ("   / to change · escape on the box clears", "dim")))

    def action_toggle_archived(self) -> None:
        self.tree.show_archived = not self.tree.show_archived
        self.notify("Showing archived items." if self.tree.show_archived else "Archived items hidden.", timeout=2)
        self.tree.rebuild(self.repo, self.today)

    # ----- item actions ------------------------------------------------------------------------

    def _current(self) -> tuple[Ref | None, Goal | Objective | Action | None]:
        ref = self.tree.current
        if ref is None:
            return None, None
        model = RECORD_OF.get(ref.kind)
        return ref, self.repo.get(model, int(ref.id)) if model else None

    def _after_save(self, record: Record | None) -> None:
        if record is not None:
            self.tree.reveal(Ref(Kind(type(record).__name__.lower()), record.id))

    def action_add(self) -> None:
        from salesplan_tui.ui.screens.action_form import action_form  # the form's module on first use, as screens does

        if not self.writable():
            return
        ref, record = self._current()
        if ref is None or ref.kind == Kind.CATEGORY:
            category = Category(str(ref.id)) if ref else Category.RELATIONSHIP
            self.app.push_screen(screens.GoalForm(category=category, today=self.today), self._after_save)
        elif isinstance(record, Goal):
            self.app.push_screen(screens.ObjectiveForm(record), self._after_save)
        elif isinstance(record, Objective):
            self.app.push_screen(action_form(self.app, objective_id=record.id), self._after_save)
        elif isinstance(record, Action):  # a step beside this one: the same objective, and its deal while still open
            self.app.push_screen(action_form(self.app, objective_id=record.objective_id,
                                             deal_id=self._still_open(record.deal_id)), self._after_save)
        elif ref in (UNLINKED, DEAL_STEPS):
            self.app.push_screen(action_form(self.app), self._after_save)

    def _still_open(self, deal_id: int | None) -> int | None:
        """The deal, when it is still open (a new step is never offered to a deal won or lost)."""
        deal = self.sp.repo.get(Deal, deal_id)
        return deal_id if deal is not None and open_deals([deal], self.sp.repo.process) else None

    def action_edit(self) -> None:
        from salesplan_tui.ui.screens.action_form import action_form

        if not self.writable():
            return
        _ref, record = self._current()
        if isinstance(record, Goal):
            self.app.push_screen(screens.GoalForm(record, today=self.today), self._after_save)
        elif isinstance(record, Objective):
            goal = self.repo.get(Goal, record.goal_id)
            if goal:
                self.app.push_screen(screens.ObjectiveForm(goal, record), self._after_save)
        elif isinstance(record, Action):
            self.app.push_screen(action_form(self.app, record), self._after_save)
        else:
            self.notify("Put the cursor on a goal, objective or action to edit it.", timeout=3)

    @on(PlanTree.DoneToggled)
    def _done_toggled(self) -> None:
        self.action_toggle_done()

    def action_toggle_done(self) -> None:
        ref, record = self._current()
        if not isinstance(record, Action):
            if ref is not None:
                self.tree.action_toggle_node()  # on a branch, space opens or closes it as in any tree
            return
        if self.writable():
            self.sp.apply(lambda: action_ops.toggle_done(record, self.sp.clock))

    def action_archive(self) -> None:
        if not self.writable():
            return
        _, record = self._current()
        if record is None:
            self.notify("Put the cursor on a goal, objective or action to archive it.", timeout=3)
            return
        self.sp.apply(plan_ops.toggle_archived(record))

    def action_move(self) -> None:
        if not self.writable():
            return
        _, record = self._current()
        goals: list[tuple[str, Category | int | None]]  # each choice's label and where it moves to
        if isinstance(record, Objective):
            goals = [(f"{g.category.label} · {g.title}", g.id) for g in self.repo.all(Goal) if g.id != record.goal_id]
            question = "Move objective under which goal?"
        elif isinstance(record, Action):
            goals = [(o.title, o.id) for o in self.repo.all(Objective) if o.id != record.objective_id]
            goals.append(("(no objective: just doing)", None))
            question = "Tie this action to which objective?"
        elif isinstance(record, Goal):
            goals = [(c.label, c) for c in Category if c != record.category]
            question = "Move goal to which category?"
        else:
            self.notify("m moves a goal, an objective or an action under another parent.", timeout=3)
            return
        self.app.push_screen(screens.PickScreen(question, [(label, (value,)) for label, value in goals]),
                             lambda picked: self._move(record, picked))

    def _move(self, record: Goal | Objective | Action, picked: tuple[Category | int | None] | None) -> None:
        if picked is None:
            return  # cancelled
        moved = self.sp.apply(lambda: plan_ops.move(self.repo, record, to=picked[0]))
        if moved is not None:
            self._after_save(moved.records[0])

    def action_edit_notes(self) -> None:
        if not self.writable():
            return
        _, record = self._current()
        field = "notes" if isinstance(record, Action) else "description" if isinstance(record, Goal) else None
        if record is None or field is None:
            self.notify("o opens an action's notes or a goal's description in $EDITOR.", timeout=3)
            return
        text = edit_in_editor(self.app, getattr(record, field))
        if text is not None and text != getattr(record, field):
            changes: dict[str, Any] = {field: text}
            self.sp.apply(lambda: plan_ops.edit(self.repo, record, **changes))


def _health_prompt(option_id: str, said: tuple[object, ...], finding: bool) -> Content:
    """One line of the health panel: a rule with its count, a finding (title, then detail), or '… N more'."""
    if finding:
        title, detail = said
        return assemble(shown(title), "\n", shown(detail, "dim"))
    if option_id.startswith("rule:"):
        label, count = said
        return assemble((f"{label}  {count:,}", "bold $warning"))  # figures with commas, as the count above them
    return assemble((f"  … {said[0]:,} more: enter shows them", "dim"))


def edit_in_editor(app, text: str) -> str | None:
    """Opens text in $VISUAL / $EDITOR with the app suspended; None when no editor could run."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(text)
        path = Path(handle.name)
    try:
        with app.suspend():
            subprocess.run([*shlex.split(editor), str(path)], check=False)
        return path.read_text(encoding="utf-8").rstrip("\n")
    except Exception as e:  # noqa: BLE001 - no terminal to suspend, or no such editor: say so, lose nothing
        app.notify(f"Could not open {editor}: {e}", severity="error", markup=False)
        return None
    finally:
        path.unlink(missing_ok=True)
