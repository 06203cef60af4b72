"""Provides reading a whole team from one server: every workspace (or those named) in one query, one snapshot."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.schema import Contents
from salesplan_tui.core.storage.server_address import ServerAddress, redacted

# One statement: the workspaces and all their records, ordered so each workspace's rows come together.
TEAM_QUERY = """
    SELECT w.name, w.facts::text, r.kind, r.id, r.body::text
      FROM salesplan_workspaces w
      LEFT JOIN salesplan_records r ON r.workspace_id = w.id
     WHERE %(all)s OR w.name = ANY(%(names)s)
     ORDER BY w.name, r.kind, r.id"""


def team_address(url: str) -> tuple[ServerAddress, list[str] | None]:
    """The server of a team's address, and the workspaces it names (`?workspace=a&workspace=b`; None: every one)."""
    try:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        raise StorageError(f"{redacted(url)} is not a postgresql:// address") from None
    names = [value for key, value in query if key == "workspace"]
    rest = urlencode([(k, v) for k, v in query if k != "workspace"], quote_via=quote)
    return ServerAddress(urlunsplit(parts._replace(query=rest)), "*"), names or None


def read_team(url: str) -> list[tuple[str, Contents | str]]:
    """Each workspace's name with its contents, or with why it cannot be read (one line); raises StorageError when the
    server cannot be read at all. Nothing is written, and no schema step is run: a manager only reads."""
    from salesplan_tui.core.storage.server_repository import workspace_from_rows
    from salesplan_tui.core.storage.server_store import _driver, one_line

    psycopg = _driver()
    address, names = team_address(url)
    gathered: dict[str, tuple[bytes, dict[str, dict[int, bytes]]]] = {}
    try:
        with psycopg.connect(address.conninfo, connect_timeout=5, application_name="salesplan team") as conn:
            conn.read_only = True
            cursor = conn.execute(TEAM_QUERY, {"all": names is None, "names": names or []})
            for name, facts, kind, record_id, body in cursor:
                _, rows = gathered.setdefault(name, (facts.encode(), {}))
                if kind is not None:
                    rows.setdefault(kind, {})[int(record_id)] = body.encode()
    except psycopg.errors.UndefinedTable:
        raise StorageError(f"{address.conninfo and redacted(address.conninfo)} holds no salesplan workspaces") from None
    except psycopg.Error as e:
        raise StorageError(f"cannot read the team from {redacted(address.conninfo)}: {one_line(e, address)}") from None
    found: list[tuple[str, Contents | str]] = []
    for name, (facts, rows) in gathered.items():
        try:
            workspace, tables, _ = workspace_from_rows(facts, rows)
        except ValueError as e:
            found.append((name, f"cannot be read: {e}"))
            continue
        found.append((name, Contents(workspace, {t: table.records() for t, table in tables.items()})))
    for missing in sorted(set(names or ()) - set(gathered)):
        found.append((missing, "there is no workspace of that name on the server"))
    return found
