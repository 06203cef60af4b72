"""Provides the workspace's records as pydantic models: goals, objectives, actions, accounts, deals, reviews."""

# No `from __future__ import annotations` here: pydantic would evaluate every field's annotation from its text when
# each model is made (half the cost of importing this module, paid by every launch and command). And every model is
# made with `defer_build`: its validator and serializer are made when first used (or by `build_models`), so a
# command that reads one table never pays for the models of the others.

import datetime as dt
import re
import threading
from enum import StrEnum
from typing import Annotated, Literal, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from salesplan_tui.core.base.clock import now
from salesplan_tui.core.base.errors import FieldProblem
from salesplan_tui.core.base.money_text import MAX_MONEY, long_money
from salesplan_tui.core.model.version import SCHEMA_VERSION

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


def _in_utc_when_naive(moment: dt.datetime) -> dt.datetime:
    # A timestamp without a zone (a hand-edited or imported file) is read as UTC, as this app writes them;
    # mixing naive and aware times would make every later comparison fail.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# What a stored record may hold: ids that every JSON reader keeps exactly (2^53: a double's whole numbers) and dates
# in a window where every day has a next one and every calendar, spreadsheet and export can show it.
MAX_ID = 2**53
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
OUTSIDE_WINDOW = f"must be a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def _in_window(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(OUTSIDE_WINDOW)
    return day


def _moment_in_window(moment: dt.datetime) -> dt.datetime:
    _in_window(moment.date())
    return _in_utc_when_naive(moment)


def _an_amount(value: float, info: ValidationInfo) -> float:
    # Checked where data enters (a change built, a file imported), not when a workspace is read: a figure stored
    # before there was a bound must never make the file unreadable; it is refused at its next edit.
    context = info.context or {}
    if (context.get("checked") or context.get("entering")) and abs(value) > MAX_MONEY:
        raise ValueError(f"past the largest amount salesplan keeps ({long_money(MAX_MONEY)}); check for a digit too many")
    return value


Day = Annotated[dt.date, AfterValidator(_in_window)]
Amount = Annotated[float, AfterValidator(_an_amount)]  # money or an objective's figure: at most MAX_MONEY either way
Moment = Annotated[dt.datetime, AfterValidator(_moment_in_window)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]


class Kind(StrEnum):
    """What a record, a finding, a review item or an outline node is: the one vocabulary for kinds of thing."""

    CATEGORY = "category"
    GOAL = "goal"
    OBJECTIVE = "objective"
    ACTION = "action"
    ACCOUNT = "account"
    CONTACT = "contact"
    DEAL = "deal"
    PROCESS = "process"
    REVIEW = "review"
    COMMITMENT = "commitment"  # an action promised in the last one-on-one, walked again


class Category(StrEnum):
    """The three kinds of goal a seller's plan must cover (seed 003)."""

    RELATIONSHIP = "relationship"
    REVENUE = "revenue"
    SUCCESS = "success"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.RELATIONSHIP: "Relationship management",
    Category.REVENUE: "Roadmap to revenue",
    Category.SUCCESS: "Customer success",
}


# What every record and every part of one is made with: a field it does not know and a number that is not finite (1e999,
# NaN) are refused, naming the field; its validator is made when first used (see build_models).
PART_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)


class Record(BaseModel):
    """Fields every stored record shares: its id within its table and whether it is archived."""

    model_config = ConfigDict(**PART_CONFIG, frozen=True)

    id: int = Field(default=0, le=MAX_ID)
    archived: bool = False


class Goal(Record):
    """What the seller means to achieve in a period, in one of the three categories."""

    title: Text
    category: Category
    period_start: Day
    period_end: Day
    description: OptionalText = ""

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if self.period_end < self.period_start:
            raise FieldProblem("period_end", "the period must end on or after its start")
        return self


class ValueChange(BaseModel):
    """A number changed: from what, to what, and when (a deal's value, an objective's current figure)."""

    model_config = PART_CONFIG

    old: float
    new: float
    at: Moment = Field(default_factory=now)


def value_at(history: list[ValueChange], current: float, moment: dt.datetime) -> float:
    """What a number was at a moment, from its history of changes: the old value of the first change after it."""
    later = [c for c in history if c.at > moment]
    return min(later, key=lambda c: c.at).old if later else current


class Measure(StrEnum):
    """Where an objective's current figure comes from: typed by the seller, or counted from the deals tied to it."""

    MANUAL = "manual"
    WON_VALUE = "won_value"  # the value of its won deals
    WON_COUNT = "won_count"  # how many of its deals were won
    PIPELINE_CREATED = "pipeline_created"  # the value of its deals created in the objective's period, won or open


