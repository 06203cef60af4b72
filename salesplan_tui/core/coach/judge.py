"""Provides judge(): reads an answer to "What's next?" and accepts it only when it is a plan (seed 001)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..dates import DateMatch, find_dates
from .lexicon import Lexicon, load_lexicon
from .question import ask

ELEMENTS = ("commitment", "owner", "target", "outcome", "due")
MAX_CHARS = 2000  # an answer longer than this is read up to here; "What's next?" is never an essay
MASK = "#"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]")
_TOKEN = re.compile(r"[A-Za-z0-9$\u00c0-\u024f](?:[\w$'&/-]*[\w$])?")
_MODAL = re.compile(
    r"\s*(?:will|'ll|shall|must|can|is\s+to|to|needs?\s+to|has\s+to|have\s+to|is\s+going\s+to|"
    r"am\s+going\s+to|'s\s+going\s+to|should|is\s+(?:meeting|calling|sending|presenting|running|taking))\b",
    re.I,
)
_LEAD_WORDS = frozenset(
    "by on before until till due in within so ok okay well then also and first next after "
    "maybe perhaps hopefully probably possibly ideally honestly asap soon later eventually".split()
)
_FIRST_PERSON = frozenset({"i", "i'll", "i'm", "i'd", "i've"})
_DETERMINERS = frozenset("a an the this that these those some any all every their his her its".split())
_PASSIVE = re.compile(
    r"\b(?:will\s+be|is\s+being|are\s+being|is|are|gets|get|got|was|were|has\s+been|have\s+been|be)\s+"
    r"(?:\w+ed|\w+en|sent|held|done|set\s+up|made|built|run|sold|paid|met)\b",
    re.I,
)
_CUSTOMER_DOES = re.compile(r"\b(?:us|our\s+team|back\s+to\s+us|to\s+us)\b", re.I)
_NUMBER = re.compile(
    r"(?<![\w#])(?:\$\s?\d[\d,.]*\s*[kmb]?|\d[\d,.]*\s*(?:%|k\b|m\b)?|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|fifty|hundred)(?![\w#])",
    re.I,
)
_NUMBER_WORDS = r"\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|a\s+dozen"
_CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name[1:]] + [d.lower() for d in calendar.day_name]
    + ["today", "tomorrow", "tonight"]
)


@dataclass(frozen=True)
class Flag:
    """Words that made the judge refuse, with the element they fail and why."""

    start: int
    end: int
    text: str
    element: str
    reason: str


@dataclass
class Judgement:
    """The verdict on one answer: specific or not, what is missing, and the plan's parts when found."""

    specific: bool
    missing: list[str]
    owner: str | None
    target: str | None
    outcome: str | None
    due: dt.date | None
    question: str
    flags: list[Flag] = field(default_factory=list)
    due_phrase: str | None = None

    @property
    def vague_words(self) -> list[str]:
        return [f.text for f in self.flags]


@dataclass
class _Span:
    start: int
    end: int


class _Reader:
    """One answer being read: the cleaned text, its date phrases masked, and its tokens."""

    def __init__(self, text: str, today: dt.date, lexicon: Lexicon, accounts: frozenset[str]) -> None:
        self.text = text
        self.lex = lexicon
        self.accounts = accounts
        self.dates: list[DateMatch] = find_dates(text, today)
        masked = list(text)
        for d in self.dates:
            masked[d.start:d.end] = MASK * (d.end - d.start)
        self.masked = "".join(masked)
        self.tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.masked)]
        self.flags: list[Flag] = []
        self.not_names = lexicon.sets["not_names"] | _CALENDAR_WORDS

    def flag(self, start: int, end: int, element: str, reason: str) -> None:
        self.flags.append(Flag(start, end, self.text[start:end], element, reason))

    def matches(self, name: str, start: int = 0) -> list[re.Match[str]]:
        return list(self.lex.patterns[name].finditer(self.masked, start))

    def is_name(self, word: str) -> bool:
        bare = word.removesuffix("'s").removesuffix("'")
        return bool(bare) and bare[0].isupper() and bare.lower() not in self.not_names

    def name_run(self, i: int) -> int:
        """The index after the run of capitalised words starting at token i (only spaces between them)."""
        j = i + 1
        while (
            j < len(self.tokens)
            and self.is_name(self.tokens[j][2])
            and self.masked[self.tokens[j - 1][1]:self.tokens[j][0]].isspace()
            and not self.tokens[j - 1][2].endswith("'s")
        ):
            j += 1
        return j


