"""Provides the import's mapping screen: how each column of a CRM export is read, and a stage of ours for each unknown one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static

from salesplan_tui.core.exchange.crm.formats import FIELDS, IGNORE, REQUIRED
from salesplan_tui.core.exchange.crm.mapping import MappingNeeds
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import assemble, shown

# The deal fields as a seller names them (the CLI's --map takes the field names themselves).
FIELD_LABELS = {"title": "deal name", "account": "account", "value": "amount", "currency": "currency code",
                "stage": "stage", "expected_close": "close date", "probability": "probability",
                "next_step": "next step", "contact": "contact", "crm_id": "CRM record id",
                "status": "status (open, won, lost)", "lost_reason": "lost reason"}
COLUMNS_SHOWN = 200  # columns listed; a wider sheet is not a deal export

Maps = tuple[dict[str, str], dict[str, str]]  # column name → field, their stage → ours


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " "))


class ImportMappingScreen(ModalScreen["Maps | None"]):
    """Every column with the field it is read as (or not read), and each stage the process does not know with a
    stage of ours to put its deals in; ctrl+s reads the file again with these choices."""

    scope = "mapping"
    BINDINGS = bindings("mapping")

    def __init__(self, file_name: str, need: MappingNeeds, stages: list[str], stage_map: dict[str, str]) -> None:
        super().__init__()
        self.file_name = file_name
        self.need = need
        self.stages = stages
        self.stage_map = dict(stage_map)
        self.columns = [h for h in need.header if h.strip()][:COLUMNS_SHOWN]

    def compose(self) -> ComposeResult:
        need = self.need
        with VerticalScroll(classes="dialog form", id="import-mapping"):
            yield Static(shown(f"How to read {self.file_name} ({need.crm} export)"), classes="dialog-title")
            if need.missing:
                yield Static(shown("No column holds the deal's " + ", ".join(label(f) for f in need.missing)
                                   + ": choose the column for each below."), classes="warning")
            yield Static(assemble(("Columns", "bold"), ("  each read as one deal field, or not read", "dim")),
                         classes="section")
            choices = [(Content("not read"), IGNORE), *[(Content(label(f) + (" *" if f in REQUIRED else "")), f)
                                                        for f in FIELDS]]
            for n, column in enumerate(self.columns):
                yield Horizontal(Label(shown(column), classes="field-label"),
                                 Select(choices, id=f"column-{n}", allow_blank=False, compact=True,
                                        value=need.read_as.get(column, IGNORE)), classes="field-row")
            if need.unknown_stages:
                yield Static(assemble(("Stages", "bold"), ("  the file's stages your sales process does not have",
                                                           "dim")), classes="section")
                ours = [(shown(s), s) for s in self.stages]
                for n, stage in enumerate(need.unknown_stages):
                    yield Horizontal(Label(shown(stage), classes="field-label"),
                                     Select(ours, id=f"stage-{n}", prompt="put its deals at…", compact=True),
                                     classes="field-row")
            yield Static(id="mapping-error", classes="error")
            yield Static(Content("ctrl+s reads the file with these (remembered for this CRM) · escape cancels"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        first = "#stage-0" if self.need.unknown_stages and not self.need.missing else "#column-0"
        found = self.query(first)
        if found:
            found.first().focus()

    def chosen(self) -> tuple[Maps, list[str]]:
        """The maps as chosen, and what is wrong with them (a field given two columns, a stage left unchosen)."""
        columns: dict[str, str] = {}
        problems: list[str] = []
        by_field: dict[str, str] = {}
        for n, column in enumerate(self.columns):
            field = str(self.query_one(f"#column-{n}", Select).value)
            columns[column] = field
            if field != IGNORE and field in by_field:
                problems.append(f"{label(field)} is read from two columns ({by_field[field]} and {column}): "
                                "choose one")
            by_field.setdefault(field, column)
        missing = [label(f) for f in REQUIRED if f not in by_field]
        if missing:
            problems.append("choose a column for the deal's " + ", ".join(missing))
        stages = dict(self.stage_map)
        for n, stage in enumerate(self.need.unknown_stages):
            value = self.query_one(f"#stage-{n}", Select).value
            if value is Select.NULL:
                problems.append(f"choose a stage for the deals at {stage!r}")
            else:
                stages[stage] = str(value)
        return (columns, stages), problems

    def action_save(self) -> None:
        maps, problems = self.chosen()
        error = self.query_one("#mapping-error", Static)
        if problems:
            error.update(shown("\n".join(p[:1].upper() + p[1:] + "." for p in problems), multiline=True))
            error.add_class("shown")
            return
        self.dismiss(maps)

    def action_cancel(self) -> None:
        self.dismiss(None)
