"""Provides the target: the person, role at a named organisation, organisation or bounded group the action is aimed at."""

from __future__ import annotations

import re

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.coach.reader import DETERMINERS, PREPOSITIONS, PRONOUNS, TITLES, Reader, Token

_NUMBER_WORDS = r"\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|" \
                r"fifty|a\s+dozen"
DEPARTMENTS = ("procurement|purchasing|legal|finance|security|compliance|IT|engineering|operations|marketing|sales|"
               "HR|IT security|the board")
CALENDAR_WORDS = ("(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                  "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
                  r"Saturday|Sunday|Q[1-4]|H[12]|FY\d*)")
_NAME_WORD = r"[A-Z][\w'&.-]*"
# An organisation's name may open with a figure when a capital follows ("3M", "7-Eleven") and hold a number after a
# name ("Account 1", "Forever 21", "Studio 54"), but not a day, a time or a span ("Acme 2 weeks", "Acme 12 Dec").
_ORG_WORD = rf"(?:{_NAME_WORD}|\d[\w&.-]*[A-Z][\w'&.-]*)"
_ORG_NUMBER = (r"\d+(?![\w:.,/-])(?!\s+(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|am|pm|a\.m\.|p\.m\.)\b)"
               rf"(?!\s+(?i:{CALENDAR_WORDS})\b)")
# "call bob at initech", typed in lower case: a person placed at an organisation, after a verb or preposition.
_LOWER_PERSON = compiled(r"\b(?:call|email|e-mail|meet|ping|text|ask|phone|with|to|from|for|get|see|visit)\s+"
                        r"(?P<who>[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)(?P<where>\s+(?:at|from|of)\s+[a-z][\w'&-]+)")
# A word inside a group's description ("the 9 open trials"), never "with some" ("12 demos with some leads").
_CONTENT_WORD = r"(?!(?:with|to|for|from|some|more|any|the|a|an|and|or|of|at|in|on)\b)[\w-]+"
_LOWER_WORD = r"[a-z][\w'&-]*"
# What bounds a group: "on my APAC list", "in the Denver territory", "from the healthcare list".
_BOUND_NOUN = (r"(?:list|territory|patch|region|icp|segment|vertical|book|portfolio|named\s+accounts|pipeline|district|"
               r"area|forecast|quota|plan)")
_BOUND = rf"(?:on|in|from|across)\s+(?:my|our|the|this)\s+(?:[\w&-]+\s+){{0,3}}?{_BOUND_NOUN}\b"
# The bound said first, as a possessive: "the Denver territory's new accounts", "my APAC list's top 20 logos".
_BOUND_OWNS = rf"\b(?:the|my|our|this)\s+(?:[\w&-]+\s+){{0,3}}?{_BOUND_NOUN}'s?\s+(?:[\w-]+\s+){{0,3}}?"


# A title after a role's head word: "head of R&D", "director of IT", "VP Lending", "VP Engineering".
_OF_HEADS = "(?:" + "|".join(rf"(?<=\b{w})" for w in ("head", "director", "vp", "svp", "evp", "chief", "manager",
                                                       "lead", "officer")) + ")"
_NAMED_HEADS = "(?:" + "|".join(rf"(?<=\b{w})" for w in ("vp", "svp", "evp", "head", "chief")) + ")"


def title_tail(r: Reader) -> str:
    """What may follow a role's head word to make one title: "of" a department or an acronym ("director of IT",
    "head of R&D"), or, after vp/svp/evp/head/chief, a capitalised word of its own ("VP Lending")."""
    return (rf"(?:{_OF_HEADS}\s+(?:of|for)\s+(?:the\s+)?(?:{r.lex.alternations['departments']}|sales|"
            r"(?-i:[A-Z]{2,}|[A-Z]&[A-Z]))(?![\w'&-])|"
            rf"{_NAMED_HEADS}\s+(?-i:[A-Z][a-z][\w&-]*|[A-Z]{{2,}}(?:&[A-Z])?)(?![\w&-])"
            r"(?!\s+(?-i:[A-Z][a-z]+)\s+(?:at|from|of)\b))?")


def role_phrase(r: Reader) -> str:
    """A role with its title: "CFO", "head of R&D", "VP Lending"."""
    return rf"(?:{r.lex.alternations['roles']}){title_tail(r)}"


