"""Provides the plan as Markdown and the actions or deals as CSV, for a one-on-one document or a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

from salesplan_tui.core.base.money_text import figure_of, long_money
from salesplan_tui.core.base.visible import one_line
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Account, Action, ActionStatus, Category, Deal, Goal, Objective
from salesplan_tui.core.pipeline.deal_list import deal_lines
from salesplan_tui.core.pipeline.moves import ranked
from salesplan_tui.core.review.markdown import md_text

FORMULA_STARTS = ("=", "+", "-", "@")  # what a spreadsheet would run as a formula (tabs and newlines are gone)
# Look-alikes a spreadsheet may read as those: fullwidth and small forms fold to them (NFKC); minus signs do not.
MINUS_SIGNS = ("\u2212", "\u2012", "\u2013", "\u2014", "\u2010", "\u2011", "\u02d7", "\u2796", "\ufe58")
BOM = "\ufeff"  # so that Excel reads the file as UTF-8 (accents, names in any script)
ACTION_COLUMNS = ("id", "owner", "target", "outcome", "due", "status", "objective", "deal")
DEAL_COLUMNS = ("id", "account", "title", "value", "currency", "stage", "close date", "next step 1", "next step 2")


def _action_line(action: Action, today: dt.date) -> str:
    box = {ActionStatus.DONE: "x", ActionStatus.DROPPED: "-"}.get(action.status, " ")
    late = " **overdue**" if action.is_open and action.due < today else ""
    dropped = f" (dropped: {md_text(action.drop_reason)})" if action.status == ActionStatus.DROPPED else ""
    return (f"- [{box}] **{md_text(action.owner)}** → {md_text(action.target)}: {md_text(action.outcome)} "
            f"(due {action.due.isoformat()}){late}{dropped}")


def plan_markdown(view: WorkspaceView, today: dt.date, *, name: str = "Sales plan") -> str:
    """The plan as Markdown: each category's goals, their objectives with progress and due date, and each
    objective's actions with owner, target, outcome, due date and status; then the pipeline, each deal with its
    steps; then the actions tied to nothing. Money is written as the app writes it ('$0 of $1,500,000')."""
    out = [f"# {md_text(name)}", "", f"Exported {today.isoformat()}."]
    by_objective = view.actions_by("objective_id")
    objectives: dict[int, list[Objective]] = {}
    for objective in view.all(Objective):
        objectives.setdefault(objective.goal_id, []).append(objective)
    goals = view.all(Goal)
    for category in Category:
        out += ["", f"## {category.label}"]
        mine = [g for g in goals if g.category == category]
        if not mine:
            out += ["", "No goal yet."]
        for goal in mine:
            out += ["", f"### {md_text(goal.title)}", "",
                    f"Period {goal.period_start.isoformat()} to {goal.period_end.isoformat()}."]
            if goal.description.strip():
                out += ["", md_text(goal.description)]
            for objective in objectives.get(goal.id, []):
                said = md_text(figure_of(objective.current, objective.target, objective.unit))
                out += ["", f"#### {md_text(objective.title)}", "",
                        f"{md_text(objective.metric)}: {said} ({objective.progress:.0%}), "
                        f"due {objective.due.isoformat()}.", ""]
                steps = by_objective.get(objective.id, [])
                out += [_action_line(a, today) for a in steps] or ["- No action yet."]
    out += _pipeline(view, today)
    loose = [a for a in view.all(Action) if a.objective_id is None and a.deal_id is None]
    if loose:
        out += ["", "## Just doing (tied to no objective or deal)", ""] + [_action_line(a, today) for a in loose]
    return "\n".join(out) + "\n"


def _pipeline(view: WorkspaceView, today: dt.date) -> list[str]:
    """The deals in the order of the process's stages, each with its stage, value, close date and steps."""
    deals = view.all(Deal)
    if not deals:
        return []
    order = {s.name: i for i, s in enumerate(view.process.stages)}
    steps = view.actions_by("deal_id")
    out = ["", "## Pipeline"]
    for deal in sorted(ranked(deals), key=lambda d: order.get(d.stage, len(order))):
        account = view.get(Account, deal.account_id)
        name = f"{account.name} — {deal.title}" if account else deal.title
        out += ["", f"### {md_text(name)}", "",
                f"{md_text(deal.stage)}, {long_money(deal.value, deal.currency)}, "
                f"close {deal.expected_close.isoformat()}.", ""]
        out += [_action_line(a, today) for a in steps.get(deal.id, [])] or ["- No next step yet."]
    return out


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read a cell as a formula: it starts (after any white space) with =, +, - or @, or
    with a look-alike of one (fullwidth ＝, small ﹦, a minus sign)."""
    start = text.lstrip()[:1]
    return bool(start) and (unicodedata.normalize("NFKC", start).startswith(FORMULA_STARTS) or start in MINUS_SIGNS)


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: control characters made visible, and a leading apostrophe when it
    starts like a formula (see looks_like_formula), so that opening the file never runs one."""
    shown = one_line(text)
    return "'" + shown if looks_like_formula(shown) or looks_like_formula(text) else shown


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + buffer.getvalue()


def actions_csv(view: WorkspaceView) -> str:
    """Every unarchived action: id, owner, target, outcome, due, status, objective, deal (UTF-8 with a BOM)."""
    objectives = {o.id: o.title for o in view.all(Objective, archived=True)}
    deals = {d.id: d.title for d in view.all(Deal, archived=True)}
    rows = [[str(a.id), safe_cell(a.owner), safe_cell(a.target), safe_cell(a.outcome), a.due.isoformat(),
             a.status.value, safe_cell(objectives.get(a.objective_id, "") if a.objective_id else ""),
             safe_cell(deals.get(a.deal_id, "") if a.deal_id else "")]
            for a in view.all(Action)]
    return _csv(ACTION_COLUMNS, rows)


def deals_csv(view: WorkspaceView) -> str:
    """Every unarchived deal: id, account, title, value, currency, stage, close date and its next two open steps."""
    rows = []
    for d in deal_lines(view):
        steps = [safe_cell(s) for s in d.next_steps] + ["", ""]
        rows.append([str(d.id), safe_cell(d.account), safe_cell(d.title), f"{d.value:.2f}", d.currency,
                     safe_cell(d.stage), d.expected_close, *steps[:2]])
    return _csv(DEAL_COLUMNS, rows)
