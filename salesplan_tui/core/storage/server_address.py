"""Provides the address of a workspace on a PostgreSQL server: `postgresql://user@host/dbname?workspace=NAME`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")
DEFAULT_WORKSPACE = "workspace"
NAME_LIMIT = 200


def is_server_address(text: object) -> bool:
    """Whether a `--db` value (or $SALESPLAN_DB) names a server rather than a file."""
    return isinstance(text, str) and text.lower().startswith(SCHEMES)


def redacted(url: str) -> str:
    """The URL with any password in it replaced by `***`: the form every message and log line uses."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "a postgresql:// address that cannot be read"


@dataclass(frozen=True)
class ServerAddress:
    """A workspace on a server: libpq's connection URI (without `workspace`) and the workspace's name.

    Credentials are left to libpq (PGPASSWORD, ~/.pgpass, a service file); a password written in the URL is used but
    never shown: `str()` and every message give the redacted form.
    """

    conninfo: str
    workspace: str

    @classmethod
    def parse(cls, url: str) -> ServerAddress:
        """Raises ValueError (one line, the password redacted) for an address that is not a workspace's."""
        try:
            parts = urlsplit(url)
            query = parse_qsl(parts.query, keep_blank_values=True)
        except ValueError:
            raise ValueError(f"{redacted(url)} is not a postgresql:// address") from None
        names = [value for key, value in query if key == "workspace"]
        if len(names) > 1:
            raise ValueError(f"{redacted(url)} names more than one workspace")
        name = names[0] if names else DEFAULT_WORKSPACE
        if not name.strip() or len(name) > NAME_LIMIT or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
            raise ValueError(f"{redacted(url)}: a workspace name is 1 to {NAME_LIMIT} printable characters")
        rest = urlencode([(key, value) for key, value in query if key != "workspace"], quote_via=quote)  # libpq reads %20, not +
        return cls(urlunsplit(parts._replace(query=rest)), name)

    @property
    def url(self) -> str:
        """The address as given (the workspace back in it), for a person to read: the password redacted."""
        parts = urlsplit(self.conninfo)
        query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), ("workspace", self.workspace)], quote_via=quote)
        return redacted(urlunsplit(parts._replace(query=query)))

    def __str__(self) -> str:
        return self.url