def find_target(r: Reader, start_char: int, owner_span: tuple[int, int]) -> str | None:
    """The earliest target from where the plan starts; then before it (a tag, an earlier sentence); else flags.

    An organisation alone gives way to a role at it said in the same answer ("Renewal paper for Ostrava Steel back
    from their head of procurement": Ostrava Steel's head of procurement), and a bare role ("the director of IT")
    is placed at the organisation the plan names ("going at Banco Vértice for the signature of the director of IT")."""
    unplaced: list[tuple[int, str]] = []
    for lo, hi in ((start_char, len(r.text)), (0, start_char)):
        bare: list[tuple[int, str]] = []
        found = _candidates(r, lo, hi, owner_span, bare)
        if found:
            return " ".join(_most_specific(r, found, bare).split())
        unplaced += bare
        if any(re.match(r"(?i)(?:their|his|her|its)\s", said) for _, said in bare):
            break  # "Mrs. Adeyemi liked it; I'll have their CFO ...": the plan says whom, at no organisation named
    for s, said in unplaced:
        r.flag(s, s + len(said), "target", f'"{said}": at which organisation?')
    for m in r.matches("vague_targets", start_char):
        r.flag(m.start(), m.end(), "target", f'"{m.group()}" is not anyone in particular: who exactly?')
    for m in compiled(rf"\b(?:some|more|any|other|new|various|a\s+few|a\s+bunch\s+of)\s+(?:[\w-]+\s+)?"
                      rf"(?:{r.lex.alternations['group_nouns']})\b", re.IGNORECASE).finditer(r.masked[start_char:]):
        s = start_char + m.start()
        r.flag(s, start_char + m.end(), "target", f'"{m.group()}" is not anyone in particular: which ones?')
    if not any(f.element == "target" for f in r.flags) and start_char < len(r.text.rstrip()):
        r.flag(start_char, len(r.text.rstrip()), "target",
               "aimed at whom: a person, a role at a named organisation, or a bounded group?")
    return None


