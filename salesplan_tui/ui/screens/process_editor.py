"""Provides the sales-process editor: stages in order, with probabilities, rotting limits, exit criteria, playbooks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Select, Static, TextArea

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Changed
from salesplan_tui.core.model.records import Deal, Kind, Stage
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.screens.dialogs import ConfirmScreen
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.text import assemble, plain, plural
from salesplan_tui.ui.widgets.text_block import TextBlock
from salesplan_tui.ui.widgets.text_box import TextBox


class StageForm(FormScreen[Stage]):
    """Edits one stage; the result is handed back to the editor, which stores the whole process."""

    def __init__(self, stage: Stage | None, taken: set[str]) -> None:
        super().__init__()
        self.stage = stage
        self.taken = taken
        self.heading = f"Stage · {stage.name}" if stage else "New stage"

    def fields(self) -> ComposeResult:
        s = self.stage
        yield self.field("name", "Name", TextBox(s.name if s else "", id="name"))
        yield self.field("probability", "Win probability (%)",
                         TextBox(f"{s.probability * 100:g}" if s else "", id="probability"))
        yield self.field("rot_days", "Stale after (days without movement)",
                         TextBox(str(s.rot_days) if s else "14", id="rot_days"))
        yield self.field("kind", "Kind", Select([("Open", "open"), ("Won", "won"), ("Lost", "lost")], id="kind",
                                                value=s.kind.value if s else "open", allow_blank=False))
        yield self.field("exit_criteria", "Exit criteria (one per line)",
                         TextBlock("\n".join(s.exit_criteria) if s else "", id="exit_criteria", classes="short-area"))
        yield self.field("playbook", "Playbook: typical next steps (one per line)",
                         TextBlock("\n".join(s.playbook) if s else "", id="playbook", classes="short-area"))

    def read_stage(self) -> Stage:
        errors: dict[str, str] = {}
        name = self.text("name")
        probability = self.number("probability", errors)
        rot = self.number("rot_days", errors)
        if not name:
            errors["name"] = "Name the stage."
        elif name.casefold() in self.taken:
            errors["name"] = f"There is already a stage called {name!r}."
        if probability is not None and not 0 <= probability <= 100:
            errors["probability"] = "Between 0 and 100."
        if rot is not None and not 1 <= rot <= 3650:
            errors["rot_days"] = "Between 1 and 3650 days."
        if errors:
            raise ValidationFailed(errors)
        def lines(wid: str) -> list[str]:
            return [line.strip() for line in self.query_one(f"#{wid}", TextArea).text.splitlines() if line.strip()]

        return Stage(name=name, probability=(probability or 0) / 100, rot_days=int(rot or 14),
                     kind=self.choice("kind"), exit_criteria=lines("exit_criteria"), playbook=lines("playbook"))

    def action_save(self) -> None:
        # The editor stores the process; this form only checks and returns the stage.
        try:
            stage = self.read_stage()
        except ValidationFailed as e:
            self.show_errors(e.errors)
            return
        self.dismiss(stage)


class ProcessEditor(WorkspaceAccess, ModalScreen[None]):
    """The workspace's sales process; every change is saved at once and can be undone with ctrl+z."""

    scope = "process"
    BINDINGS = bindings("process")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content("Sales process: the map of what wins"), classes="dialog-title")
            yield DataTable(id="stages", cursor_type="row")
            yield Static(id="stage-detail")
            yield Static(Content("a add · e edit · d remove · K/J move up/down · escape close"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Stage", "Win %", "Stale after", "Kind", "Deals")
        self.redraw()
        table.focus()
        self.sp.workspace_changed.subscribe(self, self._changed, immediate=True)

    def _changed(self, changed: Changed) -> None:
        if changed.touches(Kind.PROCESS, Kind.DEAL):
            self.redraw(self._row)

    def _deals_in(self, name: str) -> int:
        return sum(1 for d in self.sp.repo.all(Deal, archived=True) if d.stage == name)

    def redraw(self, row: int | None = None) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row if row is None else row
        table.clear()
        for i, s in enumerate(self.sp.repo.process.stages, 1):
            table.add_row(str(i), plain(s.name), f"{s.probability:.0%}", f"{s.rot_days} d", s.kind.value,
                          str(self._deals_in(s.name)))
        table.move_cursor(row=max(0, min(keep, table.row_count - 1)))
        self._detail()

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def on_data_table_row_selected(self) -> None:
        # The table takes enter for itself; selecting a row edits it.
        self.action_edit()

    def _detail(self) -> None:
        stage = self._stage()
        if stage is None:
            return
        parts: list = [("Exit criteria\n", "bold")]
        parts += [f"  ✓ {c}\n" for c in stage.exit_criteria] or [("  none\n", "dim")]
        parts += [("Playbook\n", "bold")]
        parts += [f"  • {p}\n" for p in stage.playbook] or [("  none\n", "dim")]
        self.query_one("#stage-detail", Static).update(assemble(*parts))

    def _stage(self) -> Stage | None:
        stages = self.sp.repo.process.stages
        row = self.query_one(DataTable).cursor_row
        return stages[row] if 0 <= row < len(stages) else None

    _row: int | None = None

    def _store(self, stages: list[Stage], row: int, renamed: tuple[str, str] | None = None) -> None:
        """Saves the process through the app (ctrl+z undoes it); the table follows the change event."""
        self._row = row
        from salesplan_tui.ui.deal_tidy import rates_of

        self.sp.apply(lambda: deal_ops.set_stages(self.sp.repo, stages, renamed=renamed, clock=self.sp.clock,
                                                  rates=rates_of(self.sp)))

    def action_add(self) -> None:
        if not self.writable():
            return
        taken = {s.name.casefold() for s in self.sp.repo.process.stages}
        row = self.query_one(DataTable).cursor_row

        def added(stage: Stage | None) -> None:
            if stage:
                stages = list(self.sp.repo.process.stages)
                stages.insert(row + 1, stage)
                self._store(stages, row + 1)

        self.app.push_screen(StageForm(None, taken), added)

    def action_edit(self) -> None:
        stage = self._stage()
        if stage is None or not self.writable():
            return
        taken = {s.name.casefold() for s in self.sp.repo.process.stages if s.name != stage.name}
        row = self.query_one(DataTable).cursor_row

        def edited(new: Stage | None) -> None:
            if new is not None:
                stages = [new if i == row else s for i, s in enumerate(self.sp.repo.process.stages)]
                self._store(stages, row, renamed=(stage.name, new.name))

        self.app.push_screen(StageForm(stage, taken), edited)

    def action_remove(self) -> None:
        stage = self._stage()
        if stage is None or not self.writable():
            return
        count = self._deals_in(stage.name)
        if count:
            self.notify(f"{plural(count, 'deal')} {'is' if count == 1 else 'are'} at {stage.name}: move "
                        f"{'it' if count == 1 else 'them'} to another stage first.", severity="warning", markup=False)
            return
        if len(self.sp.repo.process.stages) == 1:
            self.notify("A process needs at least one stage.", severity="warning")
            return
        row = self.query_one(DataTable).cursor_row
        self.app.push_screen(ConfirmScreen("Remove stage", [f"Remove {stage.name} from the sales process?"]),
                             lambda yes: self._store([s for s in self.sp.repo.process.stages if s.name != stage.name],
                                                     row) if yes else None)

    def action_shift(self, step: int) -> None:
        row = self.query_one(DataTable).cursor_row
        stages = list(self.sp.repo.process.stages)
        other = row + step
        if not 0 <= other < len(stages) or not self.writable():
            return
        stages[row], stages[other] = stages[other], stages[row]
        self._store(stages, other)
