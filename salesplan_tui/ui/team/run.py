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
from salesplan_tui.core.team.rollup import roll_up

if TYPE_CHECKING:
    from salesplan_tui.core.storage import Repository


@contextmanager
def opened_read_only(path: Path) -> Iterator[Repository]:
    """A rep's file as a read-only workspace: a workspace file opened without its lock (nothing is written to it);
    an export is first made a workspace in a private temporary folder, removed afterwards."""
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.core.team.reading import read_rep

    view, kind = read_rep(path)
    if kind == "workspace":
        with Repository(path, read_only=True, role="app") as repo:
            yield repo
        return
    folder = Path(tempfile.mkdtemp(prefix="salesplan-team-"))
    try:
        copy = folder / path.name
        with Repository(copy, keep_backups=0) as writer:
            writer.replace_all(view.contents)
        with Repository(copy, read_only=True, role="app") as repo:
            yield repo
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_team(paths: Sequence[Path], today: dt.date) -> int:
    """The Team view until the manager leaves it; enter on a rep opens their workspace read-only, escape there comes
    back. Returns the exit code: 0 when every file was read."""
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
        try:
            with opened_read_only(Path(chosen)) as repo:
                rep = RepApp(repo, clock=Clock.on(today) if today != dt.date.today() else None)
                rep.run()
        except (ValueError, SalesplanError) as e:  # changed, damaged or removed since the roll-up read it
            state.notice = f"{chosen}: {e}"
            continue
        if not rep.back_to_team:
            return 0 if complete else 2
