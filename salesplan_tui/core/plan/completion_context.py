"""Provides completion_context(): what the workspace knows that can complete an answer about a deal or objective."""

from __future__ import annotations

import datetime as dt
import re

from salesplan_tui.core.coach import Judgement, Lexicon
from salesplan_tui.core.coach.completions import (
    Completion,
    CompletionContext,
    Person,
    completions,
    names_account,
)
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Account, ActionStatus, Contact, Deal, Objective
from salesplan_tui.core.plan.action_ops import judge_answer

_STOP = frozenset({"the", "a", "an", "and", "or", "of", "to", "for", "with", "on", "in", "by", "is", "are", "its",
                   "it", "who", "what", "we", "our", "their"})
DONE_SHARE = 0.6  # a playbook item counts as done when a done step says most of its words ("agree the signature date")


def completion_context(view: WorkspaceView, *, deal_id: int | None = None, objective_id: int | None = None,
                       about: str = "") -> CompletionContext:
    """The people an answer can be aimed at and the results its deal's stage asks for.

    People: the deal's contacts first, then its account's other contacts; with no deal, the contacts of the
    objective's account; with neither, the contacts of the accounts `about` names (the answer itself, or the
    action it answers for: "touch base with Litware" is about Litware Bank's people). Results: the stage's
    playbook items and exit criteria, leaving out those a done step of the deal already got.
    """
    deal = view.get(Deal, deal_id) if deal_id is not None else None
    objective = view.get(Objective, objective_id) if objective_id is not None else None
    account_id = deal.account_id if deal else (objective.account_id if objective else None)
    accounts = {a.id: a for a in view.all(Account) if not a.archived}
    named = [account_id] if account_id is not None else [a.id for a in accounts.values() if names_account(about, a.name)]
    contacts = {c.id: c for c in view.all(Contact)}
    ids = [i for i in (deal.contact_ids if deal else []) if i in contacts]
    ids += [i for account in named for i, c in contacts.items() if c.account_id == account]
    people = tuple(Person(contacts[i].name, contacts[i].role,
                          accounts[contacts[i].account_id].name if contacts[i].account_id in accounts else "")
                   for i in dict.fromkeys(ids))
    if deal is None:
        return CompletionContext(people=people)
    stage = view.process.stage(deal.stage)
    done = [_words(a.outcome) for a in view.actions_by("deal_id").get(deal.id, []) if a.status == ActionStatus.DONE]
    still = tuple(item for item in (stage.playbook if stage else []) if not _got(item, done))
    criteria = tuple(item for item in (stage.exit_criteria if stage else []) if not _got(item, done))
    return CompletionContext(people=people, playbook=still, exit_criteria=criteria)


def offers_for(view: WorkspaceView, text: str, verdict: Judgement, today: dt.date, *, lexicon: Lexicon | None = None,
               deal_id: int | None = None, objective_id: int | None = None, about: str = "") -> list[Completion]:
    """What completes a refused answer about a deal or objective, each offer read by the coach as the app reads it.

    Args:
        about: more words the answer is about besides its own (the action it answers for), for naming an account.
    """
    context = completion_context(view, deal_id=deal_id, objective_id=objective_id, about=f"{text}\n{about}")
    return completions(text, verdict, today, context,
                       check=lambda said: judge_answer(view, said, today=today, lexicon=lexicon, deal_id=deal_id))


def _words(text: str) -> set[str]:
    """The words that carry a result's meaning (a crude stem: 'agreed' and 'agree' meet)."""
    return {w.rstrip("s").removesuffix("ed").removesuffix("e") for w in re.findall(r"[a-z0-9]+", text.casefold())
            if w not in _STOP}


def _got(item: str, done: list[set[str]]) -> bool:
    wanted = _words(item)
    return bool(wanted) and any(len(wanted & said) >= DONE_SHARE * len(wanted) for said in done)
