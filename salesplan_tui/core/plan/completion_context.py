"""Provides completion_context(): what the workspace knows that can complete an answer about a deal or objective."""

from __future__ import annotations

import datetime as dt
import re

from salesplan_tui.core.coach import Judgement, Lexicon, judge
from salesplan_tui.core.coach.completions import (
    Completion,
    CompletionContext,
    Person,
    completions,
    names_account,
)
from salesplan_tui.core.coach.names import known_names
from salesplan_tui.core.coach.purposes import EXPANSION, NEW_LOGO, RENEWAL
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Account, ActionStatus, Contact, Deal, Objective, StageKind
from salesplan_tui.core.plan.action_ops import judge_answer

_STOP = frozenset({"the", "a", "an", "and", "or", "of", "to", "for", "with", "on", "in", "by", "is", "are", "its",
                   "it", "who", "what", "we", "our", "their"})
# What a deal's title says it is: a renewal, or more for a customer (any deal of an account that has won one is too).
_RENEWAL = re.compile(r"\brenew\w*", re.IGNORECASE)
_EXPANSION = re.compile(r"\b(?:expan\w*|add[- ]?ons?|upsell\w*|upgrade\w*|extension|phase\s*[2-9]|additional|more\s+seats|"
                        r"cross[- ]?sell\w*)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w&'’-]*")
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
    people = tuple(Person(contacts[i].name, contacts[i].role, _account_name(accounts, contacts[i].account_id))
                   for i in dict.fromkeys(ids))
    if deal is None:
        return CompletionContext(people=people)
    stage = view.process.stage(deal.stage)
    steps = view.actions_by("deal_id").get(deal.id, [])
    done = [_words(a.outcome) for a in steps if a.status == ActionStatus.DONE]
    still = tuple(item for item in (stage.playbook if stage else []) if not _got(item, done))
    criteria = tuple(item for item in (stage.exit_criteria if stage else []) if not _got(item, done))
    said = _words(about)
    open_steps = tuple(a.outcome for a in steps if a.is_open and a.outcome.strip() and _words(a.outcome) - said)
    return CompletionContext(people=people, playbook=still, exit_criteria=criteria, kind=deal_kind(view, deal),
                             open_steps=open_steps)


def deal_kind(view: WorkspaceView, deal: Deal) -> str:
    """What a deal is, for the results it needs: a renewal, an expansion (more for a customer: its title says so, or
    its account has won a deal before or is renewing one) or a new logo."""
    if _RENEWAL.search(deal.title):
        return RENEWAL
    if _EXPANSION.search(deal.title):
        return EXPANSION
    won = {s.name for s in view.process.stages if s.kind == StageKind.WON}
    customer = any(d.account_id == deal.account_id and d.id != deal.id and (d.stage in won or _RENEWAL.search(d.title))
                   for d in view.all(Deal))  # won before, or renewing: a customer already
    return EXPANSION if customer else NEW_LOGO


def _account_name(accounts: dict[int, Account], account_id: int | None) -> str:
    account = accounts.get(account_id) if account_id is not None else None
    return account.name if account is not None else ""


def offers_for(view: WorkspaceView, text: str, verdict: Judgement, today: dt.date, *, lexicon: Lexicon | None = None,
               deal_id: int | None = None, objective_id: int | None = None, about: str = "") -> list[Completion]:
    """What completes a refused answer about a deal or objective, each offer read by the coach as the app reads it.

    Args:
        about: more words the answer is about besides its own (the action it answers for), for naming an account.
    """
    context = completion_context(view, deal_id=deal_id, objective_id=objective_id, about=f"{text}\n{about}")
    return completions(text, verdict, today, context,
                       check=lambda said: judge_answer(view, said, today=today, lexicon=lexicon, deal_id=deal_id))


