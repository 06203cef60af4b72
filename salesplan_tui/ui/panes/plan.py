"""Provides the Plan pane: the outline of goals → objectives → actions beside the plan-health findings."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core import action_ops, plan_ops
from ...core.change import Changed
from ...core.models import Action, Category, Goal, Kind, Objective
from ...core.plan_filter import parse_query
from ...core.rules import PLAN_RULES, Finding
from .. import screens
from ..actions import bindings
from ..text import assemble, shown
from ..widgets.filter_box import FilterBox
from ..widgets.plan_tree import DEAL_STEPS, UNLINKED, PlanTree, Ref
from .base import Pane



FIRST_FEW = 5  # findings listed per rule before "… N more"; a busy year has thousands, no one reads them all


class PlanPane(Pane):
    """Build the plan top down (a adds a child), execute it bottom up (space marks an action done)."""

    scope = "plan"
    watches = (Kind.GOAL, Kind.OBJECTIVE, Kind.ACTION)
    BINDINGS = bindings("plan")
    _health: list[Finding] = []
    _health_version = -1

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="plan-main"):
                yield FilterBox("filter: words, owner:jill, account:acme, status:done, overdue · escape clears",
                                id="plan-filter")
                yield Static(id="plan-filter-note", classes="hidden note")
                yield PlanTree()
            with Vertical(id="plan-health"):
                yield Static(assemble(("Plan health", "bold")), id="health-title")
                yield OptionList(id="health-list")

    @property
    def tree(self) -> PlanTree:
        return self.query_one(PlanTree)

    def reload(self) -> None:
        super().reload()
        self.tree.rebuild(self.repo, self.today)
        self.findings_changed()

    def show_change(self, changed: Changed) -> None:
        # Marking actions done or reopening them redraws their lines only; anything else redraws the outline.
        if changed.ids.keys() == {Kind.ACTION} and self.tree.update_actions(changed.of_kind(Kind.ACTION)):
            self.stale = False
            return
        self.reload()

    def findings_changed(self) -> None:
        """Fills the health panel once per set of findings (a reload alone does not change them)."""
        if self._health_version != self.sp.findings_version:
            self._health_version = self.sp.findings_version
            self._fill_health(self.sp.findings)

    def focus_main(self) -> None:
        self.tree.focus()

    # ----- health ------------------------------------------------------------------------------

    def _fill_health(self, findings: list[Finding]) -> None:
        """The findings by rule, most urgent first: each rule's count and its first few, the rest one key away."""
        listed = [f for f in findings if f.rule in PLAN_RULES]
        self._health = listed
        by_rule: dict[str, list[int]] = {}
        for index, finding in enumerate(listed):
            by_rule.setdefault(finding.rule, []).append(index)
        options: list[Option] = []
        for rule, indexes in by_rule.items():
            options.append(Option(assemble((f"{listed[indexes[0]].label}  {len(indexes)}", "bold $warning")),
                                  disabled=True))
            shown_here = indexes if rule in self._expanded else indexes[:FIRST_FEW]
            options += [Option(assemble(shown(listed[i].title), "\n", shown(listed[i].detail, "dim")), id=str(i))
                        for i in shown_here]
            if len(indexes) > len(shown_here):
                options.append(Option(assemble((f"  … {len(indexes) - len(shown_here)} more: enter shows them", "dim")),
                                      id=f"more:{rule}"))
        health = self.query_one("#health-list", OptionList)
        health.set_options(options or [Option(assemble(("✓ Every goal, objective and action is tied in.", "$success")),
                                              disabled=True)])
        first = next((n for n, o in enumerate(options) if not o.disabled), None)
        if first is not None:
            health.highlighted = first
        self.query_one("#health-title", Static).update(assemble(
            ("Plan health", "bold"), (f"  {len(listed)} finding{'s' if len(listed) != 1 else ''}", "$warning" if listed else "$success")))

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
            self._fill_health(self.sp.findings)
            health.highlighted = row  # on the first of those just shown
            return
        finding = self._health[int(option_id)]
        self.query_one("#plan-health").remove_class("unfolded")
        self.query_one("#plan-main").remove_class("folded")
        self.jump_to(Ref(finding.kind, finding.ref))

    def jump_to(self, ref: Ref) -> None:
        """Shows one item in the outline, clearing a filter that would hide it."""
        if not self.tree.query_filter.empty:
            self._set_filter("")
        if ref.kind == Kind.CATEGORY:
            ref = Ref(Kind.CATEGORY, str(ref.id))
        self.tree.focus()
        if not self.tree.reveal(ref):
            self.notify("That item is not in the outline (archived or on a deal).", markup=False)

    def action_focus_health(self) -> None:
        """h: to the health panel; on a narrow screen it unfolds over the outline, and h again folds it back."""
        health, main = self.query_one("#plan-health"), self.query_one("#plan-main")
        if self.sp.has_class("-narrow"):
            unfold = not health.has_class("unfolded")
            health.set_class(unfold, "unfolded")
            main.set_class(unfold, "folded")
            if not unfold:
                self.tree.focus()
                return
        self.query_one("#health-list").focus()

    # ----- filter ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    @on(FilterBox.Applied)
    def _apply_filter(self, event: FilterBox.Applied) -> None:
        self._set_filter(event.text)
        self.tree.focus()

    def _set_filter(self, text: str) -> None:
        query = parse_query(text)
        self.tree.query_filter = query
        self.query_one(FilterBox).set_text(text)
        note = self.query_one("#plan-filter-note", Static)
        note.set_class(query.empty, "hidden")
        note.update(assemble(("Filtered: ", "bold"), shown(query.describe()), ("   / to change · escape on the box clears", "dim")))
        self.tree.rebuild(self.repo, self.today)

    def action_toggle_archived(self) -> None:
        self.tree.show_archived = not self.tree.show_archived
        self.notify("Showing archived items." if self.tree.show_archived else "Archived items hidden.", timeout=2)
        self.tree.rebuild(self.repo, self.today)

    # ----- item actions ------------------------------------------------------------------------

    def _current(self) -> tuple[Ref | None, Goal | Objective | Action | None]:
        ref = self.tree.current
        if ref is None:
            return None, None
        model = {Kind.GOAL: Goal, Kind.OBJECTIVE: Objective, Kind.ACTION: Action}.get(ref.kind)  # type: ignore[call-overload]
        return ref, self.repo.get(model, int(ref.id)) if model else None

    def _after_save(self, record: Goal | Objective | Action | None) -> None:
        if record is not None:
            self.tree.reveal(Ref(Kind(type(record).__name__.lower()), record.id))

    def action_add(self) -> None:
        if not self.writable():
            return
        ref, record = self._current()
        if ref is None or ref.kind == Kind.CATEGORY:
            category = Category(ref.id) if ref else Category.RELATIONSHIP
            self.app.push_screen(screens.GoalForm(category=category, today=self.today), self._after_save)
        elif isinstance(record, Goal):
            self.app.push_screen(screens.ObjectiveForm(record), self._after_save)
        elif isinstance(record, Objective):
            self.app.push_screen(screens.ActionForm(objective_id=record.id), self._after_save)
        elif isinstance(record, Action):
            self.app.push_screen(screens.ActionForm(objective_id=record.objective_id, deal_id=record.deal_id), self._after_save)
        elif ref in (UNLINKED, DEAL_STEPS):
            self.app.push_screen(screens.ActionForm(), self._after_save)

    def action_edit(self) -> None:
        if not self.writable():
            return
        ref, record = self._current()
        if isinstance(record, Goal):
            self.app.push_screen(screens.GoalForm(record, today=self.today), self._after_save)
        elif isinstance(record, Objective):
            goal = self.repo.get(Goal, record.goal_id)
            if goal:
                self.app.push_screen(screens.ObjectiveForm(goal, record), self._after_save)
        elif isinstance(record, Action):
            self.app.push_screen(screens.ActionForm(record), self._after_save)
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
        if isinstance(record, Objective):
            goals = [(f"{g.category.label} · {g.title}", g.id) for g in self.repo.all(Goal) if g.id != record.goal_id]
            question = "Move objective under which goal?"
        elif isinstance(record, Action):
            goals = [(o.title, o.id) for o in self.repo.all(Objective) if o.id != record.objective_id]
            goals.append(("(no objective: just doing)", None))  # type: ignore[arg-type]
            question = "Tie this action to which objective?"
        elif isinstance(record, Goal):
            goals = [(c.label, c.value) for c in Category if c != record.category]  # type: ignore[misc]
            question = "Move goal to which category?"
        else:
            self.notify("m moves a goal, an objective or an action under another parent.", timeout=3)
            return
        self.app.push_screen(screens.PickScreen(question, [(label, (value,)) for label, value in goals]),
                             lambda picked: self._move(record, picked))

    def _move(self, record: Goal | Objective | Action, picked: tuple[object] | None) -> None:
        if picked is None:
            return  # cancelled
        moved = self.sp.apply(lambda: plan_ops.move(self.repo, record, to=picked[0]))  # type: ignore[arg-type]
        if moved is not None:
            self._after_save(moved.records[0])  # type: ignore[arg-type]

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
            self.sp.apply(lambda: plan_ops.edit(self.repo, record, **{field: text}))


def edit_in_editor(app, text: str) -> str | None:  # noqa: ANN001 - the running App
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
