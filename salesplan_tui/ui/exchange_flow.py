"""Provides the palette's import and export: a CRM export read as a dry run first, and the plan written as a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.ui import screens
from salesplan_tui.ui.seat import which_file, written_where

if TYPE_CHECKING:
    from salesplan_tui.core.exchange.crm.mapping import MappingNeeds
    from salesplan_tui.ui.host import Host

PREVIEW_ROWS = 12  # rows listed in the dry run; the rest are counted
EXTENSIONS = {"md": "md", "csv": "csv", "ics": "ics", "json": "json"}


def import_crm(app: Host) -> None:
    """Asks for a CRM export, shows what it would do (the dry run), and imports it, all or nothing, on a yes."""
    def readable(text: str) -> str | None:
        path = Path(text).expanduser()
        return None if path.is_file() else f"{text} is not a file that can be read."

    app.push_screen(screens.ReasonScreen("Import deals from CSV", "Which file? (a Salesforce, HubSpot or "
                                         "Pipedrive deal export, or any spreadsheet of deals)",
                                         placeholder="~/Downloads/deals.csv", check=readable),
                    lambda text: _dry_run(app, Path(text).expanduser()) if text else None)


def _dry_run(app: Host, path: Path) -> None:
    """Reads the file once, then plans it with the choices remembered for its CRM."""
    from salesplan_tui.core.exchange.crm.source import LIMIT
    from salesplan_tui.core.storage.atomic import open_regular

    try:
        with open_regular(path)[0] as stream:  # within the import's own limit (one byte more says it is past it)
            raw = stream.read(LIMIT + 1)
    except (OSError, ValueError) as e:
        app.notify(f"{path} cannot be read: {getattr(e, 'strerror', None) or e}", severity="error", markup=False)
        return
    _plan(app, path, raw, None, None)


def _plan(app: Host, path: Path, raw: bytes, column_map: dict[str, str] | None,
          stage_map: dict[str, str] | None) -> None:
    """Asks for what the file needs mapped, if anything, then shows the dry run; imports on a yes. Maps of None are
    the ones remembered for the file's CRM."""
    from salesplan_tui.core.exchange.crm.importing import plan_import
    from salesplan_tui.core.exchange.crm.mapping import needs, usable
    from salesplan_tui.core.exchange.crm.values import BadValue
    from salesplan_tui.core.settings.crm_mappings import recall
    from salesplan_tui.ui.deal_tidy import rates_of

    need = None
    try:
        need = needs(app.repo, raw)
        if column_map is None or stage_map is None:
            kept = recall(need.crm)
            column_map, stage_map = usable(app.repo, need.header, kept.columns, kept.stages)
        need = needs(app.repo, raw, column_map=column_map, stage_map=stage_map)
    except (BadValue, ValueError):
        pass  # the file does not read, or a map does not fit it: the dry run below says why in its own words
    column_map, stage_map = column_map or {}, stage_map or {}
    if need is not None and not need.complete:
        _map(app, path, raw, need, stage_map)
        return
    plan = plan_import(app.repo, raw, app.clock, column_map=column_map, stage_map=stage_map, rates=rates_of(app))
    lines = [r.line for r in plan.rows[:PREVIEW_ROWS]]
    if len(plan.rows) > PREVIEW_ROWS:
        lines.append(f"… and {len(plan.rows) - PREVIEW_ROWS} more rows")
    summary = [f"{path.name} read as a {plan.crm} export: {plan.summary()}.", *plan.notes]
    if plan.steps:  # each next step the file gives: planned, or kept as a note the board flags
        lines += ["", "Next steps:", *plan.steps[:PREVIEW_ROWS],
                  *([f"… and {len(plan.steps) - PREVIEW_ROWS} more"] if len(plan.steps) > PREVIEW_ROWS else [])]
    if plan.errors:
        summary = [f"{path.name} read as a {plan.crm} export. Nothing was imported: every row must be right first."]
        lines = [*plan.errors[:PREVIEW_ROWS], *(["…"] if len(plan.errors) > PREVIEW_ROWS else [])]
    elif plan.change is None:
        app.notify(plan.outcome(dry_run=False), markup=False)
        return
    change = plan.change

    def chosen(answer: str | None) -> None:
        from salesplan_tui.core.settings.crm_mappings import CrmMapping, remember

        if answer == "map" and need is not None:
            _map(app, path, raw, need, stage_map)
        elif answer == "import" and change is not None and app.apply(change) is not None:
            problem = remember(plan.crm, CrmMapping(column_map, stage_map))  # the next export reads the same way
            if problem:
                app.notify(problem, severity="warning", markup=False)

    app.push_screen(screens.ImportPreviewScreen("Import deals from CSV", summary, lines,
                                                importable=change is not None), chosen)


def _map(app: Host, path: Path, raw: bytes, need: MappingNeeds, stage_map: dict[str, str]) -> None:
    """The mapping screen; the file is planned again with what is chosen there."""
    stages = [s.name for s in app.repo.process.stages]
    app.push_screen(screens.ImportMappingScreen(path.name, need, stages, stage_map),
                    lambda maps: _plan(app, path, raw, *maps) if maps else None)


def export(app: Host, fmt: str, what: str | None) -> None:
    """Asks where (a file beside the workspace by default), then writes the plan, actions or deals there."""
    folder = app.repo.path.parent / "exports"
    suggested = folder / f"{what or 'plan'}-{app.today.isoformat()}.{EXTENSIONS[fmt]}"
    app.push_screen(screens.ReasonScreen(f"Export {what or 'the plan'} as {fmt}", which_file(app),
                                         value=str(suggested)),
                    lambda text: _write(app, fmt, what, Path(text).expanduser()) if text else None)


def _write(app: Host, fmt: str, what: str | None, target: Path, force: bool = False) -> None:
    from salesplan_tui.core.base.errors import SalesplanError
    from salesplan_tui.core.exchange.file_formats import export_bytes
    from salesplan_tui.core.exchange.targets import destination, write_out

    if target.exists() and not target.is_file() and not target.is_dir():
        app.notify(f"{target} is a device or a pipe; the app writes exports only to files.", severity="warning",
                   markup=False)
        return
    try:
        where = destination(target, app.repo.path, force)  # first: it names a file in the way of the folders
        target.parent.mkdir(parents=True, exist_ok=True)
    except SalesplanError as e:
        if not force and "already exists" in str(e):
            app.push_screen(screens.ConfirmScreen("Replace the file?", [f"{target} already exists."], "Replace it?"),
                            lambda yes: _write(app, fmt, what, target, force=True) if yes else None)
        else:
            app.notify(str(e), severity="error", markup=False)
        return
    except OSError as e:
        app.notify(f"cannot write {target}: {e.strerror}", severity="error", markup=False)
        return
    try:
        write_out(where, export_bytes(app.repo, fmt, what, clock=app.clock), str(target))
    except SalesplanError as e:
        app.notify(str(e), severity="error", markup=False)
        return
    app.notify(f"Wrote {target}{written_where(app)}", markup=False, timeout=6)
