"""Tests the coach's index of a workspace's names: each word finds its contacts once each, in the order they were met."""

from __future__ import annotations

from salesplan_tui.core.coach.names import known_names


def test_a_word_finds_each_contact_once_in_the_order_met() -> None:
    names = known_names(("Dana Ruiz", "Dana Lee", "Dana Ruiz", "Sam Ruiz"), ("Northwind Traders",), ("Dana Lee", "Dana Lee"))
    assert names.people["dana"] == ("Dana Ruiz", "Dana Lee")
    assert names.people["ruiz"] == ("Dana Ruiz", "Sam Ruiz")
    assert names.focus == {"dana": ("Dana Lee",), "lee": ("Dana Lee",)}
    assert names.person("dana") == "Dana Lee"  # the deal's one Dana before the workspace's two
    assert names.person("ruiz") is None  # two Ruizes: the answer must say which


def test_thousands_of_contacts_sharing_a_word_are_all_found() -> None:
    contacts = tuple(f"Person{i} Smith" for i in range(3000))
    names = known_names(contacts, ())
    assert names.people["smith"] == contacts and names.person("person2999") == "Person2999 Smith"
