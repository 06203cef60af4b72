"""Provides a rep's workspace as the manager reads it: "me" named as the rep, and a server rep's own address."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from salesplan_tui.core.model.records import Action, Review
from salesplan_tui.core.storage.schema import TABLE_OF, Contents

ME = "me"


def named_for_manager(contents: Contents, who: str) -> Contents:
    """The workspace with every "me" (an action's owner, a review's seller) said as the rep's name: in the rep's own
    app "me" is the rep, in the manager's it would read as the manager. Nothing else changes; the rep's file is never
    written (this is the manager's private copy)."""
    if not who.strip() or who.strip().casefold() == ME:
        return contents
    tables = dict(contents.tables)
    for model, field in ((Action, "owner"), (Review, "seller")):
        table = TABLE_OF[model]
        tables[table] = {i: r.model_copy(update={field: who}) if getattr(r, field, "").strip().casefold() == ME else r
                         for i, r in contents.tables[table].items()}
    return replace(contents, tables=tables)


def one_workspace(url: str, name: str) -> str:
    """A team's server address narrowed to one of its workspaces (`?workspace=NAME`), the rest of it kept as given."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "workspace"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("workspace", name)], quote_via=quote)))
