"""Provides every export as bytes (json, md, csv, ics) for the CLI and the app, and replacing the workspace with an imported one."""

from __future__ import annotations

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange import calendar as calendar_export
from salesplan_tui.core.exchange import plan_export
from salesplan_tui.core.exchange.workspace_json import export_json
from salesplan_tui.core.model.records import Review
from salesplan_tui.core.plan.seller_ops import named_review, plan_title
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.storage import Repository, backups
from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.schema import Contents

# What each format can export (None: its default); json is always the whole workspace.
WHAT = {"json": (None,), "md": (None, "plan"), "csv": (None, "actions", "deals"), "ics": (None, "actions")}
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def check_choice(fmt: str, what: str | None, review_id: int | None) -> None:
    """Refuses a format and a --what (or a review) that do not go together, saying what the format exports."""
    if fmt not in WHAT:
        raise ValidationFailed.on("format", f"there is no {fmt!r} export (json, md, csv or ics)")
    if what not in WHAT[fmt] or (review_id is not None and (fmt != "md" or what)):
        can = " or ".join(w for w in WHAT[fmt] if w) or "the whole workspace"
        extra = "; --review goes with --format md alone" if review_id is not None else ""
        raise ValidationFailed.on("format", f"--format {fmt} exports {can}{extra}")


def export_bytes(repo: Repository, fmt: str, what: str | None = None, *, review_id: int | None = None,
                 clock: Clock | None = None) -> bytes:
    """The file an export writes.

    Args:
        repo: the workspace.
        fmt: json (the whole workspace), md (the plan, or the review `review_id`), csv (`what`: actions or deals) or
            ics (open actions).
        what: plan, actions or deals (see WHAT); None for the format's default.
        review_id: with md, the review to write instead of the plan.
        clock: today for the Markdown, now for the calendar's DTSTAMP.
    Raises ValidationFailed for a combination that does not go together or a review that does not exist.
    """
    check_choice(fmt, what, review_id)
    clock = clock or Clock()
    if fmt == "json":
        return export_json(repo.snapshot())
    if fmt == "ics":
        return calendar_export.actions_ics(repo, repo.workspace, clock.now())
    if fmt == "csv":
        return (plan_export.deals_csv(repo) if what == "deals" else plan_export.actions_csv(repo)).encode()
    if review_id is None:
        return plan_export.plan_markdown(repo, clock.today(), name=plan_title(repo.workspace)).encode()
    review = repo.get(Review, review_id)
    if review is None:
        raise ValidationFailed.on("review", f"there is no review {review_id} (list them with `salesplan reviews`)")
    return review_markdown(repo, named_review(review, repo.workspace)).encode()  # "me" said by name when known


def is_json_export(name: str, raw: bytes) -> bool:
    """Whether a file to import is a salesplan JSON export (by its name ending in .json, or, for a name that is not a
    CSV's, by starting with `{`) rather than a CSV of deals."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".json":
        return True
    return suffix not in CSV_SUFFIXES and raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def replace_workspace(repo: Repository, contents: Contents, *, replace: bool, keep: int = 10) -> None:
    """Replaces the workspace with an imported one (a JSON export, read), after a backup of the file as it was; a
    workspace that already holds data only with `replace`. Raises StorageError (one line) and writes nothing when
    refused."""
    if not replace and any(repo.snapshot().tables[t] for t in ("goals", "objectives", "actions", "accounts", "deals")):
        raise StorageError(f"{repo.path} already holds a workspace; add --replace to overwrite it (a backup is kept)")
    backups.make_backup(repo.path, keep=keep)
    repo.replace_all(contents)
