"""Provides the owner: the subject of the answer's plan (I, an imperative, a named colleague), and where its predicate starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.assigned import assigned_owner
from salesplan_tui.core.coach.reader import (
    AUXILIARIES,
    DISCOURSE,
    FILLERS,
    FIRST_PERSON,
    FIRST_PERSON_TYPOS,
    IRREGULAR,
    LEAD_WORDS,
    PRONOUNS,
    Reader,
)

# What may stand between a subject and the verb it promises: "will", "'ll", "needs to", "is going to", "am".
_AUX_PHRASE = compiled(
    r"\s*(?:will|'ll|shall|must|can|is\s+to|are\s+to|am\s+to|needs?\s+to|has\s+to|have\s+to|got\s+to|gotta|"
    r"(?:am|is|are|'m|'s|'re)\s+going\s+to|gonna|going\s+to|plans?\s+to|intends?\s+to|promised?\s+to|"
    r"commits?\s+to|(?:am|is|are|'m|'s|'re)\s+(?:planning|committed|scheduled|set)\s+to|"
    # "I'm the one getting that signature", "I'm the one who'll book it": the speaker named as the doer
    r"(?:(?:am|'m)\s+|(?<='m\s)|(?<=\bam\s))the\s+one(?:\s+(?:who|that)(?:'s|'ll|\s+is|\s+will)?)?|"
    r"am|is|are|'m|'s|'re)\b",
    re.IGNORECASE,
)
_PASSIVE = compiled(
    r"\b(?:will\s+be|is\s+being|are\s+being|is|are|gets|get|got|was|were|has\s+been|have\s+been|be)\s+"
    r"(?:\w+ed|\w+en|sent|held|done|set\s+up|made|built|run|sold|paid|met)\b",
    re.IGNORECASE,
)
# Verbs of opinion: "I think", "I feel", "I guess" say what the speaker believes, not what they will do.
_OPINION = frozenset(["think", "feel", "guess", "believe", "suppose", "reckon", "doubt", "wonder", "suspect"])
# How a note to self starts when the "I" is left out: "Need to get ...", "Will send ...", "Gonna book ...".
_IMPLIED_I = frozenset(["need", "needs", "will", "gonna", "must", "going", "gotta", "have", "got"])
# What only the buyer does: "Hooli is going to sign", "Contoso will decide" (a colleague gets things signed).
_BUYER_ACTS = frozenset(["sign", "decide", "buy", "purchase", "pay", "renew", "award", "choose", "select", "countersign"])
_CUSTOMER_DOES = compiled(r"\b(?:us|our\s+team|back\s+to\s+us|to\s+us|our\s+way)\b", re.IGNORECASE)


# Phrases that only turn to the plan: "either way, I'll ...", "that said, ...", "what I'm doing about it: ...".
_LEAD_PHRASE = compiled(r"(?:either\s+way|that\s+said|even\s+so|in\s+any\s+case|all\s+the\s+same|ignoring\s+all\s+that|"
                       r"so\s+yeah|so\s+basically|the\s+plan\s+is|my\s+plan\s+is(?:\s+to)?)\b[\s,]*", re.IGNORECASE)


_PLACED = compiled(r"\s+(?:at|from|of|in)\s+(?:[A-Z][\w'&.-]*\s*)+")


@dataclass(frozen=True)
class Owner:
    """Who will do it ("me" or a name), the token where the promised verb starts, and the owner's own words."""

    name: str | None
    predicate: int  # index of the first token of the predicate (len(tokens) when there is none)
    span: tuple[int, int] = (0, 0)  # characters naming the owner (and their appositive): never the target


def find_owner(r: Reader) -> Owner:
    """The first clause whose subject promises something names the owner; failing that, the first clause's problem."""
    if not r.tokens:
        return Owner(None, 0)
    assigned = assigned_owner(r)
    if assigned is not None:
        return Owner(*assigned)
    first_problem: Owner | None = None
    base = len(r.flags)  # flags before this are the commitment's and the due date's: never dropped here
    seen_clauses: set[int] = set()
    for tok in r.tokens:
        if tok.clause in seen_clauses:
            continue
        seen_clauses.add(tok.clause)
        mark = len(r.flags)
        found = _subject(r, _subject_start(r, tok.index))
        if found is None:
            del r.flags[mark:]
            continue
        if found.name is not None:
            del r.flags[base:]  # an earlier clause's doubtful subject is context, not the plan
            return found
        if first_problem is None:
            first_problem = found
        else:
            del r.flags[mark:]
    promise = _first_person_anywhere(r)
    if promise is not None:
        del r.flags[base:]
        return promise
    if first_problem is not None:
        return first_problem
    # "by 12/18 to get 3 references agreed ...": no subject, but the task is said; the owner is asked for where it
    # starts, and the result is read from it
    task = _subject_start(r, 0)
    while task < len(r.tokens) and r.tokens[task].low in ("to", "and"):
        task += 1
    if task < len(r.tokens) and r.is_verb(r.tokens[task].low) and r.tokens[task].low == r.lemma(r.tokens[task].low):
        r.flag(r.tokens[task].start, r.tokens[task].end, "owner", "who will do it?")
        return Owner(None, task)
    r.flag(r.tokens[0].start, r.tokens[0].end, "owner", "who will do it?")
    return Owner(None, len(r.tokens))


