"""Provides the objective form: SMART enforced (metric, numeric target, a date inside the goal's period)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Account, Goal, Measure, Objective
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.plan.smart import realism_warning
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.date_input import DateInput
from salesplan_tui.ui.widgets.text_box import TextBox


def typed(value: float) -> str:
    """A number as the seller would type it back: '1200000', '12.5' (never '1.2e+06')."""
    return f"{value:.15g}" if abs(value) < 1e15 else f"{value:.0f}"


MEASURES = {Measure.MANUAL: "typed (by hand)", Measure.WON_VALUE: "won value of its deals",
            Measure.WON_COUNT: "won count of its deals", Measure.PIPELINE_CREATED: "pipeline created (its deals' value)"}


class ObjectiveForm(FormScreen[Objective]):
    """Adds or edits a SMART objective under a goal."""

    def __init__(self, goal: Goal, objective: Objective | None = None) -> None:
        super().__init__()
        self.goal = goal
        self.objective = objective
        self.heading = f"{'Edit' if objective else 'New'} objective · {goal.title}"

    def fields(self) -> ComposeResult:
        o = self.objective
        num = lambda v: typed(v) if v is not None else ""  # noqa: E731
        yield self.field("title", "Objective (specific)", TextBox(o.title if o else "", id="title",
                                                                placeholder="e.g. Book discovery meetings with ICP accounts"))
        yield self.field("metric", "Measured by (metric)", TextBox(o.metric if o else "", id="metric",
                                                                 placeholder="e.g. meetings booked"))
        yield self.field("unit", "Unit (optional)", TextBox(o.unit if o else "", id="unit", placeholder="$, %, deals…"))
        yield self.field("baseline", "Baseline", TextBox(num(o.baseline) if o else "0", id="baseline"))
        measure = o.measured_by if o else Measure.MANUAL
        yield self.field("measured_by", "Figure comes from",
                         Select([(shown(label), m) for m, label in MEASURES.items()], id="measured_by",
                                allow_blank=False, value=measure),
                         hint="typed by you, or counted from the deals tied to it (chosen in each deal's form)")
        yield self.field("current", "Current", TextBox(num(o.current) if o else "0", id="current",
                                                       disabled=measure != Measure.MANUAL))
        yield self.field("target", "Target", TextBox(num(o.target) if o else "", id="target"))
        yield self.field("due", "Due (time-bound)", DateInput(o.due if o else self.goal.period_end, self.today, id="due"),
                         hint=f"inside {day_label(self.goal.period_start, self.today)} – {day_label(self.goal.period_end, self.today)}")
        accounts = [(shown(a.name), a.id) for a in self.repo.all(Account)]
        yield self.field("account_id", "Account (optional)",
                         Select(accounts, id="account_id", prompt="No account",
                                value=o.account_id if o and o.account_id else Select.NULL))
        yield Static(id="realism", classes="warning")

    def on_mount(self) -> None:
        self._check_realism()

    @on(Select.Changed, "#measured_by")
    def _measure_chosen(self, event: Select.Changed) -> None:
        """The current figure is typed only when measured by hand; otherwise its deals count it."""
        self.query_one("#current", TextBox).disabled = event.value != Measure.MANUAL

    @on(Input.Changed)
    def _check_realism(self) -> None:
        errors: dict[str, str] = {}
        values = [self.number(n, errors) for n in ("baseline", "current", "target")]
        due = self.query_one("#due", DateInput).value
        warning = None
        baseline, current, target = values
        if not errors and due and baseline is not None and current is not None and target is not None:
            warning = realism_warning(baseline, current, target, due, self.today, self.goal.period_start)
        self.query_one("#realism", Static).update(assemble(("⚠ " + warning, "$warning")) if warning else "")

    def submit(self) -> Change:
        errors: dict[str, str] = {}
        data = {
            "goal_id": self.goal.id,
            "title": self.text("title"),
            "metric": self.text("metric"),
            "unit": self.text("unit"),
            "baseline": self.number("baseline", errors),
            "measured_by": self.choice("measured_by") or Measure.MANUAL,
            "target": self.number("target", errors),
            "due": self.day("due", errors),
            "account_id": self.choice("account_id"),
        }
        if data["measured_by"] == Measure.MANUAL:  # a counted figure is the deals' to set, never typed
            data["current"] = self.number("current", errors)
        if not data["title"]:
            errors["title"] = "Say what the objective is."
        if not data["metric"]:
            errors["metric"] = "Measurable: name the metric (meetings, $ booked, % live…)."
        if errors:
            raise ValidationFailed(errors)
        if self.objective:
            return plan_ops.edit(self.repo, self.objective, at=self.sp.clock.now(), **data)
        return plan_ops.add(self.repo, Objective, **data)
