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
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.models import Action, ActionStatus, Category, Goal, Objective, now
from ...core.plan_filter import parse_query
from ...core.rules import Finding
from ..actions import bindings
from ..widgets.filter_box import FilterBox
from ..widgets.plan_tree import DEAL_STEPS, UNLINKED, PlanTree, Ref
from .. import screens
from .base import Pane

HEALTH_RULES = ("category_no_goal", "goal_no_objective", "objective_stuck", "objective_missed", "just_doing",
                "overdue_action")


class PlanPane(Pane):
    """Build the plan top down (a adds a child), execute it bottom up (space marks an action done)."""

    scope = "plan"
    BINDINGS = bindings("plan")

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="plan-main"):
                yield FilterBox("filter: words, owner:jill, account:acme, status:done, overdue · escape clears",
                                id="plan-filter")
                yield Static(id="plan-filter-note", classes="hidden note")
                yield PlanTree()
            with Vertical(id="plan-health"):
                yield Static(Content.assemble(("Plan health", "bold")), id="health-title")
                yield OptionList(id="health-list")

    @property
    def tree(self) -> PlanTree:
        return self.query_one(PlanTree)

    def reload(self) -> None:
        super().reload()
        self.tree.rebuild(self.repo, self.today)
        self._fill_health(self.sp.findings)

    def findings_changed(self) -> None:
        self._fill_health(self.sp.findings)

    def focus_main(self) -> None:
        self.tree.focus()

    # ----- health ------------------------------------------------------------------------------

    def _fill_health(self, findings: list[Finding]) -> None:
        shown = [f for f in findings if f.rule in HEALTH_RULES]
        self._health = shown
        health = self.query_one("#health-list", OptionList)
        options = [Option(Content.assemble((f.label, "bold $warning"), "\n", Content(f.title), "\n",
                                           (f.detail, "dim")), id=str(i)) for i, f in enumerate(shown)]
        health.set_options(options or [Option(Content.assemble(("✓ Every goal, objective and action is tied in.", "$success")), disabled=True)])
        if options:
            health.highlighted = 0
        self.query_one("#health-title", Static).update(Content.assemble(
            ("Plan health", "bold"), (f"  {len(shown)} finding{'s' if len(shown) != 1 else ''}", "$warning" if shown else "$success")))

    @on(OptionList.OptionSelected, "#health-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        finding = self._health[int(event.option.id)]
        self.jump_to(Ref(finding.kind, finding.ref))

    def jump_to(self, ref: Ref) -> None:
        """Shows one item in the outline, clearing a filter that would hide it."""
        if not self.tree.query_filter.empty:
            self._set_filter("")
        if ref.kind == "category":
            ref = Ref("category", str(ref.id))
        self.tree.focus()
        if not self.tree.reveal(ref):
            self.notify("That item is not in the outline (archived or on a deal).", markup=False)

    def action_focus_health(self) -> None:
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
        note.update(Content.assemble(("Filtered: ", "bold"), Content(query.describe()), ("   / to change · escape on the box clears", "dim")))
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
        model = {"goal": Goal, "objective": Objective, "action": Action}.get(ref.kind)
        return ref, self.repo.get(model, int(ref.id)) if model else None

    def _after_save(self, record: Goal | Objective | Action | None) -> None:
        if record is not None:
            self.tree.reveal(Ref(type(record).__name__.lower(), record.id))

    def action_add(self) -> None:
        if not self.writable():
            return
        ref, record = self._current()
        if ref is None or ref.kind == "category":
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

    def action_toggle_done(self) -> None:
        ref, record = self._current()
        if not isinstance(record, Action):
            if ref is not None and ref.kind in ("goal", "objective", "category", "unlinked", "deal_steps"):
                self.tree.action_toggle_node()
            return
        if not self.writable():
            return
        if record.status == ActionStatus.OPEN:
            self.sp.apply(lambda: self.repo.update(record, status="done", completed_at=now()), "Done. What's next?")
        elif record.status == ActionStatus.DONE:
            self.sp.apply(lambda: self.repo.update(record, status="open", completed_at=None), "Reopened.")
        else:
            self.notify("A dropped action stays dropped; add a new one instead.", timeout=3)

    def action_archive(self) -> None:
        if not self.writable():
            return
        _, record = self._current()
        if record is None:
            self.notify("Put the cursor on a goal, objective or action to archive it.", timeout=3)
            return
        if record.archived:
            self.sp.apply(lambda: self.repo.unarchive(record), "Restored from the archive.")
        else:
            self.sp.apply(lambda: self.repo.archive(record), "Archived. ctrl+z brings it back.")

    def action_move(self) -> None:
        if not self.writable():
            return
        _, record = self._current()
        if isinstance(record, Objective):
            goals = [(f"{g.category.label} · {g.title}", g.id) for g in self.repo.all(Goal) if g.id != record.goal_id]
            self.app.push_screen(screens.PickScreen("Move objective under which goal?", goals),
                                 lambda goal_id: self._move(record, goal_id=goal_id))
        elif isinstance(record, Action):
            targets = [(f"{o.title}", ("objective", o.id)) for o in self.repo.all(Objective)]
            targets.append(("(no objective: just doing)", ("objective", None)))
            self.app.push_screen(screens.PickScreen("Tie this action to which objective?", targets),
                                 lambda choice: self._move(record, **{"objective_id": choice[1]}) if choice else None)
        elif isinstance(record, Goal):
            cats = [(c.label, c.value) for c in Category if c != record.category]
            self.app.push_screen(screens.PickScreen("Move goal to which category?", cats),
                                 lambda cat: self._move(record, category=cat))
        else:
            self.notify("m moves a goal, an objective or an action under another parent.", timeout=3)

    def _move(self, record: Goal | Objective | Action, **changes: object) -> None:
        if any(v is None for k, v in changes.items() if k != "objective_id") or not changes:
            return
        moved = self.sp.apply(lambda: self.repo.update(record, **changes), "Moved.")
        self._after_save(moved)

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
            self.sp.apply(lambda: self.repo.update(record, **{field: text}), "Notes saved.")


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

