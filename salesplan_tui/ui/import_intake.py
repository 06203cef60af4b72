"""Provides the app's intake of CRM imports that `salesplan import` left in the inbox while this window held the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesplan_tui.ui.host import Host


def take_in_imports(host: Host) -> None:
    """Each waiting import planned again on the workspace as it is now and applied as one change (one undo step),
    then removed; one that no longer imports (a row refused) is set aside beside it and said. An import applied and
    not yet removed when the app was killed is applied again: a re-import changes nothing."""
    from salesplan_tui.core.base.errors import SalesplanError
    from salesplan_tui.core.capture import import_inbox

    try:
        files = import_inbox.waiting_imports(host.repo.path)
    except SalesplanError:
        return  # an inbox not to be trusted: the actions' intake says so, once
    if not files:
        return
    # Only when there is one: the import reads amounts with Babel, which the app need not load.
    from salesplan_tui.core.exchange.crm.importing import plan_import
    from salesplan_tui.ui.deal_tidy import rates_of

    for file in files:
        try:
            entry = import_inbox.read_import(file)
        except ValueError as e:
            aside = import_inbox.set_aside(file)
            host.notify(f"An import left by `salesplan import` could not be read ({e}); it is kept as {aside}.",
                        severity="warning", markup=False, timeout=10)
            continue
        plan = plan_import(host.repo, entry.raw, host.clock, crm=entry.crm, column_map=entry.column_map,
                           stage_map=entry.stage_map, decimal=entry.decimal, rates=rates_of(host), **entry.rule)
        refused = list(plan.errors)
        if not refused and plan.change is not None:
            saved = host.apply(plan.change, on_refused=lambda e: refused.append(str(e)))  # noqa: B023 (called here)
            if saved is None and not refused:
                return  # the write failed (said already): the import waits for the next second
        if refused:
            aside = import_inbox.set_aside(file)
            host.notify(f"{entry.source} (from `salesplan import`) was not imported: {refused[0]}; nothing was "
                        f"written, and it is kept as {aside}.", severity="warning", markup=False, timeout=10)
            continue
        import_inbox.taken(file)
        said = plan.summary(done=True) if plan.change is not None else "nothing to change"
        host.notify(f"Imported {entry.source} from `salesplan import`: {said}.", markup=False, timeout=8)