def as_stored(view: WorkspaceView, text: str, *, today: dt.date, lexicon: Lexicon | None = None,
              deal_id: int | None = None) -> str:
    """An accepted answer as it is stored, so that the coach reads it the same wherever it reads it again (the next
    review, a one-on-one, `salesplan judge`), none of which knows this workspace's names: where the answer reads
    otherwise without them, the names it is aimed at spelled as the workspace has them ("globex" → "Globex Retail",
    "priya" → "Priya Nair"). The text as typed when it is no plan, reads the same anywhere, or would read otherwise
    (another owner or day) once spelled."""
    verdict = judge_answer(view, text, today=today, lexicon=lexicon, deal_id=deal_id)
    if not verdict.specific or not verdict.target:
        return text
    anywhere = judge(text, today=today, lexicon=lexicon)  # as read knowing no workspace: as typed when it agrees
    if _same(anywhere, verdict):
        return text
    spelled = their_spelled(view, spelled_names(view, text, verdict.target, deal_id=deal_id), verdict.target,
                            deal_id=deal_id)
    if spelled == text:
        return text
    again = judge_answer(view, spelled, today=today, lexicon=lexicon, deal_id=deal_id)
    same = again.specific and (again.owner, again.due) == (verdict.owner, verdict.due)
    return spelled if same else text


def their_spelled(view: WorkspaceView, text: str, target: str, *, deal_id: int | None = None) -> str:
    """The text with "their CFO", read as the deal's customer's, said as "Contoso Health's CFO": the deal is what made
    it someone, and nothing that reads the stored sentence again knows the deal."""
    deal = view.get(Deal, deal_id) if deal_id is not None else None
    account = view.get(Account, deal.account_id) if deal is not None and deal.account_id is not None else None
    said = re.match(r"(?i)their\s+(.+)", target.strip())
    if account is None or said is None:
        return text
    return re.sub(rf"(?i)\btheir\s+(?={re.escape(said.group(1))})", f"{account.name}'s ", text, count=1)


def _same(one: Judgement, other: Judgement) -> bool:
    return one.specific == other.specific and (one.owner, one.target, one.outcome, one.due) == (
        other.owner, other.target, other.outcome, other.due)


def spelled_names(view: WorkspaceView, text: str, target: str, *, deal_id: int | None = None) -> str:
    """The text with each name the target was read from spelled as the workspace has it: a contact's or account's
    name said in another case, a contact's first or last name alone, an account's first word alone."""
    deal = view.get(Deal, deal_id) if deal_id is not None else None
    contacts = tuple(c.name for c in view.all(Contact))
    focus = tuple(c.name for c in (view.get(Contact, i) for i in (deal.contact_ids if deal else [])) if c is not None)
    names = known_names(contacts, tuple(a.name for a in view.all(Account) if not a.archived), focus)
    aimed = target.casefold()
    tokens = list(_WORD.finditer(text))
    lowered = [t.group().casefold().removesuffix("'s").removesuffix("’s") for t in tokens]
    out, i, end = [], 0, 0
    while i < len(tokens):
        found = names.phrase_at(lowered[i:])
        count, name = found if found else (1, names.person(lowered[i]) or names.account_by_first_word(lowered[i]))
        start, stop = tokens[i].start(), tokens[i + count - 1].end()
        said = text[start:stop]
        possessive = said[-2:] if said.casefold().endswith(("'s", "’s")) else ""
        said = said[: len(said) - len(possessive)]
        if name and said != name and (name.casefold() in aimed or re.search(rf"\b{re.escape(said.casefold())}\b", aimed)):
            out += [text[end:start], name + possessive]
            end = stop
        i += count
    return "".join(out) + text[end:]


def _words(text: str) -> set[str]:
    """The words that carry a result's meaning (a crude stem: 'agreed' and 'agree' meet)."""
    return {w.rstrip("s").removesuffix("ed").removesuffix("e") for w in re.findall(r"[a-z0-9]+", text.casefold())
            if w not in _STOP}


def _got(item: str, done: list[set[str]]) -> bool:
    wanted = _words(item)
    return bool(wanted) and any(len(wanted & said) >= DONE_SHARE * len(wanted) for said in done)
