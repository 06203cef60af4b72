"""Provides the reading of a CRM export's rows into deal values, each bad cell named with its row's reason."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from salesplan_tui.core.base.words import plural
from salesplan_tui.core.exchange.crm import money, values
from salesplan_tui.core.exchange.crm.stages import StageReader
from salesplan_tui.core.model.records import Stage

T = TypeVar("T")

DEFAULT_CURRENCY = "USD"


@dataclass(frozen=True)
class DealRow:
    """One row of the export, read: its row number in the spreadsheet (the header is row 1) and its values."""

    row: int
    title: str = ""
    account: str = ""
    value: float = 0.0
    currency: str = ""  # as the row says it (a symbol, a code or its currency column); empty when it says none
    stage: Stage | None = None
    crm_stage: str = ""
    expected_close: dt.date | None = None
    next_step: str = ""
    next_step_due: dt.date | None = None  # the day the CRM's next activity is set for, when it says
    contact: str = ""
    crm_id: str = ""
    lost_reason: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)


def read_rows(found: list[tuple[int, list[str]]], columns: dict[str, int], stages: StageReader, *,
              decimal: str | None = None, notes: list[str] | None = None) -> list[DealRow]:
    """Each row's deal values; a row whose cells do not read says why in its problems (every reason, not the first).
    An amount that reads two ways is read with `decimal` (the user's word), else with the mark its column shows, and
    `notes` then says so."""
    close_at, value_at = columns.get("expected_close"), columns.get("value")
    day_first = values.day_first([r[close_at] for _, r in found if close_at < len(r)]) if close_at is not None else False
    guessed = decimal is None and value_at is not None
    if guessed and value_at is not None:
        decimal = money.decimal_mark(r[value_at] for _, r in found if value_at < len(r))
    decided: list[str] = []
    read = [_read(n, row, columns, stages, day_first, decimal, decided) for n, row in found]
    if guessed and decided and notes is not None:
        notes.append(f"{plural(len(decided), 'amount')} that read two ways (such as "
                     f"{decided[0]!r}) read with {decimal!r} as the decimal mark, as the amount column's other cells "
                     f"write it; say otherwise with --decimal")
    return read


def _read(n: int, row: list[str], columns: dict[str, int], stages: StageReader, day_first: bool,
          decimal: str | None, decided: list[str]) -> DealRow:
    def cell(name: str) -> str:
        at = columns.get(name)
        return row[at].strip() if at is not None and at < len(row) else ""  # a tab or CR inside is the user's text

    problems: list[str] = []
    got: dict[str, object] = {"row": n, "title": cell("title"), "account": cell("account"), "contact": cell("contact"),
                              "crm_id": cell("crm_id"), "crm_stage": cell("stage")}
    at = columns.get("next_step")
    got["next_step"] = row[at].strip() if at is not None and at < len(row) else ""
    got["lost_reason"] = cell("lost_reason")
    try:  # a next activity's day helps the coach; one that does not read leaves the step to be asked about
        got["next_step_due"] = values.date(cell("next_step_due"), day_first=day_first)
    except values.BadValue:
        got["next_step_due"] = None
    if not got["title"]:
        problems.append("the deal name is missing")
    if not got["account"]:
        problems.append("the account name is missing")

    def attempt(read: Callable[[str], T], name: str) -> tuple[bool, T | None]:
        """A cell read by its rule, and whether it could be; a bad one is a problem of the row (every bad cell is
        named, not only the first)."""
        try:
            return True, read(cell(name))
        except values.BadValue as e:
            problems.append(str(e))
            return False, None

    code = cell("currency").upper()
    if code and not re.fullmatch(r"[A-Z]{3}", code):
        problems.append(f"the currency {cell('currency')!r} is not a three-letter code such as USD")
        code = ""
    read_value, found = attempt(lambda text: money.amount(text, decimal=decimal, currency=code or None,
                                                                decided=decided), "value")
    if read_value and found is not None:
        got["value"], symbol = found
        if code and symbol and code != symbol:
            problems.append(f"the amount {cell('value')!r} is in {symbol} but the currency column says {code}")
        got["currency"] = code or symbol or ""
    read_close, closing = attempt(lambda text: values.date(text, day_first=day_first), "expected_close")
    if read_close:
        got["expected_close"] = closing
    _, probability = attempt(values.percent, "probability")
    if "expected_close" in columns and got.get("expected_close") is None and cell("expected_close") == "":
        problems.append("the close date is missing")
    try:
        got["stage"] = stages.read(cell("stage"), status=cell("status"), probability=probability)
    except values.BadValue as e:
        problems.append(str(e))
    return DealRow(**got, problems=tuple(problems))  # type: ignore[arg-type]
