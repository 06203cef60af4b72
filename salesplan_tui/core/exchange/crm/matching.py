"""Provides finding the deal a CRM row is: by the CRM's id first, then by account and a title compared loosely."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from salesplan_tui.core.model.records import Deal

_WORDS = re.compile(r"[^\W_]+")


def name_key(text: str) -> str:
    """A name as it is compared: any case, spacing and punctuation (`Acme, Inc.` = `acme inc`)."""
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", text).casefold()))


def title_key(title: str, account: str) -> str:
    """A deal title as it is compared within its account: its words without punctuation or case, and without the
    account's name in front ("Northwind - analytics platform" = "Northwind: analytics platform" = "analytics
    platform", for the account Northwind Traders)."""
    words, lead = name_key(title).split(), name_key(account).split()
    if lead and words[:len(lead)] == lead and len(words) > len(lead):
        words = words[len(lead):]
    elif lead and len(lead[0]) >= 3 and words[:1] == lead[:1] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Match:
    """The deal a row is, how it was found ("by id", "by account and title") and any other deal that fits as well."""

    deal: Deal
    how: str
    also: tuple[int, ...] = ()


class Matcher:
    """The workspace's deals, looked up by a CRM's id, or by account and loose title.

    A deal of another CRM, or one with this CRM's id when the row has another id, is never matched by title: those
    are other records.
    """

    def __init__(self, deals: Iterable[Deal], crm: str, accounts: dict[int, str]) -> None:
        self.crm = crm
        self.by_id: dict[str, Deal] = {}
        self.by_title: dict[tuple[int, str], list[Deal]] = defaultdict(list)
        # A deal still here comes before a deleted one of the same id or title (a duplicate merged away, say).
        for deal in sorted(deals, key=lambda d: (d.archived, d.id)):
            if deal.crm == crm and deal.crm_id:
                self.by_id.setdefault(deal.crm_id, deal)
            if not deal.crm or deal.crm == crm:
                self.by_title[(deal.account_id, title_key(deal.title, accounts.get(deal.account_id, "")))].append(deal)

    def find(self, crm_id: str, account_id: int, key: str) -> Match | None:
        """The deal a row with this id (may be empty), account and title key is, or None for a new one."""
        if crm_id and crm_id in self.by_id:
            return Match(self.by_id[crm_id], "by id")
        fits = [d for d in self.by_title.get((account_id, key), ())
                if not (crm_id and d.crm == self.crm and d.crm_id and d.crm_id != crm_id)]
        if not fits:
            return None
        live = [d for d in fits if not d.archived] or fits[:1]  # a deleted copy of a deal here is no second fit
        return Match(live[0], "by account and title", tuple(d.id for d in live[1:]))

    def near(self, crm_id: str, account_id: int, key: str) -> list[Deal]:
        """The deals here of the same account whose title is close to the row's without being it: the words of one
        are all in the other ("analytics" and "analytics platform"); a row that may or may not be one of them."""
        words = set(key.split())
        found = []
        for (account, other), deals in self.by_title.items():
            theirs = set(other.split())
            if account != account_id or not words or not theirs or not (words < theirs or theirs < words):
                continue
            found += [d for d in deals if not d.archived
                      and not (crm_id and d.crm == self.crm and d.crm_id and d.crm_id != crm_id)]
        return sorted(found, key=lambda d: d.id)
