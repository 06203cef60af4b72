"""Provides the outcome: whether the plan names a result that is either reached or not, read from its verbs.

A result is any verb phrase that is not activity: a purpose ("to fix the date"), a completion with its object ("get
the redlines back", "book a meeting", "have the MSA returned"), a state reached ("the PO issued"), or a number reached
with a growth verb ("from $40k to $90k"). Activity ("follow up", "discuss"), contact alone ("call Bob"), and growth
with no number ("increase my calls") are not results, and a number does not turn activity into one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.reader import (
    AUXILIARIES,
    CONJUNCTIONS,
    DETERMINERS,
    FIRST_PERSON,
    PREPOSITIONS,
    PRONOUNS,
    Reader,
    Token,
)

_MODALS = frozenset(["will", "'ll", "can", "could", "would", "shall", "must"])
# Verbs that make someone else do or be something: "get Kim to sign", "have Kim approve", "make Kim comfortable".
_CAUSE_VERBS = frozenset(["get", "have", "make", "keep", "leave"])
_NEUTRAL = frozenset(["need", "needs", "want", "plan", "intend", "promise", "be", "is", "are", "am", "going"])
_CONTACT_NOUNS = frozenset(["visit", "call", "chat", "conversation", "meeting", "discussion", "catch-up", "talk", "sync", "coffee", "lunch", "dinner", "touchpoint", "check-in"])
_ACTIVITY_OBJECTS = frozenset(["calls", "dials", "touches", "touchpoints", "contact", "noise", "progress", "headway", "outreach", "connections", "conversations", "visits", "emails", "e-mails", "messages", "texts", "inmails", "voicemails", "follow-ups", "followups", "touches"])
_GET_ACTIVITY = compiled(r"\s+(?:on\s+(?:[\w']+\s+){1,2}(?:radar|calendar\s+soon)|in\s+front|in\s+touch|more|going|started|around|together|back\s+to|ahead|"
                        r"a\s+feel|a\s+sense|to\s+know|busy)\b", re.IGNORECASE)
# "give Dana a call", "drop Bob a line", "shoot Kim an email", "pay Ana a visit": contact in a light verb's clothes.
_LIGHT_VERBS = frozenset(["give", "drop", "shoot", "send", "make", "pay", "fire"])
_CONTACT_OBJECTS = frozenset(["call", "ring", "buzz", "shout", "line", "note", "email", "e-mail", "text", "visit",
                              "message", "ping", "holler", "dm", "voicemail", "inmail"])
_NUMBER = compiled(r"(?<![\w#])(?:[$€£]\s?\d[\d,.]*\s*[kmb]?|\d[\d,.]*\s*(?:%|k\b|m\b|x\b)?|two|three|four|five|"
                  r"six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred|double|triple)(?![\w#])",
                  re.IGNORECASE)


# A number growth is measured by: "from $40k to $90k", "to 12 a month", "by 20%", "$1.2M", "5 more" — not a number
# that only counts the objects ("increase calls to the 40 accounts").
_GROWTH_TARGET = compiled(
    r"(?:\b(?:to|from|by|of|at|reach|hit)\s+(?:about\s+|around\s+|at\s+least\s+)?[$€£]?\s?\d|[$€£]\s?\d|\d\s*%|"
    r"\b\d[\d,.]*\s*(?:x|more|extra|additional|new)\b|\b(?:double|triple|twice)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Verb:
    index: int
    lemma: str


def result_at(r: Reader, start: int) -> int | None:
    """The token where the plan's result is said: the main verb when it is one, else the first verb that gets one
    ("follow up with Bob to get the terms agreed" → "get"); None, with the activity flagged, when there is none."""
    verbs = _verbs(r, start)
    activity: list[tuple[int, int, str]] = []
    for n, verb in enumerate(verbs):
        end = verbs[n + 1].index if n + 1 < len(verbs) else r.clause_stop(verb.index)
        kind, why = _kind(r, verb, end)
        if kind == "result":
            return start if not activity else verb.index
        if why:
            activity.append(why)
    if not any(v for v in verbs if v.lemma not in _NEUTRAL) and _state_reached(r, start):
        return start
    if not verbs and _state_reached(r, start):
        return start
    if not any(v.lemma not in _NEUTRAL for v in verbs[1:]) and _noun_result(r, start):
        return start
    for s, e, reason in activity:
        r.flag(s, e, "outcome", reason)
    if not activity:
        first = r.tokens[start].start if start < len(r.tokens) else 0
        r.flag(first, len(r.text.rstrip()), "outcome",
               "what result must it get (a decision, a date, a signature, a number)?")
    return None


def _verbs(r: Reader, start: int) -> list[_Verb]:
    """The verbs of the plan: the one after the subject, and each one a clause, "and", "to" or a modal opens."""
    found: list[_Verb] = []
    for tok in r.tokens[start:]:
        i = tok.index
        if tok.low in FIRST_PERSON and tok.clause != r.tokens[start].clause:
            break  # "build rapport with them. By Friday I'll get ...": a later "I" says a plan of its own
        prev = r.tokens[i - 1] if i > 0 else None
        opens = i == start or prev is None or prev.clause != tok.clause
        if (tok.low in AUXILIARIES and i != start) or tok.low in PRONOUNS or tok.low in DETERMINERS \
                or tok.low in PREPOSITIONS:
            continue  # "have" right after the subject is the verb ("I'll have the MSA returned"), elsewhere a helper
        starts_clause = opens and (r.is_verb(tok.low) or i == start)
        purpose = prev is not None and ((prev.low == "to" and _purpose_verb(r, tok) and not _embedded(r, i - 1)
                                         and not (i >= 2 and r.phrase_at("vague_states", i - 2)))  # "up to speed"
                                        or (prev.low == "for" and _for_purpose(r, tok)))
        coordinated = (prev is not None and (prev.low in CONJUNCTIONS or "," in r.gap(i) or prev.low in _MODALS)
                       and r.is_verb(tok.low) and not tok.capitalised and not _asked(r, i))
        if starts_clause or purpose or coordinated:
            found.append(_Verb(i, r.lemma(tok.low)))
    return found


def _for_purpose(r: Reader, tok: Token) -> bool:
    """ "for getting the PO", "for signing the order", "for take the signature" (non-native English): a purpose."""
    if not r.is_verb(tok.low) or tok.capitalised:
        return False
    return tok.low.endswith("ing") or tok.low == r.lemma(tok.low)


def _asked(r: Reader, i: int) -> bool:
    """ "ask her if she can sign": a verb in an if/whether clause is what is asked about, not what will happen."""
    return any(t.low in ("if", "whether") for t in r.tokens[max(0, i - 4):i])


def _embedded(r: Reader, to: int) -> bool:
    """ "think about how to approach Globex", "waiting on legal to come back": the verb after "to" is not the
    speaker's purpose but what is thought about, or what someone else does."""
    before = [t.low for t in r.tokens[max(0, to - 6):to]]
    if before and before[-1] in ("how", "what", "whether", "where", "when", "which", "who"):
        return True
    return any(r.lemma(w) in _OTHERS_ACT for w in before)