def judge(
    text: str,
    *,
    today: dt.date,
    lexicon: Lexicon | None = None,
    accounts: frozenset[str] = frozenset(),
) -> Judgement:
    """Judges an answer to "What's next?"; never raises, whatever the text.

    Args:
        text: the answer as typed.
        today: the day relative dates are read from.
        lexicon: the word lists (default: shipped lists plus the team's coach.json).
        accounts: names of the workspace's accounts (lower case), so "Acme will send us..." reads as the customer.
    """
    lex = lexicon or _default_lexicon()
    clean = _CONTROL.sub(" ", str(text)[:MAX_CHARS]).replace("\u2019", "'").replace("\u2018", "'")
    if not clean.strip():
        missing = ["owner", "target", "outcome", "due"]
        return Judgement(False, missing, None, None, None, None, ask(missing, empty=True))
    r = _Reader(clean, today, lex, accounts)
    commitment_ok = _commitment(r)
    due, due_phrase = _due(r)
    owner, subject_end, target_from = _owner(r)
    target = _target(r, target_from)
    outcome = _outcome(r, subject_end)
    found = {"commitment": commitment_ok, "owner": owner is not None, "target": target is not None,
             "outcome": outcome is not None, "due": due is not None}
    missing = [e for e in ELEMENTS if not found[e]]
    flags = sorted((f for f in r.flags if f.element in missing), key=lambda f: f.start)
    return Judgement(
        specific=not missing, missing=missing, owner=owner, target=target, outcome=outcome, due=due,
        question=ask(missing, flags=flags) if missing else "", flags=flags, due_phrase=due_phrase,
    )


def judge_parts(outcome: str, target: str, due: dt.date, *, today: dt.date, lexicon: Lexicon | None = None) -> Judgement:
    """Judges an action already split into its fields (a form's boxes, a stored action) as the one sentence they make."""
    return judge(f"I will {outcome} with {target} by {due.isoformat()}", today=today, lexicon=lexicon)


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return load_lexicon()


def _commitment(r: _Reader) -> bool:
    ok = True
    for m in r.matches("hedges"):
        r.flag(m.start(), m.end(), "commitment", f'"{m.group()}" is a maybe, not a promise')
        ok = False
    stripped = r.text.rstrip()
    if stripped.endswith("?"):
        r.flag(len(stripped) - 1, len(stripped), "commitment", "a question is not a commitment")
        ok = False
    return ok


def _due(r: _Reader) -> tuple[dt.date | None, str | None]:
    for m in r.matches("vague_times"):
        r.flag(m.start(), m.end(), "due", f'"{m.group()}" is not a date')
    if not r.dates:
        return None, None
    chosen = next((d for d in r.dates if d.anchored), r.dates[0])
    return chosen.day, chosen.phrase


def _lead_end(r: _Reader) -> int:
    """Index of the first token after leading dates, prepositions and hedging adverbs: where the subject starts."""
    i = 0
    while i < len(r.tokens):
        word = r.tokens[i][2].lower()
        if word == "what" and i + 1 < len(r.tokens) and r.tokens[i + 1][2].lower() == "if":
            i += 2
            continue
        if word not in _LEAD_WORDS:
            break
        i += 1
    return i


