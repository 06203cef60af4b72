"""Provides the palette's CRM import: the file read once, what its CRM does not say mapped, a dry run, then one change.

The same choices as `salesplan import`: --map and --map-stage on the mapping screen, --objective, --unsure and
--reopen from the dry run; those that describe the CRM's export (its columns, its stages, the objective its deals
serve) are remembered per CRM once an import is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesplan_tui.ui import screens

if TYPE_CHECKING:
    from salesplan_tui.core.exchange.crm.importing import ImportPlan
    from salesplan_tui.core.exchange.crm.mapping import MappingNeeds
    from salesplan_tui.ui.host import Host

PREVIEW_ROWS = 12  # rows listed in the dry run; the rest are counted
NO_OBJECTIVE = 0  # the pick for "no objective" (record ids start at 1; a cancelled pick is None)


@dataclass(frozen=True)
class Reading:
    """One file being imported and how it is to be read; None maps are the ones remembered for its CRM."""

    path: Path
    raw: bytes
    column_map: dict[str, str] | None = None
    stage_map: dict[str, str] | None = None
    objective_id: int | None = None
    unsure: str | None = None
    reopen: bool = False
    remembered: bool = field(default=False)  # the CRM's remembered choices are in already

    @property
    def rule(self) -> dict[str, Any]:
        return {"objective_id": self.objective_id, "unsure": self.unsure, "reopen": self.reopen}


def start(app: Host, path: Path) -> None:
    """Reads the file once (within the import's limit), then plans it with the choices remembered for its CRM."""
    from salesplan_tui.core.exchange.crm.source import LIMIT
    from salesplan_tui.core.storage.atomic import open_regular

    try:
        with open_regular(path)[0] as stream:  # one byte past the limit lets the import say it is past it
            raw = stream.read(LIMIT + 1)
    except (OSError, ValueError) as e:
        app.notify(f"{path} cannot be read: {getattr(e, 'strerror', None) or e}", severity="error", markup=False)
        return
    plan_it(app, Reading(path, raw))


def plan_it(app: Host, reading: Reading) -> None:
    """Asks for what the file still needs mapped, if anything, then shows the dry run."""
    from salesplan_tui.core.exchange.crm.importing import plan_import
    from salesplan_tui.ui.deal_tidy import rates_of

    reading, need = _with_remembered(app, reading)
    if need is not None and not need.complete:
        _map(app, reading, need)
        return
    plan = plan_import(app.repo, reading.raw, app.clock, column_map=reading.column_map, stage_map=reading.stage_map,
                       rates=rates_of(app), **reading.rule)
    if not plan.errors and plan.change is None:
        app.notify(plan.outcome(dry_run=False), markup=False)
        return
    unsure_only = bool(plan.unsure) and reading.unsure is None and len(plan.errors) == len(plan.unsure)
    closed = len(plan.reopened if reading.reopen else plan.reopenable)
    app.push_screen(screens.ImportPreviewScreen("Import deals from CSV", *_said(app, reading, plan),
                                                importable=plan.change is not None, unsure=unsure_only,
                                                closed=closed, reopening=reading.reopen),
                    lambda answer: _answered(app, reading, need, plan, answer))


def _with_remembered(app: Host, reading: Reading) -> tuple[Reading, MappingNeeds | None]:
    from salesplan_tui.core.exchange.crm.mapping import needs, usable
    from salesplan_tui.core.exchange.crm.values import BadValue
    from salesplan_tui.core.model.records import Objective
    from salesplan_tui.core.settings.crm_mappings import recall

    try:
        need = needs(app.repo, reading.raw, column_map=reading.column_map, stage_map=reading.stage_map)
        if not reading.remembered:
            kept = recall(need.crm)
            columns, stages = usable(app.repo, need.header, kept.columns, kept.stages)
            objective = app.repo.get(Objective, kept.objective_id)
            reading = replace(reading, column_map=columns, stage_map=stages, remembered=True,
                              objective_id=objective.id if objective and not objective.archived else None)
            need = needs(app.repo, reading.raw, column_map=reading.column_map, stage_map=reading.stage_map)
    except (BadValue, ValueError):
        # The file does not read, or a map does not fit it: the dry run says why in its own words.
        return replace(reading, remembered=True), None
    return reading, need


def _said(app: Host, reading: Reading, plan: ImportPlan) -> tuple[list[str], list[str]]:
    """The dry run's summary (what it would do, how the file was read) and its lines (each row, each next step)."""
    from salesplan_tui.core.model.records import Objective

    name = reading.path.name
    objective = app.repo.get(Objective, reading.objective_id)
    if plan.errors:
        summary = [f"{name} read as a {plan.crm} export. Nothing was imported: every row must be right first."]
        if plan.unsure:
            summary.append(f"{len(plan.unsure)} of them may be a deal here: s takes the closest deal, c imports "
                           "them as new deals (or merge the deals here first).")
        return summary, [*plan.errors[:PREVIEW_ROWS], *(["…"] if len(plan.errors) > PREVIEW_ROWS else [])]
    summary = [f"{name} read as a {plan.crm} export: {plan.summary()}.", *map(_in_app_words, plan.notes),
               *_reopening(app, reading, plan),
               f"Its deals serve {objective.title} (o changes it)." if objective else
               "Its deals are tied to no objective (o ties them to one, so winning them moves it)."]
    lines = [r.line for r in plan.rows[:PREVIEW_ROWS]]
    if len(plan.rows) > PREVIEW_ROWS:
        lines.append(f"… and {len(plan.rows) - PREVIEW_ROWS} more rows")
    if plan.steps:  # each next step the file gives: planned, or kept as a note the board flags
        lines += ["", "Next steps:", *plan.steps[:PREVIEW_ROWS],
                  *([f"… and {len(plan.steps) - PREVIEW_ROWS} more"] if len(plan.steps) > PREVIEW_ROWS else [])]
    return summary, lines


def _in_app_words(note: str) -> str:
    """A note of the import as the dry run says it: the app's key for what the command line's --reopen does."""
    return note.replace("reopen it in salesplan, or import with --reopen", "r reopens it")


def _reopening(app: Host, reading: Reading, plan: ImportPlan) -> list[str]:
    """Which deals closed here the import reopens, when r asked for it."""
    from salesplan_tui.core.model.records import Deal

    if reading.reopen and plan.reopened:
        deals = [d for d in (app.repo.get(Deal, i) for i in plan.reopened) if d is not None]
        named = "; ".join(f"deal {d.id} {d.title} ({d.stage})" for d in deals)
        return [f"Reopens {_deals(len(deals))} closed here, to the stage the file gives: {named}. r keeps {'it' if len(deals) == 1 else 'them'} closed."]
    if reading.reopen:
        return ["No deal closed here is open in the file: nothing is reopened."]
    return []  # each deal kept closed has its own note, saying r reopens it


def _deals(count: int) -> str:
    return "the deal" if count == 1 else f"the {count} deals"


def _answered(app: Host, reading: Reading, need: MappingNeeds | None, plan: ImportPlan, answer: str | None) -> None:
    if answer == "map" and need is not None:
        _map(app, reading, need)
    elif answer in ("same", "new"):
        plan_it(app, replace(reading, unsure=answer))
    elif answer == "reopen":
        plan_it(app, replace(reading, reopen=not reading.reopen))
    elif answer == "objective":
        _choose_objective(app, reading)
    elif answer == "import" and plan.change is not None and app.apply(plan.change) is not None:
        from salesplan_tui.core.settings.crm_mappings import CrmMapping, remember

        kept = CrmMapping(reading.column_map or {}, reading.stage_map or {}, reading.objective_id)
        problem = remember(plan.crm, kept)  # the next export from this CRM reads the same way
        if problem:
            app.notify(problem, severity="warning", markup=False)


def _map(app: Host, reading: Reading, need: MappingNeeds) -> None:
    """The mapping screen; the file is planned again with what is chosen there."""
    stages = [s.name for s in app.repo.process.stages]

    def mapped(maps: tuple[dict[str, str], dict[str, str]] | None) -> None:
        if maps:
            plan_it(app, replace(reading, column_map=maps[0], stage_map=maps[1]))

    app.push_screen(screens.ImportMappingScreen(reading.path.name, need, stages, reading.stage_map or {}), mapped)


def _choose_objective(app: Host, reading: Reading) -> None:
    """The objective the file's deals serve (each new deal, and each matched one tied to none), or none."""
    from salesplan_tui.core.model.records import Objective

    choices = [("None: tie the deals to no objective", NO_OBJECTIVE)]
    choices += [(o.title, o.id) for o in app.repo.all(Objective)]

    def chosen(objective_id: int | None) -> None:
        if objective_id is None:  # cancelled: back to the dry run as it was
            plan_it(app, reading)
        else:
            plan_it(app, replace(reading, objective_id=None if objective_id == NO_OBJECTIVE else objective_id))

    app.push_screen(screens.PickScreen("The objective the file's deals serve", choices), chosen)