# "remind X to sign", "waiting on legal to reply", "push Kim to decide": the verb after "to" is the other person's act,
# which the speaker only hopes for ("get X to sign" is different: the speaker answers for it).
_OTHERS_ACT = frozenset(["wait", "waiting", "rely", "count", "depend", "hope", "expect", "remind", "push", "nudge",
                         "chase", "encourage", "urge", "tell", "pester", "bug", "ping", "hound", "beg", "prod"])


def _purpose_verb(r: Reader, tok: Token) -> bool:
    """ "to fix the date" opens a purpose; "to Dana", "to legal", "to the CFO", "to 10" do not."""
    low = tok.low
    if r.is_verb(low):
        return True
    if tok.capitalised or r.is_number(tok) or low in r.lex.sets["departments"] or low in r.lex.sets["roles"]:
        return False
    return not low.endswith(("s", "tion", "ment")) and len(low) > 2


def _kind(r: Reader, verb: _Verb, end: int) -> tuple[str, tuple[int, int, str] | None]:
    """ "result", "activity" or "neutral" for the verb phrase from verb.index to end, and what to flag if not a result."""
    tok = r.tokens[verb.index]
    rest = r.masked[tok.start:r.tokens[end - 1].end if end > verb.index else tok.end]
    vague = r.phrase_at("vague_activities", verb.index)
    if vague:
        return "activity", (vague.start(), vague.end(), f'"{vague.group()}" is an activity: what result must it get?')
    lemma = verb.lemma
    following = list(r.tokens[verb.index + 1:end])
    objects = [t for t in following if not r.is_function_word(t.low) and not r.is_number(t)]
    after = r.masked[tok.end:]
    if lemma in _NEUTRAL:
        return "neutral", None
    if lemma in r.lex.sets["comparatives"] or r.matches("comparatives", tok.start, r.tokens[end - 1].end):
        if _GROWTH_TARGET.search(rest):
            return "result", None
        m = r.matches("comparatives", tok.start, r.tokens[end - 1].end)
        span = (m[0].start(), m[0].end(), m[0].group()) if m else (tok.start, tok.end, tok.text)
        return "activity", (span[0], span[1], f'"{span[2]}" has no number: how many, by how much?')
    phrasal = f"{lemma} {following[0].low}" if following else lemma
    if lemma in r.lex.sets["activity_verbs"] or phrasal in r.lex.sets["activity_verbs"]:
        return "activity", (tok.start, tok.end, f'"{tok.text}" is an activity: what result must it get?')
    sure = re.match(r"\s+(?:sure|certain)\b", after, re.IGNORECASE) if lemma == "make" else None
    if sure or lemma == "ensure":
        # "make sure Hooli has the report" is a result; "make sure we're aligned" is a feeling
        vague_state = r.matches("vague_states", tok.end, r.tokens[end - 1].end)
        if vague_state:
            return "activity", (vague_state[0].start(), vague_state[0].end(),
                                f'"{vague_state[0].group()}" is not a result you can check: what must be true?')
        return "result", None
    if lemma == "ask" and re.match(r"\s+(?:[\w'-]+\s+){0,4}?(?:about|how|if|whether|what)\b", after, re.IGNORECASE) \
            and not re.search(r"\b(?:for|to)\b", r.masked[tok.end:r.tokens[end - 1].end], re.IGNORECASE):
        return "activity", (tok.start, tok.end, "asking about it is a conversation: what answer must you get?")
    if lemma in _LIGHT_VERBS and any(t.low in _CONTACT_OBJECTS for t in following[:6]):
        return "activity", (tok.start, following[min(3, len(following) - 1)].end,
                            "a call or a note is contact: what result must it get?")
    vague_object = _vague_object(r, verb.index, end)
    if vague_object is not None:
        return "activity", vague_object
    if objects and objects[0].low in _ACTIVITY_OBJECTS:  # "make 40 calls", "send a few emails": effort, not a result
        return "activity", (tok.start, objects[0].end,
                            f'"{r.text[tok.start:objects[0].end]}" is effort: what result must it get?')
    if lemma in _CAUSE_VERBS:
        # "get X up to speed", "get X comfortable with", "get X to think about": the other person's activity or
        # feeling, not a result anyone can check
        # ("get the updated questionnaire back": a state word before its noun is only an adjective)
        clause_end = r.tokens[r.clause_stop(verb.index) - 1].end  # "up to speed" reads "speed" as a verb after "to"
        state = [m for m in r.matches("vague_states", tok.end, clause_end)
                 if not r.masked[:m.start()].rstrip().lower().endswith(tuple(f" {d}" for d in DETERMINERS))]
        if state:
            return "activity", (tok.start, state[0].end(), f'"{r.text[tok.start:state[0].end()]}" is not a result you '
                                                           "can check: what must be true?")
        then = next((t for t in r.tokens[verb.index + 2:min(r.clause_stop(verb.index), verb.index + 10)] if t.index > verb.index + 1 and r.tokens[t.index - 1].low == "to"
                     and r.is_verb(t.low)), None)
        if then is not None and (r.lemma(then.low) in r.lex.sets["activity_verbs"]
                                 or r.phrase_at("vague_activities", then.index)):
            return "activity", (tok.start, then.end, f'"{r.text[tok.start:then.end]}" is activity: what result must it get?')
    if lemma == "get" and _GET_ACTIVITY.match(after):
        return "activity", (tok.start, tok.end + _GET_ACTIVITY.match(after).end(),  # type: ignore[union-attr]
                            "that is activity: what result must it get?")
    if lemma in ("have", "get") and any(r.phrase_at("states", t.index) for t in following):
        return "result", None  # "have the reference call booked", "get the MSA back": a state reached
    if lemma in ("have", "do", "make", "hold") and any(t.low in _CONTACT_NOUNS for t in following[:3]):
        return "activity", (tok.start, tok.end, "a conversation is activity: what result must it get?")
    if lemma == "have" and not objects:
        return "neutral", None
    if lemma in r.lex.sets["contact_verbs"] or phrasal in r.lex.sets["contact_verbs"]:
        if r.matches("results", tok.start, r.tokens[end - 1].end):  # "call Bob for a decision"
            return "result", None
        return "activity", (tok.start, tok.end, f'"{tok.text}" is a contact, not a result: what must it get?')
    if not objects and lemma not in r.lex.sets["results"] and lemma not in ("close", "sign", "win", "commit", "decide"):
        return "neutral", None
    return "result", None


