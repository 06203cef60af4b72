"""Provides the open actions as an iCalendar file: one all-day entry on each due day, with a UID that stays the same."""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from salesplan_tui.core.base.visible import one_line
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Account, Action, Deal, Objective, Workspace

PRODID = "-//salesplan//salesplan actions//EN"
UID_DOMAIN = "salesplan.invalid"  # a domain that is nobody's: the UID is ours, and no server is implied


def workspace_identity(workspace: Workspace) -> str:
    """A short name for the workspace that never changes (it is drawn from when the workspace was created, which an
    export and import keep), so that two workspaces' calendars never share a UID."""
    return hashlib.sha256(workspace.created_at.isoformat().encode()).hexdigest()[:12]


def action_uid(action: Action, workspace: Workspace) -> str:
    """The entry's UID: the same action in the same workspace always gets the same one, so a calendar that imports
    the file again updates the entry instead of adding a second."""
    return f"action-{action.id}-{workspace_identity(workspace)}@{UID_DOMAIN}"


def actions_ics(view: WorkspaceView, workspace: Workspace, now: dt.datetime) -> bytes:
    """Every open, unarchived action as an all-day VEVENT on its due day (DTSTART;VALUE=DATE, DTEND the day after).

    Args:
        view: the workspace's records.
        workspace: its facts (name, and the creation time the UIDs are drawn from).
        now: the export's time (DTSTAMP); SEQUENCE counts the action's reschedules, so a moved entry replaces the old.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(f"{workspace.name}: actions"))
    for action in view.all(Action):
        if not action.is_open:
            continue
        event = Event()
        event.add("uid", action_uid(action, workspace))
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", action.due)
        event.add("dtend", action.due + dt.timedelta(days=1))
        event.add("sequence", len(action.slips))
        event.add("summary", one_line(f"{action.outcome} ({action.target})"))
        event.add("description", _description(view, action))
        event.add("transp", "TRANSPARENT")  # a reminder of a commitment, not time blocked out
        calendar.add_component(event)
    return calendar.to_ical()


def _description(view: WorkspaceView, action: Action) -> str:
    lines = [f"Who: {action.owner}", f"Aimed at: {action.target}", f"Result: {action.outcome}",
             f"Due: {action.due.isoformat()}"]
    deal = view.get(Deal, action.deal_id)
    if deal is not None:
        account = view.get(Account, deal.account_id)
        lines.append(f"Deal: {deal.title}" + (f" ({account.name})" if account else ""))
    objective = view.get(Objective, action.objective_id)
    if objective is not None:
        lines.append(f"Objective: {objective.title}")
    if action.captured_from:
        lines.append(f"Said: {action.captured_from}")
    return "\n".join(one_line(line) for line in lines)
