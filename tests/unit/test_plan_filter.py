"""Tests the filter language directly: parsing words, key:value terms, quotes and overdue; and matching records."""

from __future__ import annotations

import datetime as dt

import pytest

from salesplan_tui.core.plan.filter import Query, matches, parse_query
from tests.conftest import TODAY

YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


# ----- parse_query ---------------------------------------------------------------------------------


def test_empty_text_is_an_empty_query() -> None:
    for text in ("", "   "):
        q = parse_query(text)
        assert q == Query() and q.empty
        assert q.describe() == ""


def test_free_words_are_kept_in_order_and_casefolded() -> None:
    q = parse_query("Pricing  RENEWAL straße")
    assert q.words == ("pricing", "renewal", "strasse")
    assert q.terms == {} and not q.overdue and not q.empty


def test_every_key_becomes_a_term() -> None:
    q = parse_query("owner:Jill account:Northwind status:Open stage:Demo")
    assert q.terms == {"owner": "jill", "account": "northwind", "status": "open", "stage": "demo"}
    assert q.words == ()


def test_keys_are_case_insensitive() -> None:
    assert parse_query("OWNER:jill Stage:demo").terms == {"owner": "jill", "stage": "demo"}


def test_quoted_values_keep_their_spaces() -> None:
    q = parse_query('owner:jill account:"North Wind" overdue pricing')
    assert q.terms == {"owner": "jill", "account": "north wind"}
    assert q.words == ("pricing",)
    assert q.overdue


def test_a_quoted_phrase_is_one_word() -> None:
    assert parse_query("'price list' demo").words == ("price list", "demo")


def test_unknown_keys_and_empty_values_are_words() -> None:
    q = parse_query("region:north owner: http://x")
    assert q.terms == {}
    assert q.words == ("region:north", "owner:", "http://x")


def test_a_value_may_itself_hold_a_colon() -> None:
    assert parse_query("account:acme:emea").terms == {"account": "acme:emea"}


def test_the_last_of_a_repeated_key_wins() -> None:
    assert parse_query("owner:jill owner:raj").terms == {"owner": "raj"}


@pytest.mark.parametrize("text", ["overdue", "OVERDUE", "Overdue"])
def test_overdue_is_a_flag_not_a_word(text: str) -> None:
    q = parse_query(text)
    assert q.overdue and q.words == () and q.terms == {}
    assert not q.empty


def test_a_quote_left_open_closes_at_the_end() -> None:
    q = parse_query('pricing "north wind')
    assert q.words == ("pricing", "north wind")
    assert parse_query('account:"north wind').terms == {"account": "north wind"}
    assert q.terms == {} and not q.overdue


def test_unbalanced_quotes_still_read_overdue_and_terms() -> None:
    q = parse_query("owner:jill overdue o'brien")
    assert q.terms == {"owner": "jill"}
    assert q.overdue
    assert q.words == ("o'brien",)  # an apostrophe is part of the name


def test_describe_reads_back_as_the_same_query() -> None:
    q = parse_query('Pricing owner:Jill overdue stage:demo')
    assert q.describe() == "pricing owner:jill stage:demo overdue"
    assert parse_query(q.describe()) == q


# ----- matches -------------------------------------------------------------------------------------


def record(query: str, **fields: object) -> bool:
    base: dict[str, object] = {"text": "Send the Pricing proposal", "owner": "Jill Smith",
                               "account": "North Wind Traders",
                               "status": "open", "stage": "Proposal", "due": TOMORROW, "today": TODAY}
    return matches(parse_query(query), **{**base, **fields})  # type: ignore[arg-type]


def test_an_empty_query_matches_everything() -> None:
    assert matches(Query(), text="")
    assert record("")


@pytest.mark.parametrize("query", ["pricing", "PRICING", "proposal", "jill", "north wind", "traders"])
def test_words_match_text_owner_account_and_stage_case_insensitively(query: str) -> None:
    assert record(query)


def test_words_do_not_match_the_status() -> None:
    assert not record("open")


@pytest.mark.parametrize("query", ["owner:JILL", "account:'north wind'", "status:OPEN", "stage:prop"])
def test_terms_match_their_own_field_as_a_substring(query: str) -> None:
    assert record(query)


@pytest.mark.parametrize("query", ["owner:north", "account:jill", "stage:pricing", "status:done"])
def test_a_term_does_not_match_another_field(query: str) -> None:
    assert not record(query)


def test_every_term_must_match() -> None:
    assert record("pricing owner:jill stage:proposal")
    assert not record("pricing owner:jill stage:demo")
    assert not record("pricing contract owner:jill")


def test_casefolding_matches_beyond_ascii() -> None:
    assert record("STRASSE", text="Meet at Hauptstraße")
    assert record("account:zürich", account="ZÜRICH Insurance")


def test_overdue_matches_only_open_actions_due_before_today() -> None:
    assert record("overdue", due=YESTERDAY)
    assert not record("overdue", due=TODAY)
    assert not record("overdue", due=TOMORROW)
    assert not record("overdue", due=YESTERDAY, status="done")
    assert not record("overdue", due=YESTERDAY, status="dropped")


def test_overdue_needs_a_due_date_and_today() -> None:
    assert not record("overdue", due=None)
    assert not record("overdue", due=YESTERDAY, today=None)


def test_overdue_combines_with_other_terms() -> None:
    assert record("overdue owner:jill", due=YESTERDAY)
    assert not record("overdue owner:raj", due=YESTERDAY)


def test_a_phrase_reads_back_quoted() -> None:
    q = parse_query('account:"north wind" "big deal"')
    assert q.describe() == 'big deal'.join(['"', '"']) + ' account:"north wind"' and parse_query(q.describe()) == q
