"""Tests which addresses `salesplan serve` listens on and which names and origins it answers, without a server."""

from __future__ import annotations

import ipaddress

import pytest

from salesplan_tui.serve.address import Served, ServeRefused, checked_ip
from salesplan_tui.serve.page import page, policy


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_addresses_need_nothing_more(host: str) -> None:
    assert checked_ip(host, public=False).is_loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"])
def test_an_address_others_can_reach_needs_public(host: str) -> None:
    with pytest.raises(ServeRefused, match="add --public"):
        checked_ip(host, public=False)
    assert not checked_ip(host, public=True).is_loopback


@pytest.mark.parametrize("host", ["example.com", "127.0.0.1:80", "", "0.0.0.0/0"])
def test_a_host_that_is_no_address_is_refused(host: str) -> None:
    with pytest.raises(ServeRefused, match="--host takes an IP address"):
        checked_ip(host, public=True)


def test_a_loopback_server_answers_only_to_loopback_names_on_its_port() -> None:
    served = Served(ipaddress.ip_address("127.0.0.1"), 8765)
    for host in ("127.0.0.1:8765", "localhost:8765", "LOCALHOST:8765", "[::1]:8765"):
        assert served.answers_to(host), host
    for host in (None, "", "127.0.0.1", "localhost:9000", "evil.example:8765", "localhost.evil.example:8765",
                 "127.0.0.1:8765.evil.example", "::1:8765", "127.0.0.1:08765"):
        assert not served.answers_to(host), host


def test_a_websocket_origin_must_be_the_page_the_browser_reached() -> None:
    served = Served(ipaddress.ip_address("127.0.0.1"), 8765)
    assert served.origin_matches("http://127.0.0.1:8765", "127.0.0.1:8765")
    assert served.origin_matches("http://localhost:8765", "localhost:8765")
    for origin, host in [(None, "127.0.0.1:8765"), ("null", "127.0.0.1:8765"),
                         ("http://localhost:8765", "127.0.0.1:8765"),  # another origin, even on this machine
                         ("https://127.0.0.1:8765", "127.0.0.1:8765"), ("http://127.0.0.1:8766", "127.0.0.1:8765"),
                         ("http://evil.example:8765", "evil.example:8765"),  # DNS rebinding: its own name
                         ("http://127.0.0.1:8765", None)]:
        assert not served.origin_matches(origin, host), (origin, host)


def test_a_public_server_answers_to_this_machine_and_not_to_another_name() -> None:
    served = Served(ipaddress.ip_address("192.0.2.7"), 8765)
    assert served.answers_to("192.0.2.7:8765") and served.answers_to("127.0.0.1:8765")
    assert not served.answers_to("rebinding.example:8765")


def test_the_page_loads_nothing_from_elsewhere_and_its_policy_allows_only_this_server() -> None:
    socket = "ws://127.0.0.1:8765/TOKEN/ws"
    text, nonce = page(socket, heartbeat=120)
    assert "http" not in text.replace(socket, "")  # no address but the socket's: every file is relative
    assert f'nonce="{nonce}"' in text and "googleapis" not in text
    assert "30000" in text  # the page says it is alive every 30 s when 120 s of silence ends an app
    rules = dict(rule.strip().split(" ", 1) for rule in policy(nonce).split(";"))
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'self'"
    assert rules["script-src"] == f"'self' 'nonce-{nonce}'" and rules["frame-ancestors"] == "'none'"
    assert page(socket, heartbeat=120)[1] != nonce  # a new nonce for every page
