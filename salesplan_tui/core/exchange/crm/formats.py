"""Provides the shapes of CRM deal exports: each CRM's column names for each deal field, and telling them apart."""

from __future__ import annotations

from dataclasses import dataclass

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange.crm.values import key

# The deal fields an export's columns can fill; `--map COLUMN=FIELD` names one of them (or `ignore`).
FIELDS = ("title", "account", "value", "currency", "stage", "expected_close", "probability", "next_step", "contact",
          "crm_id", "status", "lost_reason", "next_step_due")
FIELD_ALIASES = {"name": "title", "deal": "title", "amount": "value", "close": "expected_close",
                 "close_date": "expected_close", "id": "crm_id", "company": "account", "organization": "account"}
REQUIRED = ("title", "account", "stage", "expected_close")
IGNORE = "ignore"


@dataclass(frozen=True)
class CrmFormat:
    """One CRM's deal export: its name, the columns that give it away, and the column names of each field.

    Args:
        name: the CRM's id as `--from` takes it and as deals remember it.
        label: the CRM's name for people.
        signature: columns only this CRM's export has (compared by letters and digits, any case).
        columns: for each field, the column names this CRM uses for it, the most usual first.
    """

    name: str
    label: str
    signature: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]


# Column names any spreadsheet of deals might use; every CRM's own names are tried first.
GENERIC: dict[str, tuple[str, ...]] = {
    "title": ("Deal", "Deal name", "Opportunity", "Name", "Title"),
    "account": ("Account", "Company", "Organization", "Organisation", "Customer", "Client"),
    "value": ("Amount", "Value", "Deal value", "Deal amount"),
    "currency": ("Currency", "Currency code"),
    "stage": ("Stage", "Deal stage", "Sales stage"),
    "expected_close": ("Close date", "Expected close date", "Expected close", "Close"),
    "probability": ("Probability", "Probability (%)", "Win probability"),
    "next_step": ("Next step", "Next steps", "Next activity", "Next activity subject"),
    "next_step_due": ("Next step date", "Next step due", "Next activity date"),
    "contact": ("Contact", "Contact name", "Primary contact"),
    "crm_id": ("ID", "Record ID", "Deal ID"),
    "status": ("Status",),
    "lost_reason": ("Lost reason", "Loss reason", "Closed lost reason"),
}

SALESFORCE = CrmFormat("salesforce", "Salesforce", ("Opportunity Name", "Opportunity ID", "Opportunity Owner",
                                                     "Opportunity Currency", "Fiscal Period"), {
    "title": ("Opportunity Name", "Opportunity: Opportunity Name", "Name"),
    "account": ("Account Name", "Account: Account Name", "Account"),
    "value": ("Amount", "Amount (converted)", "Total Price"),
    "currency": ("Opportunity Currency", "Amount Currency", "Currency ISO Code", "CurrencyIsoCode"),
    "stage": ("Stage", "StageName", "Stage Name"),
    "expected_close": ("Close Date", "CloseDate"),
    "probability": ("Probability (%)", "Probability"),
    "next_step": ("Next Step", "NextStep"),
    "contact": ("Primary Contact", "Contact Name", "Contact: Full Name", "Contact"),
    "crm_id": ("Opportunity ID", "Opportunity ID (18)", "Opportunity: ID", "Id"),
    "lost_reason": ("Loss Reason", "Closed Lost Reason", "Reason Lost"),
})

HUBSPOT = CrmFormat("hubspot", "HubSpot", ("Deal Name", "Deal Stage", "Deal owner", "Associated Company",
                                            "Deal probability", "Record ID"), {
    "title": ("Deal Name",),
    "account": ("Associated Company", "Associated Company (Primary)", "Company name", "Associated Companies"),
    "value": ("Amount", "Amount in company currency"),
    "currency": ("Currency", "Deal currency code"),
    "stage": ("Deal Stage",),
    "expected_close": ("Close Date",),
    "probability": ("Deal probability", "Forecast probability"),
    "next_step": ("Next step", "Next activity", "Next activity subject"),
    "next_step_due": ("Next activity date",),
    "contact": ("Associated Contact", "Associated Contact (Primary)", "Associated Contacts"),
    "crm_id": ("Record ID", "Deal ID"),
    "lost_reason": ("Closed lost reason",),
})