def later_owners(r: Reader, first: Owner) -> list[Owner]:
    """The subjects of later clauses that promise something, and later "I"s: where the plan may be when the first
    subject's clause is context ("I might be wrong about their budget, but tomorrow I'll get Chen to confirm ...")."""
    if first.name is None or first.predicate >= len(r.tokens):
        return []
    mark = len(r.flags)
    found: list[Owner] = []
    seen = {r.tokens[first.predicate].clause}
    for tok in r.tokens[first.predicate + 1:]:
        if tok.clause in seen:
            if tok.low in FIRST_PERSON and tok.index + 1 < len(r.tokens):
                j = _after_aux(r, tok.index + 1)
                if tok.index + 1 < j < len(r.tokens):
                    found.append(Owner("me", j, (tok.start, tok.end)))
            continue
        seen.add(tok.clause)
        owner = _subject(r, _subject_start(r, tok.index))
        if owner is not None and owner.name is not None and owner.predicate < len(r.tokens):
            found.append(owner)  # ("I'll by\n I'll": a promise with nothing after it is no plan)
    del r.flags[mark:]
    return found


def _subject_start(r: Reader, i: int) -> int:
    """Skips what may come before a clause's subject: dates (masked), "by", "so", a [tag] or (aside), a bullet."""
    clause = r.tokens[i].clause
    while i < len(r.tokens) and r.tokens[i].clause == clause:
        tok = r.tokens[i]
        if tok.depth > 0 and _starts_bracketed(r, clause, i):
            i += 1
            continue
        if tok.low in LEAD_WORDS or (tok.low in DISCOURSE and r.gap(i + 1).startswith(",")):
            i += 1
            continue
        either_way = _LEAD_PHRASE.match(r.masked, tok.start)
        if either_way:
            i = _index_after(r, either_way.end())
            continue
        if tok.low == "what" and i + 1 < len(r.tokens) and r.tokens[i + 1].low == "if":
            i += 2
            continue
        break
    return i


def _starts_bracketed(r: Reader, clause: int, i: int) -> bool:
    """Whether token i is inside a bracket that opens the clause: "[Contoso] I'll ..." (a tag, not the subject)."""
    j = i
    while j > 0 and r.tokens[j - 1].clause == clause:
        j -= 1
    return r.tokens[j].depth > 0 or "[" in r.gap(j) or "(" in r.gap(j)