class Objective(Record):
    """A SMART objective: a metric moving from a baseline to a target by a date."""

    goal_id: int
    title: Text
    metric: Text
    unit: OptionalText = ""
    baseline: Amount = 0.0
    current: Amount = 0.0
    target: Amount
    due: Day
    account_id: int | None = None
    current_history: list[ValueChange] = Field(default_factory=list)  # each change of `current`, for "since last time"
    measured_by: Measure = Measure.MANUAL  # where `current` comes from: typed, or the deals tied to this objective

    @property
    def progress(self) -> float:
        """Share of the way from baseline to target, between 0 and 1."""
        span = self.target - self.baseline
        if span == 0:
            return 1.0 if self.current == self.target else 0.0
        return max(0.0, min(1.0, (self.current - self.baseline) / span))

    @property
    def met(self) -> bool:
        return self.progress >= 1.0


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Slip(BaseModel):
    """A date pushed back: from what, to what, when it was moved and why."""

    model_config = PART_CONFIG

    old: Day
    new: Day
    at: Moment = Field(default_factory=now)
    reason: OptionalText = ""


class Action(Record):
    """A step that is a plan: who does it, aimed at whom, for what result, by when (seed 001)."""

    owner: Text
    target: Text
    outcome: Text
    due: Day
    status: ActionStatus = ActionStatus.OPEN
    drop_reason: OptionalText = ""
    objective_id: int | None = None
    deal_id: int | None = None
    captured_from: OptionalText = ""
    capture_id: OptionalText = Field(default="", exclude_if=lambda v: not v)  # the inbox entry it was taken in from (never twice): not written when empty
    notes: OptionalText = ""
    created_at: Moment = Field(default_factory=now)
    completed_at: Moment | None = None
    slips: list[Slip] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dropped_has_reason(self) -> Self:
        if self.status == ActionStatus.DROPPED and not self.drop_reason:
            raise FieldProblem("drop_reason", "say why the action is dropped")
        return self

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN and not self.archived

    @property
    def sentence(self) -> str:
        # The owner as the seller wrote it ("me" or a name): the same word on every screen and in every export.
        return f"{self.owner} → {self.target}: {self.outcome} (by {self.due.isoformat()})"


class StrategicObjective(BaseModel):
    """The next milestone of an account relationship and what it is worth (seed 004)."""

    model_config = PART_CONFIG

    milestone: OptionalText = ""
    financial_target: Amount | None = Field(default=None, ge=0)
    by_date: Day | None = None


class Account(Record):
    name: Text
    strategic: StrategicObjective = Field(default_factory=StrategicObjective)
    notes: OptionalText = ""


_ADDRESS = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")  # name@company.com: one @, a dot after it, no spaces


class Contact(Record):
    name: Text
    role: OptionalText = ""
    account_id: int | None = None
    email: OptionalText = ""
    phone: OptionalText = Field(default="", exclude_if=lambda v: not v)  # kept as typed; not written when empty

    @field_validator("email")
    @classmethod
    def _an_address(cls, email: str, info: ValidationInfo) -> str:
        # Checked when a change is built (build() says so in the context), not when a file is read: an address
        # stored before it was checked must never make the workspace unreadable; it is refused at its next edit.
        if email and (info.context or {}).get("checked") and (len(email) > 254 or not _ADDRESS.fullmatch(email)):
            raise FieldProblem("email", f"{email[:60]!r} is not an e-mail address; write it as name@company.com, "
                                        "or leave it empty")
        return email


class StageChange(BaseModel):
    model_config = PART_CONFIG

    stage: Text
    at: Moment = Field(default_factory=now)