def _most_specific(r: Reader, found: list[tuple[int, str]], bare: list[tuple[int, str]]) -> str:
    """The earliest candidate, or a role at the organisation it names when the answer also names that role."""
    pick = min(found)[1]
    has_role = compiled(rf"(?<![\w'-])(?:{r.lex.alternations['roles']})(?![\w'-])", re.IGNORECASE)
    if has_role.search(pick):
        return pick
    org = pick.strip("[]() ")
    if re.search(r"\s(?:at|from|of|@)\s", org):
        return pick  # "Carlos at Initech": a person at the organisation is already who it is aimed at
    for _, text in sorted(found):
        owner_of = re.match(r"(.+?)'s?\s", text)
        if text != pick and has_role.search(text) and (org.lower() in text.lower() or (
                owner_of and owner_of.group(1).lower() in pick.lower())):
            return text  # "Ostrava Steel's head of procurement" over "Renewal paper for Ostrava Steel"
    where = min(found)[0]
    visited = re.search(r"\b(?:at|to|for|visit|visiting|visits|into)\s+$", r.masked[max(0, where - 12):where], re.I)
    # "going at Banco Vértice ... the director of IT": an organisation gone to, never a person ("ping Dana Ruiz")
    if bare and visited and re.fullmatch(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*", org) and not r.names.is_contact(org):
        role = re.sub(r"^(?i:the|their|its)\s+", "", bare[0][1])
        return f"{org}'{'' if org.endswith('s') else 's'} {role}"
    return pick


def _candidates(r: Reader, lo: int, hi: int, owner_span: tuple[int, int],
                bare: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each target said between lo and hi, with where it starts; roles with no organisation go to bare."""
    found: list[tuple[int, str]] = []
    place: tuple[int, str] | None = None
    skip = -1
    roles = role_phrase(r)
    titled = [m.span() for m in compiled(rf"(?<![\w'-])(?:{roles})(?![\w'-])", re.IGNORECASE).finditer(r.masked)]
    region = r.masked[lo:hi]
    for tok in r.tokens:
        if not lo <= tok.start < hi or owner_span[0] <= tok.start < owner_span[1]:
            continue
        if tok.start == owner_span[0] == owner_span[1] or tok.index < skip or any(a < tok.start < b for a, b in titled):
            continue  # the imperative verb itself
        known = _known_name(r, tok.index)
        if known:
            found.append((tok.start, _extend(r, tok.index, known[0], known[1])))
            break
        if (r.is_name(tok) and not _verb_opening_clause(r, tok.index) and tok.low.removesuffix("'s") not in DETERMINERS
                and tok.low not in r.lex.sets["roles"]  # "the CFO" alone is a role with no organisation
                and tok.low.removesuffix("s") not in r.lex.sets["roles"]  # "a few CIOs"
                and not _document(r, tok)
                and not _vague_just_before(r, tok.start)):
            k = r.name_run(tok.index)
            said = _extend(r, tok.index, k, None)
            person = _person_after_adjunct(r, k, hi) if said == r.text[tok.start:r.tokens[k - 1].end] else None
            if place is None and _where_one_is(r, tok.index):
                place, skip = (tok.start, said), k  # "I'm in Oslo on Wednesday": where one is, not whom it is aimed at
                continue
            found.append((tok.start, r.text[tok.start:person] if person else said))
            break
    patterns = (
        rf"\b(?:their|his|her|its|the\s+customer's|the\s+client's|the\s+prospect's)\s+"
        rf"(?:(?!(?:and|or|their|his|her|its)\b)[\w-]+\s+){{0,2}}?(?:{roles})\b",
        (rf"(?<!\btheir\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bits\s)\b(?:the\s+)?"
         rf"(?:(?!(?:their|his|her|its|get|have|the|a|an|to|and|of)\b)[\w-]+\s+){{0,2}}?(?:{roles})\s+"
         rf"(?:at|of|from|in|for)\s+(?!my\b|our\b|the\b|a\b|an\b|(?:{r.lex.alternations['departments']})\b)[\w'&-]+"
         rf"(?:\s+(?!by\b|on\b|to\b|and\b|before\b)[A-Z][\w'&-]*)*"),
        # (not "it's their COO": "it's", "that's" are "it is", "that is")
        rf"\b(?!(?:it|that|he|she|there|here|what|who|this|one)'s\b)[\w'&-]+'s?\s+(?:[\w-]+\s+){{0,2}}?(?:{roles})\b",
        rf"\(\s*[\w'&-]+\s+(?:{roles})\s*\)",
    )
    for pattern in patterns:
        m = compiled(pattern, re.IGNORECASE).search(region)
        if m and re.fullmatch(r"(?i)(?:their|his|her|its|the\s+\w+'s)\s+(?:team|people|folks|side|guys|group|users)",
                              m.group().strip()):
            m = None  # "their team" is everyone there: who exactly?
        if m and pattern == patterns[0]:
            org = _organisation_named(r, owner_span, lo + m.start(), lo + m.end())
            if org is not None:
                found.append((lo + m.start(), f"{org}'s {m.group().split(None, 1)[1]}"))
                continue
            if not r.names.focus:
                # "their CFO" with no organisation named anywhere is "them" with nothing named (the rule; issue 21
                # item 5); in a deal's review (its contacts given as focus) "their" is that deal's customer
                bare.append((lo + m.start(), m.group()))
                continue
        if m and pattern == patterns[1] and compiled(rf"(?i:the\s+)?{roles}").fullmatch(m.group()):
            bare.append((lo + m.start(), m.group()))  # "the director of IT": a title, no organisation
            continue
        if m and not _only_function_words(m.group()):
            named_after = compiled(rf",?\s+(?:(?:their|the|its|our)\s+(?:[\w-]+\s+){{0,2}}?(?i:{roles})\s+)?"
                                   rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?").match(region[m.end():])
            named = named_after.group() if named_after and not _calendar_or_verb(r, named_after.group()) else ""
            found.append((lo + m.start(), (m.group() + named).strip("() ")))
    the_role = compiled(rf"\bthe\s+(?:[\w-]+\s+){{0,2}}?(?:{roles})\b(?!'|\s+(?:at|of|from|in|for|@)\s)",
                        re.IGNORECASE).search(region)
    if the_role and not _only_function_words(the_role.group()):
        bare.append((lo + the_role.start(), the_role.group()))  # "the finance director": at the organisation named
    mailbox = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", r.text[lo:hi])
    if mailbox:  # "procurement@contoso.com": a named mailbox at a named organisation
        found.append((lo + mailbox.start(), mailbox.group()))
    lower = _LOWER_PERSON.search(region) if _typed_in_lower_case(r.text) else None
    if lower and not r.is_function_word(lower.group("where").split()[-1].lower()) and not any(
            r.is_number_word(w) or w in r.lex.sets["vague_targets"] or w in r.not_names or r.is_verb(w) or w in r.lex.sets["roles"] or w in r.lex.sets["departments"]
                         or r.is_function_word(w) for w in lower.group("who").lower().split()):
        found.append((lo + lower.start("who"), lower.group("who") + lower.group("where")))
    group_nouns = r.lex.alternations["group_nouns"]
    # A group is a target when something bounds it ("on my APAC list", "at Stark"); "3 deals" alone is a count.
    group = compiled(rf"(?<![\w#$])(?:the\s+)?(?:{_NUMBER_WORDS})\s+(?:{_CONTENT_WORD}\s+){{0,3}}?(?:{group_nouns})\b"
                     rf"(?:\s+{_BOUND}|\s+(?:at|from|in)\s+(?:the\s+)?(?-i:[A-Z])[\w'&-]*(?:\s+(?-i:[A-Z])[\w'&-]*)*)",
                     re.IGNORECASE).search(region)
    if group:
        found.append((lo + group.start(), group.group()))
    bounded = compiled(rf"\b(?:the\s+)?(?:[\w-]+\s+){{0,3}}?[\w-]+s\s+{_BOUND}", re.IGNORECASE).search(region)
    if bounded and not re.match(r"(?:some|more|any)\b", bounded.group(), re.IGNORECASE):
        found.append((lo + bounded.start(), bounded.group()))
    owned = compiled(rf"{_BOUND_OWNS}(?:{group_nouns})\b", re.IGNORECASE).search(region)
    if owned:  # before any name inside it: "the Denver territory's new accounts", not "Denver"
        found.append((lo + owned.start(), owned.group()))
    listed = compiled(rf"\b(?:{group_nouns})\s+(?:{r.lex.alternations['bounded_by']})", re.IGNORECASE).search(region)
    if listed:
        found.append((lo + listed.start(), listed.group()))
    if not found and place is not None:
        found.append(place)
    return found


def _where_one_is(r: Reader, i: int) -> bool:
    """ "I'm in Oslo", "while in Madrid": a name right after "in" is a place (a target only when nothing else is)."""
    return i > 0 and r.tokens[i - 1].low == "in" and r.tokens[i - 1].clause == r.tokens[i].clause


def _organisation_named(r: Reader, owner_span: tuple[int, int], start: int, end: int) -> str | None:
    """The organisation "their" stands for: a known account, else the first name said elsewhere in the answer (a
    clause's capitalised opening word before a lower-case one, "Lots going on", "Renewal paper for", only when no
    other name is said)."""
    opener: str | None = None
    for tok in r.tokens:
        if start <= tok.start < end or owner_span[0] <= tok.start < owner_span[1]:
            continue
        known = _known_name(r, tok.index)
        if known and not r.names.is_contact(known[1]):
            return r.text[tok.start:r.tokens[known[0] - 1].end].removesuffix("'s").removesuffix("'")
        if (r.is_name(tok) and not _verb_opening_clause(r, tok.index) and tok.low not in r.lex.sets["roles"]
                and tok.low.removesuffix("'s") not in DETERMINERS and not _document(r, tok)):
            k = r.name_run(tok.index)
            said = r.text[tok.start:r.tokens[k - 1].end].removesuffix("'s").removesuffix("'")
            if _a_person(r, tok.index, k):
                continue  # "their" is an organisation's, never a person's ("Mrs. Okafor", "Dana Ruiz, the CFO")
            placed = re.match(rf"\s+(?:at|from|@)\s+({_NAME_WORD}(?:\s+{_NAME_WORD})*)", r.masked[r.tokens[k - 1].end:])
            if placed and not _calendar_or_verb(r, placed.group(1)):
                return placed.group(1).removesuffix("'s")  # "Tom Achebe at Delta Grain ... their": Delta Grain's
            if k == tok.index + 1 and r.opens_clause(tok.index) and k < len(r.tokens) and r.gap(k).isspace() \
                    and r.tokens[k].text[:1].islower() and not r.names.is_account(said):
                opener = opener or said
                continue
            return said
    return opener


def _a_person(r: Reader, i: int, k: int) -> bool:
    """Whether the name at tokens i..k is said as a person's: a contact of the workspace, a courtesy title before it
    ("Mrs. Okafor"), or a role after it as an appositive ("Dana Ruiz, the CFO", "Dana Ruiz (VP Sales)")."""
    if r.names.is_contact(r.text[r.tokens[i].start:r.tokens[k - 1].end].removesuffix("'s")):
        return True
    if r.tokens[i].low.rstrip(".") in TITLES or (i > 0 and r.tokens[i - 1].low.rstrip(".") in TITLES):
        return True
    after = r.masked[r.tokens[k - 1].end:]
    return bool(compiled(rf"\s*(?:,\s*(?:the|our|their|a|my)?\s*|\(\s*)(?:[\w-]+\s+){{0,2}}?(?i:{role_phrase(r)})\b")
                .match(after))


def _person_after_adjunct(r: Reader, k: int, hi: int) -> int | None:
    """ "Acme pricing call w/ Joe Diaz (VP Finance)": a company naming a thing, then the person it is with, in one
    clause: the target runs from the company to the person (where the person's own context ends)."""
    if k >= len(r.tokens) or r.tokens[k].clause != r.tokens[k - 1].clause or not r.gap(k).isspace():
        return None
    noun = r.tokens[k]
    if noun.capitalised or r.is_function_word(noun.low) or noun.low in r.lex.sets["roles"]:
        return None
    for j in range(k + 1, min(k + 8, len(r.tokens))):
        later = r.tokens[j]
        if later.clause != noun.clause or later.start >= hi:
            return None
        if r.is_name(later) and later.low not in r.lex.sets["roles"] and not _document(r, later):
            said = _extend(r, j, r.name_run(j), None)
            return r.text.index(said, later.start - 1) + len(said) if said in r.text else None
    return None


def _document(r: Reader, tok: Token) -> bool:
    """ "the signed LOI", "an NDA": a short acronym after an article or a participle is a paper, not a company."""
    if not (tok.text.isupper() and 2 <= len(tok.text) <= 4) or tok.index == 0:
        return False
    prev = r.tokens[tok.index - 1].low
    return prev in ("the", "a", "an", "our", "their", "my", "this", "that") or prev.endswith("ed")


def _calendar_or_verb(r: Reader, words: str) -> bool:
    last = re.findall(r"[\w'-]+", words)[-1].lower()
    return last in r.not_names or r.is_verb(last)


def _typed_in_lower_case(text: str) -> bool:
    """No capital but a sentence's first letter or "I": names can only be read from where they stand."""
    return not re.search(r"(?<![.!?]\s)(?<!^)(?<!\bI)[A-Z]|[A-Z]{2}", text.lstrip()[1:] if text.strip() else text)


def _vague_just_before(r: Reader, char: int) -> bool:
    """ "everyone at Initech", "prospects in Denver": a vague group placed somewhere is still not anyone in particular."""
    before = r.masked[max(0, char - 60):char]
    return bool(compiled(rf"(?<![\w'-])(?:{r.lex.alternations['vague_targets']})\s+(?:at|in|from|of|across)\s+$",
                         re.IGNORECASE).search(before)
                or re.search(r"\b(?:whoever|whomever|anyone\s+who|someone\s+who|the\s+person\s+who|the\s+right\s+"
                             r"(?:people|person))\b[^.;:]{0,45}\s(?:at|in|from|of)\s+$", before, re.IGNORECASE))


def _only_function_words(text: str) -> bool:
    words = re.findall(r"[\w'-]+", text.lower())
    return all(w in DETERMINERS or w in PRONOUNS or w in PREPOSITIONS for w in words[:1]) and len(words) < 2


def _verb_opening_clause(r: Reader, i: int) -> bool:
    """ "Email Priya ...": the capitalised first word of a clause that is a verb is the action, not a name."""
    tok = r.tokens[i]
    first = i == 0 or r.tokens[i - 1].clause != tok.clause
    return first and r.is_verb(tok.low)


def _known_name(r: Reader, i: int) -> tuple[int, str] | None:
    """A contact or account of the workspace named at token i, in any case: (index after it, the name as known).

    A first or last name alone stands for the one contact who has it ("Dana" is Dana Ruiz)."""
    words = [t.low.removesuffix("'s") for t in r.tokens[i:i + 6]]
    whole = r.names.phrase_at(words)
    if whole:
        n, name = whole
        is_person = r.names.is_contact(name)
        return i + n, name if is_person else r.text[r.tokens[i].start:r.tokens[i + n - 1].end]
    if len(words[0]) < 2 or words[0] in r.lex.sets["not_names"] or r.is_function_word(words[0]):
        return None
    person = r.names.person(words[0])
    if person:
        return i + 1, person
    account = r.names.account_by_first_word(words[0])
    if account and not (r.is_verb(words[0]) or words[0] in r.lex.sets["roles"] or words[0] in r.not_names):
        return i + 1, r.text[r.tokens[i].start:r.tokens[i].end]  # "w/ contoso": Contoso Health, said as typed
    return None


def _extend(r: Reader, i: int, k: int, as_known: str | None) -> str:
    """Grows a name into its context: "Acme's procurement lead", "Dana Ruiz, the CFO at Northwind"."""
    end = r.tokens[k - 1].end
    begin = r.tokens[i].start
    while end < len(r.text) and r.text[end] in ")]}\"":
        end += 1
    while begin > 0 and r.text[begin - 1] in "([{\"'":
        begin -= 1
    roles = f"(?i:{role_phrase(r)}|{r.lex.alternations['departments']})"
    rest = r.masked[end:]
    possessive = r.tokens[k - 1].text.endswith(("'s", "'")) or rest.startswith("'")
    if rest.startswith("'"):  # "Wayne Enterprises' purchasing team": the apostrophe is not part of the word
        rest, end = rest[1:], end + 1
    place = _known_place(r, rest)
    if place:
        return _said(r, begin, end + place, as_known, i, k)
    for needs_possessive, pattern in (
        (True, rf"^(?:\s+(?:[\w-]+\s+){{0,2}}?{roles})+\b"),
        (False, rf"^(?:\s+{roles})+\b"),
        (False, r"^\s*\((?:[^()]{1,60})\)"),
        (False, (rf"^,\s+(?:the|our|their|his|her|a|my|your)\s+(?:[\w-]+\s+){{0,2}}?{roles}"
                 rf"(?:\s+(?:at|of|from|for)\s+[A-Za-z][\w'&-]*(?:\s+{_NAME_WORD})*)?")),
        (False, rf"^,\s+(?:{_NAME_WORD}\s+){{0,3}}?{_NAME_WORD}'s?\s+(?:[\w-]+\s+){{0,2}}?{roles}(?:\s+of\s+[\w-]+)?"),
        # "Jonas Berg, Head of Ops at Tyrell": a title with no article before it
        (False, (rf"^,\s+(?:[\w-]+\s+){{0,2}}?{roles}(?:\s+(?:of|for)\s+[\w&-]+)?"
                 rf"(?:\s+(?:at|of|from)\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*)?(?=\s*[,;.)]|\s+(?:on|by|to|in)\b)")),
        (False, (rf"^\s+(?:at|from|of)\s+(?:{_ORG_WORD}(?:\s+(?:{_NAME_WORD}|{_ORG_NUMBER}))*"
                 rf"|(?!the\b|my\b|our\b|a\b){_LOWER_WORD})")),
        (False, rf"^\s+in\s+(?!{CALENDAR_WORDS}\b){_NAME_WORD}(?:\s+{_NAME_WORD})*(?:\s+(?:{DEPARTMENTS}))?\b"),
    ):
        if needs_possessive and not possessive:
            continue  # "Acme's <two words> lead" needs the possessive; "Contoso buying committee" does not
        m = compiled(pattern).match(rest)
        if m:
            end += m.end()
            person = re.match(rf",?\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?", r.masked[end:])
            if person and not _calendar_or_verb(r, person.group()):  # "Aperture's CFO, Cave Johnson"
                end += person.end()
            break
    return _said(r, begin, end, as_known, i, k)


def _said(r: Reader, begin: int, end: int, as_known: str | None, i: int, k: int) -> str:
    """The target as the user said it, with a first name alone completed to the contact it stands for."""
    said = r.text[begin:end].strip(" ,")
    if as_known and as_known.lower() not in said.lower():
        first = r.text[r.tokens[i].start:r.tokens[k - 1].end]
        said = said.replace(first, as_known, 1)
    return said


def _known_place(r: Reader, rest: str) -> int:
    """ "at pied piper": an account the workspace knows, after at/from/of, in any case; how many characters it takes."""
    m = re.match(r"\s+(?:at|from|of|in)\s+", rest, re.IGNORECASE)
    if not m:
        return 0
    words = re.findall(r"[\w'&-]+", rest[m.end():m.end() + 80])
    found = r.names.phrase_at([w.lower() for w in words[:6]])
    if not found or r.names.is_contact(found[1]):
        return 0
    tail = re.match(rf"(?:[\w'&-]+\W+){{{found[0] - 1}}}[\w'&-]+", rest[m.end():])
    return m.end() + tail.end() if tail else 0
