"""Provides plan_import(): a CRM's CSV export of deals read as one Change (all or nothing), with every row's outcome."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.base.words import plural
from salesplan_tui.core.exchange.crm import formats
from salesplan_tui.core.exchange.crm.matching import Match, Matcher, name_key, title_key
from salesplan_tui.core.exchange.crm.next_steps import read_step
from salesplan_tui.core.exchange.crm.rows import DEFAULT_CURRENCY, DealRow, read_rows
from salesplan_tui.core.exchange.crm.skipped import Skipped, deal_rows
from salesplan_tui.core.exchange.crm.source import LIMIT, read_table
from salesplan_tui.core.exchange.crm.stages import StageReader
from salesplan_tui.core.exchange.crm.values import BadValue
from salesplan_tui.core.model.change import Change, WorkspaceView, build, revise
from salesplan_tui.core.model.records import Account, Action, Contact, Deal, Objective, Record, StageChange, StageKind
from salesplan_tui.core.pipeline.measuring import with_measures
from salesplan_tui.core.pipeline.moves import close_date_change
from salesplan_tui.core.pipeline.step_flags import unplanned_note

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
UNSURE_CHOICES = ("new", "same")  # what to do with a row that may be a deal here: import it as new, or take the fit


@dataclass(frozen=True)
class RowOutcome:
    """What the import does with one row: its spreadsheet row number, the outcome and why or what changes."""

    row: int
    outcome: str  # create, update, unchanged or error
    title: str
    account: str
    stage: str = ""
    detail: str = ""

    @property
    def line(self) -> str:
        """The outcome in one line: 'row 3  update     Acme — Acme: renewal → Proposal (deal 4: value)'."""
        what = " — ".join(_cut(p) for p in (self.account, self.title) if p) or "(no name)"
        where = f" → {_cut(self.stage)}" if self.stage else ""
        return f"row {self.row:<4} {self.outcome:<9} {what}{where}" + (f" ({self.detail})" if self.detail else "")


def _cut(field: str, width: int = 40) -> str:
    """A field as a listing shows it: a long one cut to a readable length (a 300-character title is one line)."""
    return field if len(field) <= width else field[:width - 1] + "…"


@dataclass(frozen=True)
class ImportPlan:
    """A dry run of an import: each row's outcome, the problems, and the Change to apply.

    Args:
        crm: the CRM the file was read as ("salesforce", "hubspot", "pipedrive", or "csv" for another spreadsheet).
        rows: every data row's outcome, in file order.
        errors: problems with the whole file, then "row N: reason" for every bad row; nothing is imported when any.
        change: the one Change to apply (accounts, contacts and deals in one write), or None when there are errors
            or nothing to change.
        unread: the columns the import does not read.
        notes: what to tell the user about how the file was read (its encoding, the CRM guessed).
    """

    crm: str
    rows: tuple[RowOutcome, ...] = ()
    errors: tuple[str, ...] = ()
    change: Change | None = None
    unread: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    new_accounts: int = 0
    new_contacts: int = 0
    unsure: tuple[int, ...] = ()  # the rows that may or may not be a deal here (asked about: see plan_import)
    steps: tuple[str, ...] = field(default_factory=tuple)  # per row: its next step planned, or kept as a note
    reopenable: tuple[int, ...] = ()  # deals closed here that the file has open, kept closed: reopen would reopen them
    reopened: tuple[int, ...] = ()  # deals closed here that this import reopens (reopen=True)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def summary(self, *, done: bool = False) -> str:
        """One line: '2 to create, 1 to update, 3 unchanged; 2 new accounts, 1 new contact' ('2 created' when done)."""
        made, moved = ("created", "updated") if done else ("to create", "to update")
        return (f"{self.count(CREATE)} {made}, {self.count(UPDATE)} {moved}, {self.count(UNCHANGED)} unchanged; "
                f"{plural(self.new_accounts, 'new account')}, {plural(self.new_contacts, 'new contact')}")

    def outcome(self, *, dry_run: bool) -> str:
        """What to tell the user at the end: what a dry run would do, or what was imported (or that nothing was)."""
        if dry_run:
            return f"Dry run: {self.summary()}. Nothing was written."
        return f"Imported: {self.summary(done=True)}." if self.change else f"Nothing to change: {self.summary()}."


def plan_import(view: WorkspaceView, raw: bytes | BinaryIO, clock: Clock, *, crm: str | None = None,
                column_map: dict[str, str] | None = None, stage_map: dict[str, str] | None = None,
                decimal: str | None = None, limit: int = LIMIT, objective_id: int | None = None,
                reopen: bool = False, unsure: str | None = None,
                rates: Mapping[str, float] | None = None) -> ImportPlan:
    """Reads a CRM export (CSV bytes, or a binary file read as a stream) against the workspace and says what importing
    it would do; writes nothing.

    Args:
        view: the workspace (a Repository).
        raw: the file's bytes, or the file opened for reading bytes (see source.read_table for the encodings).
        clock: the time stage changes and new deals are stamped with.
        crm: "salesforce", "hubspot" or "pipedrive"; None recognises it from the header.
        column_map: column name → deal field (see crm_formats.FIELDS, or "ignore"), before the CRM's own names.
        stage_map: the CRM's stage name → the name of a stage of the workspace's process.
        decimal: the file's decimal mark ("." or ","), for amounts that read two ways (`1.234`); None: the mark the
            amount column shows, and an amount still in doubt is a bad row.
        limit: the largest file read, in bytes.
        objective_id: the objective the file's deals serve: each new deal, and each matched one tied to none, is
            tied to it (an objective measured from the pipeline then counts them, in the same write).
        reopen: move a deal closed here to the open stage the file gives (by default it stays closed, and the
            plan says so for each such row).
        unsure: what to do with a row that may be a deal here (several fit, or only a title close to it): "new"
            imports it as a new deal, "same" takes the closest; None (the default) makes it an error that names
            the deals it may be, so that nothing is guessed.
        rates: the user's exchange rates (plan.measured.rate_table), for objectives counted in money.
    """
    try:
        table, encoding = read_table(raw, limit)
        header = next(table, [])
        if not any(h.strip() for h in header):
            return ImportPlan(crm or "csv", errors=("the file is empty: no header row",))
        if objective_id is not None and view.get(Objective, objective_id) is None:
            return ImportPlan(crm or "csv", errors=(f"there is no objective {objective_id} to tie the deals to",))
        if unsure is not None and unsure not in UNSURE_CHOICES:
            return ImportPlan(crm or "csv", errors=(f"an unsure row is imported as new or the same, not {unsure!r}",))
        rule = _Rule(objective_id, reopen, unsure, rates)
        return _plan(view, clock, table, header, encoding, crm, column_map, stage_map, decimal, rule)
    except BadValue as e:
        return ImportPlan(crm or "csv", errors=(f"the file {e}",))


def _plan(view: WorkspaceView, clock: Clock, table: Iterator[list[str]], header: list[str], encoding: str,
          crm: str | None, column_map: dict[str, str] | None, stage_map: dict[str, str] | None,
          decimal: str | None, rule: _Rule) -> ImportPlan:
    notes = [] if encoding == "UTF-8" else [f"read as {encoding} text"]
    if crm is not None and crm not in formats.FORMATS:
        return ImportPlan(crm, errors=(f"{crm!r} is not a CRM salesplan reads ({', '.join(formats.FORMATS)})",))
    shape = formats.FORMATS[crm] if crm else formats.recognise(header)
    if shape is None:
        shape = formats.NONE
        notes.append("no CRM recognised from the header: read with common column names")
    try:
        mapped = {column: formats.field_name(name) for column, name in (column_map or {}).items()}
        columns, unread = formats.columns_of(header, shape, mapped)
        stages = StageReader.of(view.process, stage_map)
    except ValueError as e:
        return ImportPlan(shape.name, errors=(str(e),))
    missing = [f for f in formats.REQUIRED if f not in columns]
    if missing:
        return ImportPlan(shape.name, errors=tuple(
            f"no column holds the deal's {name.replace('_', ' ')}; name it with --map \"COLUMN={name}\"" for name in missing))
    skipped = Skipped()
    found = list(deal_rows(table, columns.get("stage"), columns.get("expected_close"), skipped))
    read = read_rows(found, columns, stages, decimal=decimal, notes=notes)
    if note := skipped.note():
        notes.append(note)
    return _Planner(view, clock, shape, set(columns), rule).plan(read, tuple(unread), tuple(notes))


@dataclass(frozen=True)
class _Rule:
    """What the user said about this import: the objective its deals serve, reopening, and unsure rows."""

    objective_id: int | None = None
    reopen: bool = False
    unsure: str | None = None
    rates: Mapping[str, float] | None = None


class _Planner:
    """Matches rows to the workspace's deals, accounts and contacts and builds the records to write."""

    def __init__(self, view: WorkspaceView, clock: Clock, shape: formats.CrmFormat, present: set[str],
                 rule: _Rule) -> None:
        self.view, self.clock, self.shape, self.present, self.rule = view, clock, shape, present, rule
        self.accounts = {name_key(a.name): a for a in reversed(view.all(Account))}  # the oldest of equal names wins
        self.contacts = {(c.account_id, name_key(c.name)): c for c in reversed(view.all(Contact))}
        deals = view.all(Deal, archived=True)
        # Without the CRM's id, a deal is known by account and title: one imported before, or one typed in salesplan
        # (which the import then adopts, keeping the CRM's id from now on).
        self.matcher = Matcher(deals, shape.name, {a.id: a.name for a in view.all(Account)})
        self.closed = {s.name for s in view.process.stages if s.kind != StageKind.OPEN}
        self.kept_closed: list[str] = []
        self.reopenable: list[int] = []
        self.reopened: list[int] = []
        self.next: dict[type[Record], int] = {model: view.next_id(model) for model in (Account, Contact, Deal, Action)}
        self.steps: list[Action] = []
        self.step_lines: list[str] = []
        self.unsure: list[int] = []
        self.names = (tuple(a.name for a in view.all(Account)), tuple(c.name for c in view.all(Contact)))
        self.ranks = {s.name: max((d.rank for d in deals if d.stage == s.name), default=0) for s in view.process.stages}
        self.new: list[Record] = []
        self.seen: dict[Any, int] = {}

    def plan(self, read: list[DealRow], unread: tuple[str, ...], notes: tuple[str, ...]) -> ImportPlan:
        outcomes, errors, deals = [], [], []
        for row in read:
            try:
                if row.problems:
                    raise ValidationFailed.on("", "; ".join(row.problems))
                outcome, deal = self._row(row)
            except ValidationFailed as e:
                outcomes.append(RowOutcome(row.row, ERROR, row.title, row.account, "", str(e)))
                errors.append(f"row {row.row}: {e}")
                continue
            outcomes.append(outcome)
            if deal is not None:
                deals.append(deal)
        if not read:
            errors.append("the file has a header but no deals")
        made = [r for r in self.new if isinstance(r, Account)], [r for r in self.new if isinstance(r, Contact)]
        change = None
        if not errors and (deals or self.new or self.steps):
            change = Change("import deals", (*made[0], *made[1], *deals, *self.steps),
                            f"Imported from {self.shape.label}: {sum(o.outcome == CREATE for o in outcomes)} created, "
                            f"{sum(o.outcome == UPDATE for o in outcomes)} updated.")
            change = with_measures(self.view, self.clock.now(), change, rates=self.rule.rates)
        return ImportPlan(self.shape.name, tuple(outcomes), tuple(errors), change, unread, (*notes, *self.kept_closed),
                          len(made[0]), len(made[1]), tuple(self.unsure), tuple(self.step_lines),
                          tuple(self.reopenable), tuple(self.reopened))

    def _row(self, row: DealRow) -> tuple[RowOutcome, Deal | None]:
        assert row.stage is not None and row.expected_close is not None  # a row with problems never gets here
        stage = row.stage
        account = self._account(row.account)
        key = title_key(row.title, account.name)
        identity = ("id", row.crm_id) if row.crm_id else ("name", account.id, key)
        if identity in self.seen:
            raise ValidationFailed.on("", f"the same deal as row {self.seen[identity]}")
        self.seen[identity] = row.row
        contact_ids = [self._contact(row.contact, account.id).id] if row.contact else []
        match = self._match(row, account.id, key)
        if match is not None:
            if ("deal", match.deal.id) in self.seen:
                raise ValidationFailed.on("", f"deal {match.deal.id} again, as in row {self.seen[('deal', match.deal.id)]}")
            self.seen[("deal", match.deal.id)] = row.row

        def shown(outcome: str, detail: str, currency: str) -> RowOutcome:
            return RowOutcome(row.row, outcome, row.title, account.name, stage.name,
                              f"{detail}; {row.value:,.2f} {currency}")

        if match is None:
            self.ranks[row.stage.name] += 1
            currency = row.currency or DEFAULT_CURRENCY
            deal_id = self._id(Deal)
            planned, note = self._step(row, deal_id, account, contact_ids, None)
            deal = build(Deal, id=deal_id, account_id=account.id, title=row.title, value=row.value,
                         currency=currency, stage=row.stage.name, expected_close=row.expected_close,
                         next_call_outcome=row.next_step, lost_reason=row.lost_reason, contact_ids=contact_ids,
                         rank=self.ranks[row.stage.name], crm=self.shape.name, crm_id=row.crm_id,
                         stage_history=[StageChange(stage=row.stage.name, at=self.clock.now())],
                         created_at=self.clock.now(), objective_id=self.rule.objective_id, notes=note)
            return shown(CREATE, "new deal" + planned, currency), deal
        existing = match.deal
        found = f"deal {existing.id} {match.how}" + (f" (also fits deal {', '.join(map(str, match.also))})"
                                                      if match.also else "")
        if existing.archived:
            return shown(UNCHANGED, f"{found}, deleted here: not brought back", existing.currency), None
        changes = self._changes(existing, row, account, contact_ids)
        currency = changes.get("currency", existing.currency)
        if existing.stage in self.closed and row.stage.name != existing.stage and "stage" not in changes:
            stage = self.view.process.stage(existing.stage) or stage
            reopenable = row.stage.kind == StageKind.OPEN  # a closed stage in the file is never taken over one here
            self.kept_closed.append(f"row {row.row}: deal {existing.id} is {existing.stage} here, and stays so (the "
                                    f"file says {row.stage.name})" +
                                    ("; reopen it in salesplan, or import with --reopen" if reopenable else ""))
            if reopenable:
                self.reopenable.append(existing.id)
            found += f", kept {existing.stage}"
        elif existing.stage in self.closed and "stage" in changes:
            self.reopened.append(existing.id)
            found += f", reopened from {existing.stage}"
        planned, note = self._step(row, existing.id, account, [*existing.contact_ids, *contact_ids], existing)
        if note:
            changes["notes"] = "\n".join(n for n in (existing.notes, note) if n)
        if not changes:
            return shown(UPDATE if planned else UNCHANGED, found + planned, currency), None
        names = ", ".join(dict.fromkeys(n.replace("_", " ") for n in changes if n in _SHOWN))
        if existing.crm != self.shape.name:
            names = f"linked to {self.shape.label}" + (f"; {names}" if names else "")
        return (shown(UPDATE, f"{found}: {names}{planned}", currency),
                revise(existing, at=self.clock.now(), **changes))

    def _match(self, row: DealRow, account_id: int, key: str) -> Match | None:
        """The deal the row is, or None for a new one; a row that may or may not be one (several fit, or a title
        only close to one) is taken as the user's rule says, and without a rule it is an error naming them."""
        match = self.matcher.find(row.crm_id, account_id, key)
        near = [] if match is not None else self.matcher.near(row.crm_id, account_id, key)
        if (match is None or not match.also) and not near:
            return match
        fits = [match.deal, *(self.view.get(Deal, i) for i in match.also)] if match else near
        said = "; ".join(f"deal {d.id} {d.title!r}" for d in fits if d is not None)
        if self.rule.unsure == "new":
            self.unsure.append(row.row)
            return None
        if self.rule.unsure == "same":
            self.unsure.append(row.row)
            return match or Match(near[0], "by a close title")
        self.unsure.append(row.row)
        raise ValidationFailed.on("", f"unsure: it may be {said}; import with --unsure same to take the first, or "
                                      "--unsure new to import it as a new deal (or merge them first)")

    def _step(self, row: DealRow, deal_id: int, account: Account, contact_ids: list[int],
              existing: Deal | None) -> tuple[str, str]:
        """The row's next step as a planned action of the deal (added to self.steps) or as a note; returns what the
        row's outcome says of it and the note to keep ("" for none). A step the deal has already is not added again."""
        if not row.next_step.strip():
            return "", ""
        people = [c for c in (self.view.get(Contact, i) for i in contact_ids) if c is not None]
        people += [c for c in self.new if isinstance(c, Contact) and c.id in contact_ids]
        target = f"{people[0].name} at {account.name}" if people else account.name
        reading = read_step(row.next_step, row.next_step_due, today=self.clock.today(), target=target,
                            accounts=self.names[0] + (account.name,), contacts=self.names[1] + tuple(
                                c.name for c in people), focus=tuple(c.name for c in people))
        if existing is not None and any(a.captured_from == reading.sentence for a in
                                        self.view.actions_by("deal_id").get(existing.id, [])):
            return "", ""
        if reading.action is not None:
            self.steps.append(build(Action, id=self._id(Action), **reading.action, deal_id=deal_id,
                                    objective_id=None, captured_from=reading.sentence, created_at=self.clock.now()))
            self.step_lines.append(f"row {row.row}: next step planned: {reading.sentence}")
            return "; next step planned", ""
        note = unplanned_note(self.shape.label, reading.sentence)
        if existing is not None and note in existing.notes:
            return "", ""
        self.step_lines.append(f"row {row.row}: next step {reading.sentence!r} kept as the deal's note, not yet a "
                               f"plan: {reading.question}")
        return "; next step kept as a note", note

    def _changes(self, deal: Deal, row: DealRow, account: Account, contact_ids: list[int]) -> dict[str, Any]:
        assert row.stage is not None and row.expected_close is not None
        wanted: dict[str, Any] = {"title": row.title, "account_id": account.id, "crm": self.shape.name}
        if row.crm_id:
            wanted["crm_id"] = row.crm_id
        if "value" in self.present:
            wanted["value"] = row.value
        if row.currency:
            wanted["currency"] = row.currency
        if row.next_step:
            wanted["next_call_outcome"] = row.next_step
        if row.lost_reason and row.stage.kind == StageKind.LOST:
            wanted["lost_reason"] = row.lost_reason
        if self.rule.objective_id is not None and deal.objective_id is None:
            wanted["objective_id"] = self.rule.objective_id
        changes = {k: v for k, v in wanted.items() if getattr(deal, k) != v}
        if deal.stage in self.closed and row.stage.name != deal.stage and not (
                self.rule.reopen and row.stage.kind == StageKind.OPEN):
            changes.pop("lost_reason", None)  # a deal closed here is never reopened (or re-closed) by a file
        elif row.stage.name != deal.stage:
            changes["stage"] = row.stage.name
            changes["stage_history"] = [*deal.stage_history, StageChange(stage=row.stage.name, at=self.clock.now())]
            if row.stage.kind != StageKind.LOST and deal.lost_reason:
                changes["lost_reason"] = ""
        if row.expected_close != deal.expected_close and row.stage.name == changes.get("stage", deal.stage):
            changes |= close_date_change(deal, row.expected_close, at=self.clock.now(),
                                         reason=f"moved in {self.shape.label}")
        extra = [c for c in contact_ids if c not in deal.contact_ids]
        if extra:
            changes["contact_ids"] = [*deal.contact_ids, *extra]
        return changes

    def _account(self, name: str) -> Account:
        found = self.accounts.get(name_key(name))
        if found is None:
            found = build(Account, id=self._id(Account), name=name)
            self.accounts[name_key(name)] = found
            self.new.append(found)
        return found

    def _contact(self, name: str, account_id: int) -> Contact:
        found = self.contacts.get((account_id, name_key(name)))
        if found is None:
            found = build(Contact, id=self._id(Contact), name=name, account_id=account_id)
            self.contacts[(account_id, name_key(name))] = found
            self.new.append(found)
        return found

    def _id(self, model: type[Record]) -> int:
        self.next[model] += 1
        return self.next[model] - 1


_SHOWN = ("title", "account_id", "value", "currency", "stage", "expected_close", "next_call_outcome", "lost_reason",
          "contact_ids", "objective_id", "notes")