class Deal(Record):
    """An opportunity at one stage of the sales process. Its next steps are its open actions."""

    account_id: int
    title: Text
    value: Amount = Field(ge=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    stage: Text
    expected_close: Day
    close_slips: list[Slip] = Field(default_factory=list)
    value_history: list[ValueChange] = Field(default_factory=list)  # each change of `value`
    stage_history: list[StageChange] = Field(default_factory=list)
    lost_reason: OptionalText = ""
    next_call_outcome: OptionalText = ""
    contact_ids: list[int] = Field(default_factory=list)
    rank: float = 0.0
    crm: OptionalText = ""  # the CRM it was imported from ("salesforce", "hubspot", "pipedrive"), if any
    crm_id: OptionalText = ""  # that CRM's record id, so a re-import updates the deal instead of copying it
    objective_id: int | None = None  # the objective this deal serves (its won value can move that objective)
    notes: OptionalText = ""  # what the seller (or an import) kept about the deal that is not yet a planned step
    created_at: Moment = Field(default_factory=now)

    @property
    def stage_since(self) -> dt.datetime:
        return self.stage_history[-1].at if self.stage_history else self.created_at


class StageKind(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Stage(BaseModel):
    """One step on the map of what wins (seed 002)."""

    model_config = PART_CONFIG

    name: Text
    probability: float = Field(ge=0, le=1)
    kind: StageKind = StageKind.OPEN
    rot_days: int = Field(default=14, ge=1, le=3650)
    exit_criteria: list[Text] = Field(default_factory=list)
    playbook: list[Text] = Field(default_factory=list)


class SalesProcess(Record):
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Self:
        names = [s.name.casefold() for s in self.stages]
        if len(names) != len(set(names)):
            raise FieldProblem("stages", "two stages have the same name")
        return self

    def stage(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name), None)

    def index(self, name: str) -> int:
        return next((i for i, s in enumerate(self.stages) if s.name == name), -1)


class ReviewKind(StrEnum):
    WEEKLY = "weekly"
    ONE_ON_ONE = "one_on_one"

    @property
    def label(self) -> str:
        return "weekly review" if self is ReviewKind.WEEKLY else "one-on-one"


class ReviewItem(BaseModel):
    """One thing walked in a review: an overdue action, a deal, an objective, a goal, a carried commitment."""

    model_config = PART_CONFIG

    kind: Kind
    ref_id: int | None = None
    title: OptionalText = ""
    reason: OptionalText = ""
    state: Literal["pending", "done", "skipped"] = "pending"
    skip_reason: OptionalText = ""
    notes: OptionalText = ""

    @field_validator("kind")
    @classmethod
    def _walkable(cls, kind: Kind) -> Kind:
        if kind not in REVIEW_ITEM_KINDS:
            raise ValueError(f"a review walks {', '.join(REVIEW_ITEM_KINDS)}, not {kind.value}")
        return kind


REVIEW_ITEM_KINDS = (Kind.ACTION, Kind.DEAL, Kind.OBJECTIVE, Kind.GOAL, Kind.CATEGORY, Kind.COMMITMENT)


class Answer(BaseModel):
    """One answer to "What's next?", kept whether it was accepted or refused."""

    model_config = PART_CONFIG

    item: int
    text: OptionalText
    accepted: bool
    missing: list[str] = Field(default_factory=list)
    question: OptionalText = ""
    at: Moment = Field(default_factory=now)


class Review(Record):
    kind: ReviewKind
    seller: Text = "me"
    manager: OptionalText = ""
    started_at: Moment = Field(default_factory=now)
    ended_at: Moment | None = None
    position: int = 0
    items: list[ReviewItem] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)
    notes: OptionalText = ""
    action_ids: list[int] = Field(default_factory=list)
    slips: list[Slip] = Field(default_factory=list)
    draft: OptionalText = ""
    # The plan findings open when it finished ("rule:kind:ref"), so the next one can say which are new or resolved.
    findings_at_end: list[str] = Field(default_factory=list)
    end_note: OptionalText = ""  # how it ended when not walked to the end: "ended early", "folded into …"

    @model_validator(mode="after")
    def _pair_has_manager(self) -> Self:
        if self.kind == ReviewKind.ONE_ON_ONE and not self.manager:
            raise FieldProblem("manager", "a one-on-one needs the manager's name")
        return self

    @property
    def finished(self) -> bool:
        return self.ended_at is not None


class Workspace(BaseModel):
    """The workspace's own facts: its name and the schema its file follows."""

    model_config = PART_CONFIG

    name: Text = "My sales plan"
    seller: OptionalText = ""  # the seller whose plan this is (asked on first run); "me" until it is known
    schema_version: int = SCHEMA_VERSION
    created_at: Moment = Field(default_factory=now)


# The validators above that only refuse a value, never change one, and the one that also changes it: a line this
# salesplan wrote and sealed passed them all when it was written (storage/lines.py reads such lines without the checks).
CHECKS_ONLY: frozenset[object] = frozenset({
    _in_window, _an_amount, Goal._period_in_order, Action._dropped_has_reason, SalesProcess._unique_names,
    Review._pair_has_manager, getattr(Contact._an_address, "__func__", None), getattr(ReviewItem._walkable, "__func__", None),
})
WHEN_TRUSTED = {_moment_in_window: _in_utc_when_naive}  # the window was checked; a time is still read as UTC

_building = threading.Lock()
M = TypeVar("M", bound=type[BaseModel])


def ready(model: M) -> M:
    """The model with its validator and serializer made (pydantic makes them on first use too, but code that reaches
    for `__pydantic_validator__` itself, as storage does, asks here first). Safe from any thread."""
    if not model.__pydantic_complete__:
        with _building:
            # The models records hold are made first: a record's model then takes theirs as made, where it would
            # make its own copy of each (Slip's three times over: in actions, deals and reviews).
            parts: tuple[type[BaseModel], ...] = (*PARTS, model)
            for part in parts:
                if not part.__pydantic_complete__:
                    part.model_rebuild()
    return model


def build_models() -> None:
    """Makes every model's validator and serializer now: the app does it once its first screen is drawn, so that no
    key pays for it."""
    models: list[type[BaseModel]] = [Workspace, *TABLES.values()]
    for model in models:
        ready(model)


PARTS: tuple[type[BaseModel], ...] = (ValueChange, Slip, StrategicObjective, StageChange, Stage, ReviewItem, Answer)

KIND_OF: dict[type[Record], Kind] = {
    Goal: Kind.GOAL, Objective: Kind.OBJECTIVE, Action: Kind.ACTION, Account: Kind.ACCOUNT, Contact: Kind.CONTACT,
    Deal: Kind.DEAL, SalesProcess: Kind.PROCESS, Review: Kind.REVIEW,
}

TABLES: dict[str, type[Record]] = {
    "goals": Goal,
    "objectives": Objective,
    "actions": Action,
    "accounts": Account,
    "contacts": Contact,
    "deals": Deal,
    "process": SalesProcess,
    "reviews": Review,
}
