"""Provides the reader: one answer cleaned, its date phrases masked, cut into words and into clauses, with word classes."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.lexicon import Lexicon
from salesplan_tui.core.coach.names import KnownNames, known_names
from salesplan_tui.core.dates.parser import DateMatch, find_dates

MASK = "#"
_TOKEN = compiled(r"[A-Za-z0-9$€£\u00c0-\u024f](?:[\w$€£'&/.%-]*[\w$%])?")
# Where one clause ends and the next begins: sentence ends, semicolons, colons after a label, bullets, a dash
# standing between spaces, new lines. Commas are not boundaries: appositives ("Jill, my manager, will") live on them.
_BOUNDARY = compiled(r"[.!?;:\n\u2022|\u2192]|\s[-\u2013\u2014]+\s|^\s*[-\u2013\u2014*]|[\u2013\u2014]|-+>|=>")
_OPEN, _CLOSE = "([{", ")]}"
# ", but ...", ", yet ...": a contrast after a comma opens a clause of its own ("I can't promise X, but I'll do Y").
_CONTRAST = frozenset(["but", "yet", "though", "although", "however", "still", "regardless"])
# Said before a comma at a sentence's start, these only open it: "Look, ...", "Now, ...", "Like, ...".
DISCOURSE = frozenset(["look", "listen", "now", "like", "honestly", "frankly", "regardless", "anyway", "still", "so",
                       "ok", "okay", "well", "right", "yeah", "sure", "um", "uh", "basically", "seriously"])
# Courtesy titles end with a full stop that does not end the name: "Mrs. Okafor", "Sr. Ortega".
TITLES = frozenset(["mr", "mrs", "ms", "miss", "dr", "sr", "sra", "srta", "prof", "herr", "frau", "mme", "mlle", "mx"])

# Closed word classes: grammar, not vocabulary, so they are not in the team's word lists.
DETERMINERS = frozenset(["a", "an", "the", "this", "that", "these", "those", "some", "any", "all", "every", "each", "their", "his", "her", "its", "my", "our", "your", "no", "another", "other", "both", "either"])
PRONOUNS = frozenset(["i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them", "myself", "himself", "herself", "ourselves", "themselves"])
PREPOSITIONS = frozenset(["to", "with", "at", "from", "for", "of", "on", "in", "into", "onto", "by", "about", "over", "under", "through", "after", "before", "until", "till", "via", "per", "across", "around", "between", "during", "within", "without", "against", "among", "toward", "towards"])
CONJUNCTIONS = frozenset(["and", "or", "but", "then", "plus", "also", "so", "nor", "yet"])
AUXILIARIES = frozenset(["will", "shall", "'ll", "must", "can", "would", "could", "should", "may", "might", "do", "does", "did", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "going", "gonna"])
FILLERS = frozenset(["also", "then", "first", "just", "still", "definitely", "personally", "quickly", "finally", "really", "actually", "basically", "literally", "probably", "directly", "immediately", "again", "already", "promptly", "formally", "officially"])
LEAD_WORDS = frozenset(["but", "regardless", "still", "however", "though", "anyway", "anyways",
                        "um", "uh", "er", "erm", "yeah", "k", "kk", "hmm", "oh",
                        "by", "on", "before", "until", "till", "due", "in", "within", "so", "ok", "okay", "well", "then", "also", "and", "first", "next", "after", "anyway", "alright", "right", "basically", "honestly", "asap", "soon", "later", "eventually", "today", "tomorrow", "tonight", "step", "steps", "plan", "action", "actions", "todo", "to-do", "note", "re", "update", "status", "yes", "no", "sure", "maybe", "perhaps", "hopefully", "probably", "possibly", "ideally"])
CALENDAR_WORDS = frozenset([m.lower() for m in calendar.month_name[1:]] + [m.lower() for m in calendar.month_abbr[1:]]
                           + [d.lower() for d in calendar.day_name] + ["today", "tomorrow", "tonight", "sept"])
FIRST_PERSON = frozenset({"i", "i'll", "i'm", "i'd", "i've"})
FIRST_PERSON_TYPOS = frozenset({"ill", "im", "ive"})  # "ill send", "im calling": typed fast, meant as I'll / I'm
IRREGULAR = {
    "sent": "send", "met": "meet", "got": "get", "gotten": "get", "made": "make", "held": "hold", "ran": "run",
    "done": "do", "did": "do", "gave": "give", "given": "give", "took": "take", "taken": "take", "brought": "bring",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "won": "win", "sold": "sell",
    "bought": "buy", "built": "build", "led": "lead", "set": "set", "put": "put", "saw": "see", "seen": "see",
    "went": "go", "gone": "go", "had": "have", "has": "have", "shown": "show", "chose": "choose", "chosen": "choose",
    "drew": "draw", "drawn": "draw", "found": "find", "told": "tell", "paid": "pay", "kept": "keep", "left": "leave",
    "began": "begin", "begun": "begin", "rang": "ring", "rung": "ring", "is": "be", "are": "be", "was": "be",
    "were": "be", "am": "be", "been": "be", "does": "do", "goes": "go",
}


# Words that open a new sentence when typed capitalised straight after a lower-case word, the full stop left out:
# "... their CFO next week By Friday I'll get ...", "... the pricing Then I'll book ...".
_RUN_ON_OPENERS = frozenset(["by", "before", "until", "till", "then", "so", "but", "also", "after", "tomorrow", "today",
                             "tonight", "next", "regardless", "anyway"])


def _run_on(before: str, gap: str, word: str) -> bool:
    return (gap.isspace() and word[:1].isupper() and word[1:2].islower() and word.lower() in _RUN_ON_OPENERS
            and before[:1].islower())


@dataclass(frozen=True)
class Flag:
    """Words that made the judge refuse, with the element they fail and why."""

    start: int
    end: int
    text: str
    element: str
    reason: str
    ask: str = ""  # what to ask instead of the element's usual question ("Thursday 3 Dec or Friday 4 Dec")


@dataclass(frozen=True)
class Token:
    """One word of the answer: where it stands, as typed, lower case, its clause and bracket depth."""

    index: int
    start: int
    end: int
    text: str
    low: str
    clause: int
    depth: int  # inside how many brackets: "Ravi (our solutions engineer)" puts "our solutions engineer" at 1

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class Reader:
    """One answer being read: the text as typed, its dates masked, its words, its clauses, and the word lists."""

    def __init__(self, text: str, today: dt.date, lexicon: Lexicon, names: KnownNames | None = None) -> None:
        self.text = text
        self.today = today
        self.lex = lexicon
        self.names = names or known_names((), ())
        self.dates: list[DateMatch] = find_dates(text, today)
        masked = list(text)
        for d in self.dates:
            masked[d.start:d.end] = MASK * (d.end - d.start)
        self.masked = "".join(masked)
        self.tokens = self._tokenise()
        self.not_names = lexicon.sets["not_names"] | CALENDAR_WORDS
        self.flags: list[Flag] = []  # what each part of the judge found wrong, pointed at the words

    def flag(self, start: int, end: int, element: str, reason: str, ask: str = "") -> None:
        self.flags.append(Flag(start, end, self.text[start:end], element, reason, ask))

    def _tokenise(self) -> list[Token]:
        tokens: list[Token] = []
        clause = depth = 0
        last = 0
        for m in _TOKEN.finditer(self.masked):
            gap = self.masked[last:m.start()]
            topic = tokens and tokens[-1].low == "re" and gap.strip() == ":"  # "ping ops re: onboarding": a topic
            if tokens and not topic and (_BOUNDARY.search(gap) or (m.group().lower() in _CONTRAST and "," in gap)
                                         or _run_on(tokens[-1].text, gap, m.group())):
                clause += 1
            for ch in gap:
                if ch in _OPEN:
                    depth += 1
                elif ch in _CLOSE:
                    depth = max(0, depth - 1)
            word = m.group().replace("\u2019", "'")
            tokens.append(Token(len(tokens), m.start(), m.end(), word, word.lower(), clause, depth))
            last = m.end()
        return tokens

    # ----- word classes -------------------------------------------------------------------------------------------

    @property
    def verbs(self) -> frozenset[str]:
        return self.lex.verbs

    def lemma(self, word: str) -> str:
        """The base form of a verb as written ("emailing" → "email", "got" → "get"); the word itself when unknown."""
        low = word.lower()
        if low in self.verbs:
            return low
        if low in IRREGULAR:
            return IRREGULAR[low]
        for suffix, adds in (("ing", ("", "e")), ("ied", ("y",)), ("ies", ("y",)), ("ed", ("", "e")), ("es", ("",)),
                             ("s", ("",)), ("d", ("",))):
            if low.endswith(suffix) and len(low) > len(suffix) + 1:
                stem = low[: -len(suffix)]
                for add in adds:
                    if stem + add in self.verbs:
                        return stem + add
                if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in self.verbs:  # "running" → "run"
                    return stem[:-1]
        return low

    def is_verb(self, word: str) -> bool:
        return self.lemma(word) in self.verbs

    def is_function_word(self, low: str) -> bool:
        return (low in DETERMINERS or low in PRONOUNS or low in PREPOSITIONS or low in CONJUNCTIONS
                or low in AUXILIARIES)

    def is_name(self, tok: Token) -> bool:
        """A capitalised word that is not a calendar word, an acronym of the trade or the first person."""
        bare = tok.text.removesuffix("'s").removesuffix("'")
        if not bare or not bare[0].isupper() or bare.lower() in self.not_names:
            return False
        # "So tomorrow ...", "Regardless, I've ...": a sentence's opening word is capitalised, not a name
        return not (tok.low in LEAD_WORDS or tok.low in DISCOURSE) or not self.opens_clause(tok.index)

    def opens_clause(self, i: int) -> bool:
        return i == 0 or self.tokens[i - 1].clause != self.tokens[i].clause

    def name_run(self, i: int) -> int:
        """The index after a run of capitalised words starting at token i (spaces only between them):
        "Dana Ruiz", "Northwind Traders", but not across a possessive ("Acme's Bob")."""
        j = i + 1
        while j < len(self.tokens) and not self.tokens[j - 1].text.endswith("'s"):
            tok, gap = self.tokens[j], self.gap(j)
            joined = (gap.isspace() or (self.tokens[j - 1].low in TITLES and gap.strip() == ".")
                      or gap.strip() == "&")  # "Mrs. Okafor", "Bramble & Oak"
            suffix = gap.strip() == "," and tok.low.rstrip(".") in self.lex.sets["org_suffixes"]  # "Massive Dynamic, Inc."
            if not ((joined and self.is_name(tok)) or suffix):
                break
            j += 1
        return j

    def is_number(self, tok: Token) -> bool:
        return self.is_number_word(tok.low)

    @staticmethod
    def is_number_word(low: str) -> bool:
        return bool(re.fullmatch(r"[$€£]?\d[\d,.]*(?:[kmb]|%|x)?|two|three|four|five|six|seven|eight|nine|ten|"
                                 r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen|a|an|one", low))

    def gap(self, i: int) -> str:
        """The masked text between token i-1 and token i (the start of the text for the first)."""
        start = self.tokens[i - 1].end if i > 0 else 0
        return self.masked[start:self.tokens[i].start] if i < len(self.tokens) else self.masked[start:]

    def phrase_at(self, name: str, i: int) -> re.Match[str] | None:
        """The phrase of list `name` that starts at token i, if any."""
        return self.lex.patterns[name].match(self.masked, self.tokens[i].start)

    def matches(self, name: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        return list(self.lex.patterns[name].finditer(self.masked, start, len(self.masked) if end is None else end))

    def clause_stop(self, i: int) -> int:
        """The index after the last token of token i's clause."""
        clause = self.tokens[i].clause
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].clause == clause:
            j += 1
        return j
