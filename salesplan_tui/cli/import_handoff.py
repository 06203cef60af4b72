"""Provides `salesplan import` while the app holds the workspace: the import checked, then left in the app's inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salesplan_tui.cli.common import UserError, open_workspace, say

APP_WAIT = 1.0  # seconds to wait for the writer before asking who it is (as `salesplan add` does)


def hand_to_app(path: Path, file: Path, crm: str | None, column_map: dict[str, str], stage_map: dict[str, str], *,
                decimal: str | None, rule: dict[str, Any]) -> bool:
    """When an app is the workspace's writer: the CSV is read against the workspace as the app last saved it (every
    row must read, as for any import), then left in the inbox, where the app imports it within a second as one
    change; says so and returns True. Returns False, having written nothing, when no app holds the file (the caller
    imports it itself, waiting for a command that is writing)."""
    from salesplan_tui.cli.workspace import user_rates
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.capture.import_inbox import leave_import
    from salesplan_tui.core.exchange.crm.importing import plan_import
    from salesplan_tui.core.exchange.crm.source import LIMIT
    from salesplan_tui.core.storage.atomic import read_regular
    from salesplan_tui.core.storage.errors import StorageError
    from salesplan_tui.core.storage.lock import holder
    from salesplan_tui.core.storage.repository import LOCKED_REASON

    if not path.exists():
        return False
    repo = open_workspace(path, wait=APP_WAIT)
    try:
        if not (repo.read_only and repo.read_only_reason == LOCKED_REASON):
            return False
        who = holder(path)
        if who is None or who[0] != "app":
            say("salesplan: another salesplan command is writing this workspace: waiting for it to finish", err=True)
            return False
        try:
            raw = read_regular(file, LIMIT)
        except OSError as e:
            raise UserError(f"{file} cannot be imported: {e.strerror}. Nothing was written.") from None
        except ValueError as e:
            raise UserError(f"{e}. Nothing was written.") from None
        plan = plan_import(repo, raw, Clock(), crm=crm, column_map=column_map, stage_map=stage_map, decimal=decimal,
                           rates=user_rates(), **rule)
    finally:
        repo.close()
    for problem in (*plan.notes, *(plan.steps if not plan.errors else ()), *plan.errors[:-1]):
        say(f"salesplan: {file}: {problem}", err=True)
    if plan.errors:
        many = f" ({len(plan.errors)} problems)" if len(plan.errors) > 1 else ""
        raise UserError(f"{file}: {plan.errors[-1]}. Nothing was imported{many}.")
    for row in plan.rows:
        say(row.line)
    if plan.change is None:
        say(plan.outcome(dry_run=False))
        return True
    try:
        leave_import(path, raw, source=file.name, crm=crm, column_map=column_map, stage_map=stage_map,
                     decimal=decimal, rule=rule)
    except StorageError as e:
        raise UserError(f"{e}. Nothing was written.") from None
    say(f"salesplan is open on this workspace: the import ({plan.summary()}) is in its inbox, and the app imports "
        "it within a second, as one step its ctrl+z takes back. Nothing is lost.")
    return True