PIPEDRIVE = CrmFormat("pipedrive", "Pipedrive", ("Deal - Title", "Deal - Stage", "Deal - Status", "Deal - Value",
                                                  "Deal - ID", "Deal - Organization"), {
    "title": ("Deal - Title", "Title"),
    "account": ("Deal - Organization", "Organization - Name", "Organization"),
    "value": ("Deal - Value", "Value"),
    "currency": ("Deal - Currency", "Currency"),
    "stage": ("Deal - Stage", "Stage"),
    "expected_close": ("Deal - Expected close date", "Expected close date"),
    "probability": ("Deal - Probability", "Probability"),
    "next_step": ("Deal - Next activity subject", "Deal - Next activity", "Deal - Next step", "Next activity subject",
                  "Next activity"),
    "next_step_due": ("Deal - Next activity date", "Next activity date"),
    "contact": ("Deal - Contact person", "Person - Name", "Contact person"),
    "crm_id": ("Deal - ID", "ID"),
    "status": ("Deal - Status", "Status"),
    "lost_reason": ("Deal - Lost reason", "Lost reason"),
})

FORMATS = {f.name: f for f in (SALESFORCE, HUBSPOT, PIPEDRIVE)}
NONE = CrmFormat("csv", "a spreadsheet", (), {})


def recognise(header: list[str]) -> CrmFormat | None:
    """The CRM whose export has the most of its signature columns in the header; None when none (or a tie) shows."""
    keys = {key(h) for h in header}
    scored = [(sum(key(s) in keys for s in f.signature), f) for f in FORMATS.values()]
    scored.sort(key=lambda pair: -pair[0])
    (best, found), (second, _) = scored[0], scored[1]
    return found if best > second else None  # a tie tells nothing


def field_name(given: str) -> str:
    """The field a `--map` names, by its name or a common alias; raises ValueError listing the fields."""
    name = given.strip().lower().replace(" ", "_").replace("-", "_")
    name = FIELD_ALIASES.get(name, name)
    if name not in FIELDS and name != IGNORE:
        raise ValueError(f"{given!r} is not a deal field (use one of {', '.join(FIELDS)}, or ignore)")
    return name


def columns_of(header: list[str], crm: CrmFormat, mapped: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds each field (by position), and the columns left unread.

    `mapped` (column name → field, from `--map`) comes first; then the CRM's names; then the generic ones. A column
    is read for one field at most. Raises ValueError for a mapped column that the header does not have.
    """
    keys = [key(h) for h in header]
    taken: dict[str, int] = {}
    used: set[int] = set()
    for column, field in mapped.items():
        if key(column) not in keys:
            raise ValueError(f"--map names the column {column!r}, which the file does not have")
        at = keys.index(key(column))
        used.add(at)
        if field != IGNORE:
            taken[field] = at
    for names in (crm.columns, GENERIC):
        for field, aliases in names.items():
            if field in taken:
                continue
            for alias in aliases:
                found = next((i for i, k in enumerate(keys) if k == key(alias) and i not in used), None)
                if found is not None:
                    taken[field] = found
                    used.add(found)
                    break
    unread = [h for i, h in enumerate(header) if i not in used and h.strip()]
    return taken, unread


def pairs(items: tuple[str, ...] | list[str], option: str) -> dict[str, str]:
    """`--map` or `--map-stage` values (`NAME=VALUE`, split at the last `=`) as a dict; raises ValidationFailed."""
    found = {}
    for item in items:
        left, sep, right = item.rpartition("=")
        if not sep or not left.strip() or not right.strip():
            raise ValidationFailed.on(option, f"{option} takes NAME=VALUE, not {item!r}")
        found[left.strip()] = right.strip()
    return found