def _vague_object(r: Reader, i: int, end: int) -> tuple[int, int, str] | None:
    """ "send something over", "get the ball rolling", "send Dana a quick note": the verb's object is no result."""
    for j in range(i + 1, end):
        m = r.phrase_at("vague_objects", j)
        if m:
            return m.start(), m.end(), f'"{r.text[r.tokens[i].start:m.end()]}" is not a result: what must it get?'
        tok = r.tokens[j]
        if (j == i + 1 and tok.low in ("some", "various")) or tok.low == "few" or (tok.low == "couple" and j < end):
            return tok.start, r.tokens[min(j + 2, end - 1)].end, f'"{tok.text} ..." is not one result: which one exactly?'
        if not (r.is_function_word(tok.low) or tok.capitalised
                or tok.low in ("quick", "short", "brief", "over", "out", "together", "up", "down", "off", "back")):
            return None
    return None


def _noun_result(r: Reader, start: int) -> bool:
    """ "their COO's signature on the order form", "verbal yes on the 3-yr term": a result said as a noun phrase,
    the clause opening with no verb of its own."""
    first = r.tokens[start]
    if r.is_verb(first.low) and not first.capitalised:
        return False
    return bool(r.matches("results", first.start, r.tokens[r.clause_stop(start) - 1].end))


def _state_reached(r: Reader, start: int) -> bool:
    """ "– PO issued", "redlines back": a state word after something named, with no verb of the speaker's."""
    for tok in r.tokens[start:]:
        if tok.index == 0:
            continue
        prev = r.tokens[tok.index - 1]
        if prev.clause != tok.clause:
            continue
        state = r.phrase_at("states", tok.index)
        if (state and not r.is_function_word(prev.low)) or (state and prev.low in ("is", "are", "be", "been", "gets")):
            return True
    return False
