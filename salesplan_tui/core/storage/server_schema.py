"""Provides the server's schema: its steps, run in order inside one transaction, and the version a server is at.

Every name here is a constant of this module: no identifier is ever built from user text, and every value is a
parameter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

CHANNEL = "salesplan_changed"  # LISTEN/NOTIFY: "<workspace id>:<version>" after each change to a workspace

# Step n brings a server at version n-1 to version n. Never edit a step that shipped: add one.
STEPS: tuple[tuple[str, ...], ...] = (
    (  # 1: a workspace is a row; every record carries its workspace's id
        """CREATE TABLE salesplan_schema (version integer NOT NULL)""",
        """INSERT INTO salesplan_schema (version) VALUES (0)""",
        """CREATE TABLE salesplan_workspaces (
               id bigserial PRIMARY KEY,
               name text NOT NULL UNIQUE,
               facts json NOT NULL,
               version bigint NOT NULL DEFAULT 0)""",
        # json, not jsonb: the text is kept exactly as salesplan wrote it (jsonb would refuse \\u0000 in a note
        # and reorder keys); queries read it with ->> all the same.
        """CREATE TABLE salesplan_records (
               workspace_id bigint NOT NULL REFERENCES salesplan_workspaces (id) ON DELETE CASCADE,
               kind text NOT NULL,
               id bigint NOT NULL,
               body json NOT NULL,
               PRIMARY KEY (workspace_id, kind, id))""",
    ),
    (  # 2: each record keeps the workspace version that last wrote it; each change is announced to listeners
        """ALTER TABLE salesplan_records ADD COLUMN version bigint NOT NULL DEFAULT 0""",
        f"""CREATE FUNCTION salesplan_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{CHANNEL}', NEW.id::text || ':' || NEW.version::text);
                RETURN NEW;
            END $$""",
        """CREATE TRIGGER salesplan_announce AFTER UPDATE OF version ON salesplan_workspaces
               FOR EACH ROW EXECUTE FUNCTION salesplan_announce()""",
    ),
)
LATEST = len(STEPS)


def version_of(conn: psycopg.Connection) -> int:
    """The schema version of the server's database; 0 when salesplan has never been set up on it."""
    found = conn.execute("SELECT to_regclass('salesplan_schema') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    row = conn.execute("SELECT version FROM salesplan_schema").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: psycopg.Connection, *, upto: int = LATEST) -> int:
    """Runs the steps the database lacks, in order, in one transaction that also holds a lock so two first starts
    never run them twice. Raises ValueError for a database newer than this salesplan. Returns the version now."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('salesplan schema'))")
        at = version_of(conn)
        if at > LATEST:
            raise ValueError(f"the server's salesplan schema is version {at}, newer than this salesplan ({LATEST}); "
                             "update salesplan")
        for number in range(at + 1, upto + 1):
            for statement in STEPS[number - 1]:
                conn.execute(statement.encode())
            conn.execute("UPDATE salesplan_schema SET version = %s", (number,))
    return max(at, upto)
