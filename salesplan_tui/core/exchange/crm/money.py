"""Provides the reading of a money amount as written in its locale (Babel's number parsing): `€ 38.000`, `$1.5M`."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from babel import Locale
from babel.numbers import NumberFormatError, get_currency_precision, get_group_symbol, parse_decimal

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.base.money_text import MAX_MONEY, money_problem
from salesplan_tui.core.exchange.crm.values import BadValue

SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF", "R$": "BRL",
           "C$": "CAD", "A$": "AUD", "kr": "SEK", "Fr.": "CHF", "zł": "PLN"}
# The decimal mark → the locales whose numbers use it (Babel checks each one's grouping: 1,234,567 or 1,23,456 or
# 1'234.50 with a point; 1.234.567,89 with a comma).
LOCALES = {mark: tuple((Locale.parse(name), get_group_symbol(name)) for name in names)
           for mark, names in ((".", ("en_US", "en_IN", "de_CH")), (",", ("de_DE",)))}
SCALES = {"k": 10**3, "m": 10**6, "mm": 10**6, "mio": 10**6, "b": 10**9, "bn": 10**9, "mrd": 10**9}
MAX = Decimal(int(MAX_MONEY))  # a trillion: no one deal is worth more; past it a digit is surely one too many
_SCALE = re.compile(r"^(.*?\d)\s*(k|mm|m|mio\.?|bn|b|mrd\.?)$", re.IGNORECASE)
_CODE = re.compile(r"^([A-Z]{3})\s*(.*)$|^(.*?)\s*([A-Z]{3})$")
_DIGITS = re.compile(r"^[\d.,'’ ]*\d[\d.,'’ ]*$")
_SPACES = re.compile(r"(?<=\d) (?=\d)")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")  # a number as Python writes it ("1.2e+06", "-2")


def amount(cell: str, *, decimal: str | None = None, currency: str | None = None,
           decided: list[str] | None = None) -> tuple[float, str | None]:
    """A money amount and the currency its symbol or code names (None when it names none). Empty is 0.

    Args:
        cell: the amount as written: `€ 38.000`, `38.000,50 €`, `1,234.56`, `CHF 1'250`, `$1.5M`, `120k`.
        decimal: the file's decimal mark ("." or ","), which decides an amount that reads two ways (`1.234`).
        currency: the row's currency when its own column names it: a reading finer than that currency's
            smallest unit (`38.000` euros read as 38.000) is not money.
        decided: when given, the cell is added to it when `decimal` decided between two readings.
    Raises BadValue (one line) for a negative, unreadable or absurd amount, and for one that still reads two ways.
    """
    text = " ".join(cell.split())
    if not text:
        return 0.0, None
    said = _quoted(cell)
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise BadValue(f"the amount {said} is not a number of money")
    named, text = _currency(text)
    if text.startswith(("-", "−", "(")) or text.endswith(")"):
        raise BadValue(f"the amount {said} is negative")
    scale = 1
    if found := _SCALE.match(text):
        text, scale = found.group(1), SCALES[found.group(2).casefold().rstrip(".")]
    if not _DIGITS.match(text):
        raise BadValue(f"the amount {said} is not a number of money")
    readings = _readings(text, None if scale > 1 else named or currency)
    if not readings:
        raise BadValue(f"the amount {said} is not a number of money")
    if len(set(readings.values())) > 1 and decimal in readings:
        readings = {decimal: readings[decimal]}
        if decided is not None:
            decided.append(cell.strip())
    if len(set(readings.values())) > 1:
        point, comma = (readings[mark] * scale for mark in (".", ","))
        raise BadValue(f"the amount {said} reads two ways ({point:,f} or {comma:,f}); write it without doubt, or give "
                       f"the file's decimal mark with --decimal (',' or '.')")
    value = next(iter(readings.values())) * scale
    if value > MAX:
        raise BadValue(f"the amount {said} is more than {MAX:,.0f}: is a digit too many?")
    return float(value), named


def decimal_mark(cells: Iterable[str]) -> str | None:
    """The decimal mark a column's amounts show when each that reads one way only uses the same one: `15500.50`
    says "."; `12.500,00` says ","; None when none says, or they disagree."""
    marks: set[str] = set()
    for cell in cells:
        text = " ".join(cell.split())
        named, text = _currency(text)
        if not _DIGITS.match(text):
            continue
        readings = _readings(text, named)
        if len(readings) == 1:
            marks.update(readings)
    return marks.pop() if len(marks) == 1 else None


@functools.lru_cache(maxsize=8192)
def _readings(number: str, currency: str | None) -> dict[str, Decimal]:
    """Each decimal mark the number reads with, and its value then; a reading finer than the currency's smallest
    unit is left out when another remains. (Cached: Babel's strict check formats each reading again.)"""
    if number.isdigit():
        return {".": Decimal(number), ",": Decimal(number)}  # no mark: every locale reads it the same
    found: dict[str, Decimal] = {}
    for mark, locales in LOCALES.items():
        for locale, group in locales:
            written = _SPACES.sub(group, number.replace("’", "'"))
            try:
                found[mark] = parse_decimal(written, locale, strict=True)
                break
            except NumberFormatError:
                continue
    if currency and len(found) > 1:
        places = get_currency_precision(currency)
        fitting = {m: v for m, v in found.items() if -int(v.as_tuple().exponent) <= places}
        found = fitting or found
    return found


def _currency(text: str) -> tuple[str | None, str]:
    """The currency a symbol or an ISO code before or after the number names, and the text without it."""
    for symbol in sorted(SYMBOLS, key=len, reverse=True):
        if text.startswith(symbol):
            return SYMBOLS[symbol], text.removeprefix(symbol).strip()
        if text.endswith(symbol):
            return SYMBOLS[symbol], text.removesuffix(symbol).strip()
    if (found := _CODE.match(text)) and (found.group(1) or found.group(4)) not in ("MIO", "MRD"):
        code, rest = (found.group(1), found.group(2)) if found.group(1) else (found.group(4), found.group(3))
        return code, rest.strip()
    return None, text


def _quoted(cell: str) -> str:
    """The cell as a message quotes it: escapes shown, not run, and a long one cut."""
    text = cell.strip()
    return repr(text if len(text) <= 40 else text[:39] + "…")


def typed_amount(text: str, field: str) -> float:
    """A figure typed in a form (a deal's value, an objective's target), read as the import reads money: `$1.5M`,
    `120k`, `€ 38.000`, `1,234.56`, or a plain number (`-2`, `12.5`); one that reads two ways (`780,000`) is read as
    the app writes numbers, with "." as the decimal mark. Raises ValidationFailed naming the field."""
    cell = text.strip()
    try:
        if not _PLAIN.match(cell):
            raise ValueError(cell)
        value = float(cell)
    except ValueError:
        try:  # the app writes "1,200,000": a figure that reads two ways is read with the app's own mark, "."
            value, _ = amount(cell, decimal=".")
        except BadValue as e:
            said = str(e).split("; write it without doubt")[0]
            hint = ("; write it without doubt (1234 or 1.234,00)" if "two ways" in said
                    else ": use digits, like 12.5, 120k or $1.5M")
            raise ValidationFailed.on(field, f"{said}{hint}") from None
    if problem := money_problem(value, field):
        raise ValidationFailed.on(field, problem)
    return value
