"""Provides how money and figures are written everywhere: '$1.2M' on a card, '$1,500,000' in a document."""

from __future__ import annotations

import math

from salesplan_tui.core.base.words import plural

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
CURRENCY_OF = {symbol: code for code, symbol in SYMBOLS.items()}
# The largest amount a deal, a target or a figure may hold: a trillion, past any real deal (a digit more is surely a
# slip), so "1e18" or "1e999" is refused naming its field, never shown as nonsense. The CSV import reads the same bound.
MAX_MONEY = 1e12
_STEPS = ((1e12, "T"), (1e9, "B"), (1e6, "M"))  # largest first


def symbol_of(currency: str) -> str:
    """What is written before an amount: '$', '€', or the code and a space ('CHF ')."""
    return SYMBOLS.get(currency, currency + " ")


def short_money(value: float, currency: str = "USD") -> str:
    """An amount as a card or a total says it: '$950', '€58k', '$1.5M', '$1.0T' (never '$1000.0B' or '$1000k')."""
    if not math.isfinite(value):
        return f"{symbol_of(currency)}?"
    sign, size, symbol = ("-" if value < 0 else ""), abs(value), symbol_of(currency)
    # Each step is taken when the amount reaches it, or when the step below would round up to a thousand.
    below = {"T": 1e9, "B": 1e6, "M": 1e3}
    for bound, suffix in _STEPS:
        if size >= bound or round(size / below[suffix], 1 if suffix != "M" else None) >= 1000:
            return f"{sign}{symbol}{size / bound:.1f}{suffix}"
    if size >= 10_000:
        return f"{sign}{symbol}{size / 1000:.0f}k"
    return f"{sign}{symbol}{size:,.0f}"


def long_money(value: float, currency: str = "USD") -> str:
    """An amount written out as a document writes it: '$1,500,000', '€38,000.50', 'CHF 1,250'."""
    sign, size = ("-" if value < 0 else ""), abs(value)
    digits = f"{size:,.0f}" if float(size).is_integer() else f"{size:,.2f}"
    return f"{sign}{symbol_of(currency)}{digits}"


def unit_money(unit: str) -> str | None:
    """The currency an objective's unit names ('$', '€', 'USD', 'eur'), or None when it is not money."""
    text = unit.strip()
    if text in CURRENCY_OF:
        return CURRENCY_OF[text]
    return text.upper() if len(text) == 3 and text.isalpha() and text.isascii() else None


def with_unit(value: float, unit: str = "") -> str:
    """A figure with its unit as the app writes it: '$780,000', '80%', '22 meetings', '3'."""
    currency = unit_money(unit) if unit.strip() in CURRENCY_OF or unit.strip().upper() in SYMBOLS else None
    if currency:
        return long_money(value, currency)
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return text + unit.strip() if unit.strip() == "%" else f"{text} {unit.strip()}".rstrip()


def money_problem(value: float, field: str = "value") -> str:
    """Why an amount cannot be kept ("" when it can): past MAX_MONEY, or not a number; the field is named."""
    if math.isnan(value):
        return f"{field} is not a number"
    if abs(value) > MAX_MONEY:
        return f"{field} is past the largest amount salesplan keeps ({long_money(MAX_MONEY)})"
    return ""


def figure_of(current: float, target: float, unit: str = "") -> str:
    """An objective's figure against its target, as every screen and document says it: '$0 of $1,500,000',
    '80% of 95%', '0 of 20 QBRs' (the unit once, agreeing with the target), '3 of 5'."""
    text = unit.strip()
    if text == "%" or (unit_money(text) and (text in CURRENCY_OF or text.upper() in SYMBOLS)):
        return f"{with_unit(current, text)} of {with_unit(target, text)}"
    shown = f"{current:,.0f}" if float(current).is_integer() else f"{current:,.2f}"
    return f"{shown} of {plural(target, text)}" if text else f"{shown} of {with_unit(target)}"