def _subject(r: Reader, i: int) -> Owner | None:
    """The subject starting at token i, or None when this clause has no subject that promises anything."""
    if i >= len(r.tokens) or r.tokens[i].clause != r.tokens[min(i, len(r.tokens) - 1)].clause:
        return None
    tok = r.tokens[i]
    nxt = r.tokens[i + 1] if i + 1 < len(r.tokens) and r.tokens[i + 1].clause == tok.clause else None
    if tok.low in FIRST_PERSON or (tok.low in FIRST_PERSON_TYPOS and nxt is not None and _verb_follows(r, i + 1)):
        if _reports(r, i):
            return None  # "I've done everything right", "I spoke to the champion": what was, not the plan
        predicate = _after_aux(r, i + 1)
        if predicate < len(r.tokens) and r.tokens[predicate].low in _OPINION:
            return None  # "I think the deal is real": an opinion, not the plan
        return Owner("me", predicate, (tok.start, tok.end))
    if tok.low in _IMPLIED_I and nxt is not None and _AUX_PHRASE.match(r.masked, tok.start):
        # "Need to get ...", "Will send ...", "gonna book ...": a note to self, the "I" left out
        return Owner("me", _after_aux(r, i), (tok.start, tok.start))
    together = _speaker_with_someone(r, i)
    if together is not None:
        return together
    if tok.low == "me" and nxt is None:
        return None
    vague = r.phrase_at("vague_owners", i)
    if vague:
        r.flag(vague.start(), vague.end(), "owner", f'"{vague.group()}" is not one person: who exactly?')
        return Owner(None, _after_aux(r, _index_after(r, vague.end())))
    department = r.phrase_at("departments", i)
    if department:
        # "Procurement at Tidewell Marine will ...": a department, wherever it sits
        placed = _PLACED.match(r.masked, department.end())
        end = placed.end() if placed else department.end()
        after = _index_after(r, end)
        if after < len(r.tokens) and _AUX_PHRASE.match(r.masked, end if not placed else end - 1):
            r.flag(department.start(), department.end(), "owner",
                   f'"{department.group()}" is a department, not one person: who in it?')
            return Owner(None, _after_aux(r, after))
    if tok.low in ("my", "our"):
        return _colleague(r, i)
    if _imperative(r, i):
        return Owner("me", i, (tok.start, tok.start))
    # "Proposal gets sent", "The contract will be signed": a passive near the clause's start has no doer.
    near = r.tokens[min(i + 4, len(r.tokens) - 1)].end
    passive = _PASSIVE.search(r.masked, tok.start, r.tokens[r.clause_stop(i) - 1].end)
    if passive and passive.start() <= near and not re.match(r"\s+by\s+[A-Z]", r.masked[passive.end():]):
        r.flag(passive.start(), passive.end(), "owner", "passive voice: who will do it?")
        return Owner(None, _index_after(r, passive.end()))
    if r.is_name(tok) or _known_contact_at(r, i):
        return _named(r, i)
    return None


def _speaker_with_someone(r: Reader, i: int) -> Owner | None:
    """ "Me and Ravi will ...", "Ravi and I are ...": the speaker shares it, and is the one answering for it."""
    m = re.match(r"(?:me|i)\s+(?:and|&|\+)\s+[\w'-]+|[\w'-]+\s+(?:and|&|\+)\s+(?:me|i)\b", r.masked[r.tokens[i].start:],
                 re.IGNORECASE)
    if not m:
        return None
    end = r.tokens[i].start + m.end()
    if not _AUX_PHRASE.match(r.masked, end):
        return None
    return Owner("me", _after_aux(r, _index_after(r, end)), (r.tokens[i].start, end))


def _verb_follows(r: Reader, j: int) -> bool:
    if j >= len(r.tokens):
        return False
    low = r.tokens[j].low
    return low in AUXILIARIES or low.endswith("ing") or r.is_verb(low) or low in ("need", "have", "send", "get")


def _imperative(r: Reader, i: int) -> bool:
    """A clause that opens with a verb is an instruction to the speaker: "Call Bob ...", "emailing Dana ..."."""
    tok = r.tokens[i]
    if tok.low in PRONOUNS or not r.is_verb(tok.low):
        return False
    if tok.low != r.lemma(tok.low) and not tok.low.endswith("ing"):
        return False  # "Sent the deck" is a report, "Proposal gets sent" a passive
    end = tok.end
    return not _AUX_PHRASE.match(r.masked, end) or r.masked[end:end + 4].lower().startswith((" up", " in", " out"))


def _after_aux(r: Reader, j: int) -> int:
    """Index of the verb after "will", "need to", "am going to" and fillers ("also", "personally")."""
    while j < len(r.tokens):
        m = _AUX_PHRASE.match(r.masked, r.tokens[j - 1].end if j > 0 else 0)
        if m and m.end() > r.tokens[j].start:
            j = _index_after(r, m.end())
            continue
        low = r.tokens[j].low
        if low in FILLERS or (low.endswith("ly") and len(low) > 4 and not r.is_verb(low)) or low in ("to", "not"):
            j += 1
            continue
        break
    return j


def _index_after(r: Reader, char: int) -> int:
    return next((t.index for t in r.tokens if t.start >= char), len(r.tokens))


def _known_contact_at(r: Reader, i: int) -> bool:
    return r.names.is_contact(r.tokens[i].low.removesuffix("'s"))