def _owner(r: _Reader) -> tuple[str | None, int, int]:
    """Finds who is responsible. Returns (owner, where the predicate starts, where to look for the target)."""
    i = _lead_end(r)
    if i >= len(r.tokens):
        return None, len(r.text), len(r.text)
    start, end, word = r.tokens[i]
    low = word.lower()
    vague = r.lex.patterns["vague_owners"].match(r.masked, start)
    if low in _FIRST_PERSON:
        return "me", end, end
    if vague:
        r.flag(vague.start(), vague.end(), "owner", f'"{vague.group()}" is not one person: who exactly?')
        return None, vague.end(), vague.end()
    if low in ("my", "our"):
        for j in range(i + 1, min(i + 5, len(r.tokens))):
            if r.is_name(r.tokens[j][2]) and r.tokens[j][2].lower() not in r.lex.sets["roles"]:
                k = r.name_run(j)
                return _join(r, j, k), r.tokens[k - 1][1], r.tokens[k - 1][1]
        r.flag(start, r.tokens[min(i + 2, len(r.tokens) - 1)][1], "owner", "name the person who will do it")
        return None, end, end
    if low in r.lex.sets["imperatives"] and not _MODAL.match(r.masked, end):
        return "me", start, end  # an imperative: the speaker does it
    if r.is_name(word):
        return _named_owner(r, i)
    if low in _DETERMINERS:
        passive = _PASSIVE.search(r.masked, start)
        if passive and not re.match(r"\s+by\s+[A-Z]", r.masked[passive.end():]):
            r.flag(passive.start(), passive.end(), "owner", "passive voice: who will do it?")
            return None, passive.end(), passive.end()
    first_person = re.search(r"(?<![\w'])I(?:'ll|'m|'d|'ve)?(?![\w'])", r.masked)
    if first_person:
        return "me", first_person.end(), first_person.end()
    r.flag(start, end, "owner", "who will do it?")
    return None, start, start


def _join(r: _Reader, i: int, k: int) -> str:
    return r.text[r.tokens[i][0]:r.tokens[k - 1][1]].removesuffix("'s")


def _named_owner(r: _Reader, i: int) -> tuple[str | None, int, int]:
    """A sentence that starts with a name: the owner when a promise follows ("Jill, my manager, will ...")."""
    k = r.name_run(i)
    name = _join(r, i, k)
    pos = r.tokens[k - 1][1]
    rest = r.masked[pos:]
    appositive = re.match(r",[^,.;]{1,60},", rest) or re.match(r"\s+(?:from|at|of|in|on)\s+(?:[\w-]+\s+){0,4}?(?=will|needs|has|is|to\b|must|should|'ll)", rest)
    if appositive:
        pos += appositive.end()
    modal = _MODAL.match(r.masked, pos)
    org_like = (
        r.tokens[i][2].endswith("'s")
        or name.lower() in r.accounts
        or name.split()[-1].lower().rstrip(".") in r.lex.sets["org_suffixes"]
    )
    if modal and not org_like and not _CUSTOMER_DOES.search(r.masked[modal.end():modal.end() + 40]):
        return name, modal.end(), modal.end()
    name_end = r.tokens[k - 1][1]
    reason = (f'"{name}" is the customer: what will you do to make it happen?' if modal or org_like
              else f'"{name}" is not promising anything: who on your side will make it happen?')
    r.flag(r.tokens[i][0], name_end, "owner", reason)
    return None, name_end, name_end


def _target(r: _Reader, start: int) -> str | None:
    """The person, role at a named organisation, organisation or bounded group the action is aimed at."""
    candidates: list[tuple[int, str]] = []
    tokens = r.tokens
    skip_until = start
    for idx, (s, e, word) in enumerate(tokens):
        if s < skip_until:
            continue
        if r.is_name(word) or (word.isupper() and word.lower() in r.lex.sets["roles"]):
            k = r.name_run(idx)
            candidates.append((s, _extend_target(r, idx, k)))
            break
    group = re.search(
        rf"(?<![\w#])(?:{_NUMBER_WORDS})\s+(?:[\w-]+\s+){{0,3}}?(?:{r.lex.alternations['group_nouns']})\b",
        r.masked[start:], re.I,
    )
    if group:
        candidates.append((start + group.start(), group.group()))
    bounded = re.search(
        rf"\b(?:{r.lex.alternations['group_nouns']})\s+(?:{r.lex.alternations['bounded_by']})",
        r.masked[start:], re.I,
    )
    if bounded:
        candidates.append((start + bounded.start(), bounded.group()))
    role = re.search(
        rf"\b(?:their|the\s+customer's|the\s+client's)\s+(?:[\w-]+\s+){{0,2}}?(?:{r.lex.alternations['roles']})\b",
        r.masked[start:], re.I,
    )
    if role:
        candidates.append((start + role.start(), role.group()))
    if candidates:
        return " ".join(min(candidates)[1].split())
    for m in r.matches("vague_targets", start):
        r.flag(m.start(), m.end(), "target", f'"{m.group()}" is not anyone in particular: who exactly?')
    return None


