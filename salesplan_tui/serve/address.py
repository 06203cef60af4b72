"""Provides where the server listens and which names it answers to: loopback unless told otherwise, loudly."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field

from salesplan_tui.core.base.errors import SalesplanError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
PUBLIC_WARNING = ("warning: --public: anyone on your network who has the link can open this workspace, and the "
                  "traffic is not encrypted (plain http). The default (127.0.0.1) reached over `ssh -L` is safer.")


class ServeRefused(SalesplanError):
    """The server cannot start as asked (a public address without --public, a port in use): one line says why."""


def checked_ip(host: str, public: bool) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address to bind: an IP address, or "localhost"; one that other machines can reach needs `public`."""
    try:
        ip = ipaddress.ip_address("127.0.0.1" if host == "localhost" else host.strip("[]"))
    except ValueError:
        raise ServeRefused(f"--host takes an IP address (127.0.0.1, or 0.0.0.0 with --public), not {host!r}") from None
    if not ip.is_loopback and not public:
        raise ServeRefused(f"--host {host} lets other machines reach your workspace; add --public to mean it "
                           "(or leave --host out and reach it over `ssh -L`, see `salesplan serve --help`)")
    return ip


def bound_socket(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> socket.socket:
    """A listening socket on ip:port (port 0: a free one), or one line saying why not."""
    sock = socket.socket(socket.AF_INET6 if ip.version == 6 else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart is not refused for the last run's sockets
    try:
        sock.bind((str(ip), port))
        sock.listen(16)
    except OSError as e:
        sock.close()
        raise ServeRefused(f"cannot listen on {ip}:{port} ({e.strerror}); pick another port with --port") from None
    sock.setblocking(False)
    return sock


@dataclass
class Served:
    """The address the server answers at: the Host header and the Origin a browser sends must name it."""

    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    port: int
    names: set[str] = field(default_factory=set)  # host names (without the port) this server answers to

    def __post_init__(self) -> None:
        if self.ip.is_loopback:
            self.names |= set(LOOPBACK_NAMES)
        else:
            # A browser elsewhere names this machine by its address or its name. An attacker's own domain pointed at
            # this address (DNS rebinding) is none of these, so its pages are refused.
            self.names |= {*LOOPBACK_NAMES, _bracketed(self.ip), socket.gethostname().lower(), socket.getfqdn().lower()}
            if self.ip.is_unspecified:
                self.names |= _local_addresses()

    @property
    def shown_host(self) -> str:
        if self.ip.is_unspecified:
            return socket.getfqdn().lower() or socket.gethostname().lower()
        return _bracketed(self.ip)

    def answers_to(self, host_header: str | None) -> bool:
        """True when a request's Host header names this server: one of its names, and its port."""
        if not host_header:
            return False
        name, _, port = host_header.lower().rpartition(":")  # "[::1]:8765" is "[::1]" and "8765"
        return port == str(self.port) and name in self.names

    def origin_matches(self, origin: str | None, host_header: str | None) -> bool:
        """True when a page's Origin is this server itself, as the browser reached it (the same Host)."""
        return bool(origin) and self.answers_to(host_header) and (origin or "").lower() == f"http://{(host_header or '').lower()}"


def _bracketed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return f"[{ip}]" if ip.version == 6 else str(ip)


def _local_addresses() -> set[str]:
    """This machine's own addresses, as far as its name resolves them (for a server bound to every address)."""
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.add(_bracketed(ipaddress.ip_address(str(info[4][0]).split("%")[0])))
    except (OSError, ValueError):
        pass
    return found