def _colleague(r: Reader, i: int) -> Owner | None:
    """"My manager Jill will ...", "our SE Ahmed is ...": the name after the role is the owner."""
    for j in range(i + 1, min(i + 5, len(r.tokens))):
        if r.tokens[j - 1].low in ("in", "at", "from", "for", "on", "of"):
            break  # "Our AE in Denver": a place, not the colleague's name
        if r.is_name(r.tokens[j]) and r.tokens[j].low not in r.lex.sets["roles"]:
            k = r.name_run(j)
            end = r.tokens[k - 1].end
            if r.masked.startswith(",", end):  # "My manager, Priya Shah, will ..."
                end += 1
            if _AUX_PHRASE.match(r.masked, end) or (k < len(r.tokens) and r.tokens[k].low.endswith("s")):
                return Owner(_join(r, j, k), _after_aux(r, k), (r.tokens[i].start, end))
            break
    tok = r.tokens[i]
    r.flag(tok.start, r.tokens[min(i + 2, len(r.tokens) - 1)].end, "owner", "name the person who will do it")
    return Owner(None, _after_aux(r, min(i + 2, len(r.tokens))))


def _join(r: Reader, i: int, k: int) -> str:
    return r.text[r.tokens[i].start:r.tokens[k - 1].end].removesuffix("'s")


def _named(r: Reader, i: int) -> Owner | None:
    """A clause that opens with a name: the owner when a promise follows ("Jill, my manager, will ...")."""
    k = r.name_run(i)
    name = _join(r, i, k)
    pos = r.tokens[k - 1].end
    rest = r.masked[pos:]
    appositive = (re.match(r"\s*\([^()]{1,80}\)", rest) or re.match(r",[^,.;]{1,60},", rest)
                  or re.match(r"\s+(?:from|at|of|in|on)\s+(?:[\w&-]+\s+){0,4}?(?=will\b|needs\b|has\b|is\b|to\b|"
                              r"must\b|should\b|'ll\b|can\b|plans\b)", rest))
    if appositive:
        pos += appositive.end()
    aux = _AUX_PHRASE.match(r.masked, pos)
    verb_next = _index_after(r, aux.end() if aux else pos)
    if verb_next >= len(r.tokens):
        return None
    verb = r.tokens[verb_next].low
    if aux is None and not (verb.endswith("s") and r.is_verb(verb)):
        return None  # "Dana loved the demo": a name in a story, not the subject of a promise
    if aux is not None and aux.group().strip().lower() in ("is", "are", "'s", "'re") and not verb.endswith("ing"):
        return None  # "Northwind is slow": a state, not a promise
    customer_act = r.lemma(verb) in _BUYER_ACTS
    customer = (
        r.tokens[i].text.endswith("'s")
        or r.names.is_account(name)
        or name.split()[-1].lower().rstrip(".") in r.lex.sets["org_suffixes"]
        or r.names.is_contact(name)  # the customer's own people: "Dana will send us ..." is the customer acting
        or customer_act
    )
    if not customer and not _CUSTOMER_DOES.search(r.masked[pos:pos + 60]):
        return Owner(name, _after_aux(r, verb_next), (r.tokens[i].start, pos))
    name_end = r.tokens[k - 1].end
    reason = f'"{name}" is the customer: what will you do to make it happen?'
    r.flag(r.tokens[i].start, name_end, "owner", reason)
    return Owner(None, _after_aux(r, verb_next), (r.tokens[i].start, pos))


def _reports(r: Reader, i: int) -> bool:
    """Whether the "I" at token i tells what happened: "I've done ...", "I spoke to ...", "I had a call ..."."""
    j = i + 1
    if j < len(r.tokens) and r.tokens[i].low == "i" and r.tokens[j].low in ("have", "had"):
        j += 1
    perfect = r.tokens[i].low == "i've" or j > i + 1
    if j >= len(r.tokens):
        return False
    low = r.tokens[j].low
    if low in ("got", "gotten") and j + 1 < len(r.tokens) and r.tokens[j + 1].low == "to":
        return False  # "I've got to send ...": a must
    past = (low in IRREGULAR and IRREGULAR[low] != low and low not in AUXILIARIES) or (
        low.endswith("ed") and r.lemma(low) != low)
    return past and (perfect or low not in ("set", "put"))


def _first_person_anywhere(r: Reader) -> Owner | None:
    """ "So what I'm going to do is send ...", "next step is I'll ...": the speaker promises further in."""
    for tok in r.tokens:
        if tok.index > 0 and r.tokens[tok.index - 1].low in ("or", "nor"):
            continue  # "either Jo or I will": not one person
        if tok.low in FIRST_PERSON and tok.index + 1 < len(r.tokens) and not _reports(r, tok.index):
            j = _after_aux(r, tok.index + 1)
            if (j < len(r.tokens) and j > tok.index + 1) or (j < len(r.tokens) and r.is_verb(r.tokens[j].low)):
                return Owner("me", j, (tok.start, tok.end))
    return None