DEPARTMENTS = ("procurement|purchasing|legal|finance|security|compliance|IT|engineering|operations|marketing|sales|"
               "HR|IT security|the board")
CALENDAR_WORDS = ("(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                  "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
                  r"Saturday|Sunday|Q[1-4]|H[12]|FY\d*)")


def _extend_target(r: _Reader, i: int, k: int) -> str:
    """Grows a name into its context: "Acme's procurement lead", "Dana Ruiz, the CFO at Northwind"."""
    end = r.tokens[k - 1][1]
    begin = r.tokens[i][0]
    # A name the user wrapped in brackets or quotes keeps them: "[Dana] at Northwind".
    while end < len(r.text) and r.text[end] in ")]}\"'":
        end += 1
    while begin > 0 and r.text[begin - 1] in "([{\"'":
        begin -= 1
    roles = r.lex.alternations["roles"]
    rest = r.masked[end:]
    for pattern in (
        rf"^(?:\s+(?:[\w-]+\s+){{0,2}}?(?:{roles}))+\b",
        rf"^(?:\s+(?:{roles}))+\b",
        rf"^,\s+(?:the|our|their|his|her)\s+(?:[\w-]+\s+){{0,2}}?(?:{roles})(?:\s+(?:at|of|from)\s+[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*)?",
        r"^\s+(?:at|from|of)\s+[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*",
        # "Ana Silva in Northwind procurement": where the person sits, never a date ("in January", "in Q1").
        rf"^\s+in\s+(?!{CALENDAR_WORDS}\b)[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*(?:\s+(?:{DEPARTMENTS}))?\b",
    ):
        role_words = pattern.startswith(r"^(?:\s+")
        if role_words and "[\\w-]" in pattern and not r.tokens[k - 1][2].endswith(("'s", "'")):
            continue  # "Acme's <two words> lead" needs the possessive; "Contoso buying committee" does not
        m = re.match(pattern, rest, re.I if role_words else 0)
        if m:
            end += m.end()
            break
    return r.text[begin:end].strip(" ,")



def _outcome(r: _Reader, start: int) -> str | None:
    """The result the action must get; activity words alone ("follow up", "discuss") are not one."""
    vague = r.matches("vague_activities", start)
    comparatives = r.matches("comparatives", start)
    numbers = list(_NUMBER.finditer(r.masked, start))
    not_results = vague + r.matches("vague_targets", start)
    results = [
        m for m in r.matches("results", start)
        if not any(v.start() <= m.start() < v.end() for v in not_results)
    ]
    if not results and numbers and not comparatives:
        results = numbers  # a number reached is a result ("book 10 meetings", "$120k")
    if results:
        return _predicate(r, start)
    for m in vague:
        r.flag(m.start(), m.end(), "outcome", f'"{m.group()}" is an activity: what result must it get?')
    for m in comparatives:
        if not numbers:
            r.flag(m.start(), m.end(), "outcome", f'"{m.group()}" has no number: how many, by how much?')
    if not vague and not comparatives:
        s = r.tokens[0][0] if r.tokens else 0
        r.flag(s, len(r.text.rstrip()), "outcome", "what result must it get (a decision, a date, a signature, a number)?")
    return None


def _predicate(r: _Reader, start: int) -> str:
    """The answer from the verb on, without its date phrase: what will be done, in the user's words."""
    pieces = []
    pos = start
    for d in r.dates:
        if d.end <= start:
            continue
        lead = re.search(r"(?:\b(?:by|on|before|until|till|due|no\s+later\s+than)\s*,?\s*)$", r.text[pos:d.start], re.I)
        pieces.append(r.text[pos:d.start][: lead.start() if lead else None])
        pos = d.end
    pieces.append(r.text[pos:])
    body = " ".join("".join(pieces).split())
    body = re.sub(r"^(?:[,;:]\s*|will\s+|'ll\s+|to\s+|needs?\s+to\s+|(?:am|is|'m|'s)\s+going\s+to\s+|must\s+|have\s+to\s+)+", "",
                  body, flags=re.I)
    body = body.strip(" ,.;:!")
    return body or r.text.strip()
