"""Provides running the Team view in a terminal: the roll-up, and each rep opened read-only from it, in turn."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import SalesplanError
from salesplan_tui.core.team.figures import RepFigures
from salesplan_tui.core.team.rollup import roll_up

if TYPE_CHECKING:
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.core.storage.schema import Contents


@contextmanager
def opened_read_only(rep: RepFigures | Path) -> Iterator[Repository]:
    """A rep's workspace (a workspace file, an export, or a workspace on a server) as the manager's private read-only
    copy, in a temporary folder removed afterwards: nothing is written to the rep's file or server, and every "me"
    in it is said as the rep's name. Raises ValueError or SalesplanError saying why it cannot be opened."""
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.core.team.as_manager import named_for_manager

    rep = rep if isinstance(rep, RepFigures) else RepFigures(rep)
    contents, who = _read(rep)
    folder = Path(tempfile.mkdtemp(prefix="salesplan-team-"))
    try:
        copy = folder / "workspace.json"
        with Repository(copy, keep_backups=0, role="app") as repo:
            repo.replace_all(named_for_manager(contents, who))
            # Read-only from here on (a reason makes a Repository so): opening the copy again would read it all again.
            repo.read_only_reason = f"{who}'s plan, opened from the Team view: nothing can be changed here"
            yield repo
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read(rep: RepFigures) -> tuple[Contents, str]:
    """The rep's workspace read again (it may have changed since the roll-up), and the name "me" stands for."""
    if rep.source:
        from salesplan_tui.core.storage.server_team import read_team

        found = read_team(rep.source)
        if len(found) != 1 or isinstance(found[0][1], str):
            raise ValueError(found[0][1] if found and isinstance(found[0][1], str) else "it is no longer on the server")
        contents = found[0][1]
    else:
        from salesplan_tui.core.team.reading import read_rep

        contents = read_rep(rep.path)[0].contents
    workspace = contents.workspace
    return contents, workspace.seller or workspace.name or rep.path.stem


def run_team(paths: Sequence[Path | str], today: dt.date) -> int:
    """The Team view until the manager leaves it; enter on a rep (a file's or a server's) opens their workspace
    read-only, escape there comes back. Returns the exit code: 0 when every file was read. A `postgresql://` address
    is given as a string (a Path would fold its "//")."""
    from salesplan_tui.ui.team.rep_app import RepApp
    from salesplan_tui.ui.team.team_app import TeamApp

    state = None
    complete = True
    while True:
        team = TeamApp(lambda: roll_up(paths, today), state)
        chosen = team.run()
        state = team.state
        complete = team.rollup.complete if team.rollup is not None else complete
        if chosen is None:
            return 0 if complete else 2
        rep = next((r for r in team.rollup.reps if str(r.path) == chosen), None) if team.rollup else None
        try:
            with opened_read_only(rep or Path(chosen)) as repo:
                window = RepApp(repo, clock=Clock.on(today) if today != dt.date.today() else None)
                window.run()
        except (ValueError, SalesplanError) as e:  # changed, damaged or removed since the roll-up read it
            state.notice = f"{chosen}: {e}"
            continue
        if not window.back_to_team:
            return 0 if complete else 2
