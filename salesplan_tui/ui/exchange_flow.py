"""Provides the palette's import and export: a CRM export read as a dry run first, and the plan written as a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.ui import screens
from salesplan_tui.ui.import_flow import start
from salesplan_tui.ui.seat import which_file, written_where

if TYPE_CHECKING:
    from salesplan_tui.ui.host import Host

EXTENSIONS = {"md": "md", "csv": "csv", "ics": "ics", "json": "json"}


def import_crm(app: Host) -> None:
    """Asks for a CRM export, shows what it would do (the dry run), and imports it, all or nothing, on a yes."""
    def readable(text: str) -> str | None:
        path = Path(text).expanduser()
        return None if path.is_file() else f"{text} is not a file that can be read."

    app.push_screen(screens.ReasonScreen("Import deals from CSV", "Which file? (a Salesforce, HubSpot or "
                                         "Pipedrive deal export, or any spreadsheet of deals)",
                                         placeholder="~/Downloads/deals.csv", check=readable),
                    lambda text: start(app, Path(text).expanduser()) if text else None)


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
