"""Provides plan_import(): a CRM's CSV export of deals read as one Change (all or nothing), with every row's outcome."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange.crm import formats
from salesplan_tui.core.exchange.crm.matching import Matcher, name_key, title_key
from salesplan_tui.core.exchange.crm.rows import DEFAULT_CURRENCY, DealRow, read_rows
from salesplan_tui.core.exchange.crm.skipped import Skipped, deal_rows
from salesplan_tui.core.exchange.crm.source import LIMIT, read_table
from salesplan_tui.core.exchange.crm.stages import StageReader
from salesplan_tui.core.exchange.crm.values import BadValue
from salesplan_tui.core.model.change import Change, WorkspaceView, build, revise
from salesplan_tui.core.model.records import Account, Contact, Deal, Record, StageChange, StageKind
from salesplan_tui.core.pipeline.moves import close_date_change

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


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

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def summary(self, *, done: bool = False) -> str:
        """One line: '2 to create, 1 to update, 3 unchanged; 2 new accounts, 1 new contact' ('2 created' when done)."""
        made, moved = ("created", "updated") if done else ("to create", "to update")
        plural = lambda n, word: f"{n} new {word}{'' if n == 1 else 's'}"  # noqa: E731
        return (f"{self.count(CREATE)} {made}, {self.count(UPDATE)} {moved}, {self.count(UNCHANGED)} unchanged; "
                f"{plural(self.new_accounts, 'account')}, {plural(self.new_contacts, 'contact')}")

    def outcome(self, *, dry_run: bool) -> str:
        """What to tell the user at the end: what a dry run would do, or what was imported (or that nothing was)."""
        if dry_run:
            return f"Dry run: {self.summary()}. Nothing was written."
        return f"Imported: {self.summary(done=True)}." if self.change else f"Nothing to change: {self.summary()}."


def plan_import(view: WorkspaceView, raw: bytes | BinaryIO, clock: Clock, *, crm: str | None = None,
                column_map: dict[str, str] | None = None, stage_map: dict[str, str] | None = None,
                decimal: str | None = None, limit: int = LIMIT) -> ImportPlan:
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
    """
    try:
        table, encoding = read_table(raw, limit)
        header = next(table, [])
        if not any(h.strip() for h in header):
            return ImportPlan(crm or "csv", errors=("the file is empty: no header row",))
        return _plan(view, clock, table, header, encoding, crm, column_map, stage_map, decimal)
    except BadValue as e:
        return ImportPlan(crm or "csv", errors=(f"the file {e}",))


def _plan(view: WorkspaceView, clock: Clock, table: Iterator[list[str]], header: list[str], encoding: str,
          crm: str | None, column_map: dict[str, str] | None, stage_map: dict[str, str] | None,
          decimal: str | None) -> ImportPlan:
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
    return _Planner(view, clock, shape, set(columns)).plan(read, tuple(unread), tuple(notes))


class _Planner:
    """Matches rows to the workspace's deals, accounts and contacts and builds the records to write."""

    def __init__(self, view: WorkspaceView, clock: Clock, shape: formats.CrmFormat, present: set[str]) -> None:
        self.view, self.clock, self.shape, self.present = view, clock, shape, present
        self.accounts = {name_key(a.name): a for a in reversed(view.all(Account))}  # the oldest of equal names wins
        self.contacts = {(c.account_id, name_key(c.name)): c for c in reversed(view.all(Contact))}
        deals = view.all(Deal, archived=True)
        # Without the CRM's id, a deal is known by account and title: one imported before, or one typed in salesplan
        # (which the import then adopts, keeping the CRM's id from now on).
        self.matcher = Matcher(deals, shape.name, {a.id: a.name for a in view.all(Account)})
        self.closed = {s.name for s in view.process.stages if s.kind != StageKind.OPEN}
        self.kept_closed: list[str] = []
        self.next: dict[type[Record], int] = {model: view.next_id(model) for model in (Account, Contact, Deal)}
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
        if not errors and (deals or self.new):
            change = Change("import deals", (*made[0], *made[1], *deals),
                            f"Imported from {self.shape.label}: {sum(o.outcome == CREATE for o in outcomes)} created, "
                            f"{sum(o.outcome == UPDATE for o in outcomes)} updated.")
        return ImportPlan(self.shape.name, tuple(outcomes), tuple(errors), change, unread, (*notes, *self.kept_closed),
                          len(made[0]), len(made[1]))

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
        match = self.matcher.find(row.crm_id, account.id, key)
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
            deal = build(Deal, id=self._id(Deal), account_id=account.id, title=row.title, value=row.value,
                         currency=currency, stage=row.stage.name, expected_close=row.expected_close,
                         next_call_outcome=row.next_step, lost_reason=row.lost_reason, contact_ids=contact_ids,
                         rank=self.ranks[row.stage.name], crm=self.shape.name, crm_id=row.crm_id,
                         stage_history=[StageChange(stage=row.stage.name, at=self.clock.now())],
                         created_at=self.clock.now())
            return shown(CREATE, "new deal", currency), deal
        existing = match.deal
        found = f"deal {existing.id} {match.how}" + (f" (also fits deal {', '.join(map(str, match.also))})"
                                                      if match.also else "")
        changes = self._changes(existing, row, account, contact_ids)
        currency = changes.get("currency", existing.currency)
        if existing.stage in self.closed and row.stage.name != existing.stage:
            stage = self.view.process.stage(existing.stage) or stage
            self.kept_closed.append(f"row {row.row}: deal {existing.id} is {existing.stage} here, and stays so (the "
                                    f"file says {row.stage.name}); reopen it in salesplan if it is live again")
            found += f", kept {existing.stage}"
        if not changes:
            return shown(UNCHANGED, found, currency), None
        names = ", ".join(dict.fromkeys(n.replace("_", " ") for n in changes if n in _SHOWN))
        if existing.crm != self.shape.name:
            names = f"linked to {self.shape.label}" + (f"; {names}" if names else "")
        return shown(UPDATE, f"{found}: {names}", currency), revise(existing, at=self.clock.now(), **changes)

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
        changes = {k: v for k, v in wanted.items() if getattr(deal, k) != v}
        if deal.stage in self.closed and row.stage.name != deal.stage:
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
          "contact_ids")
