"""Provides a review as Markdown, for the one-on-one notes."""

from __future__ import annotations

from .change import WorkspaceView
from .models import Action, Review, ReviewKind
from .since_last import since_last
from .since_last_lines import heading, sections
from .visible import visible


def _line(text: str) -> str:
    """User text on one line, its control characters shown as symbols (a terminal showing the file obeys none)."""
    return visible(" ".join(text.split()))


def _person(name: str, review: Review) -> str:
    """An owner as a document someone else keeps names them: "me" is the review's seller, by name when given."""
    return review.seller if name.strip().casefold() == "me" else name


def since_last_markdown(view: WorkspaceView, review: Review) -> list[str]:
    """A one-on-one's "since last time": from the end of the last one with the same manager to this one's end
    (its start while paused), with the findings it kept at its end."""
    now = review.ended_at or review.started_at
    since = since_last(view, review.manager, now, before_review_id=review.id,
                       findings_now=review.findings_at_end if review.finished else None)
    if since is None:
        return ["## Since last time", "", f"- No earlier one-on-one with {_line(review.manager)} to compare with."]
    out = [f"## {_line(heading(since))}"]
    for section in sections(since):
        out += ["", f"### {section.title}: {_line(section.summary)}", ""]
        out += [f"- {line.mark} **{_line(line.subject)}**: {_line(line.detail)}" for line in section.lines] or ["- None"]
    return out


def review_markdown(repo: WorkspaceView, review: Review) -> str:
    """The review's summary: items, refused answers and why, commitments with owners and dates, slips, skips; a
    one-on-one's starts with what changed since the last one with the same manager."""
    kind = "One-on-one" if review.kind == ReviewKind.ONE_ON_ONE else "Weekly review"
    who = _line(f"{review.seller} and {review.manager}" if review.manager else review.seller)
    # Stored in UTC; shown in the reader's own time.
    out = [f"# {kind}: {who}", "", f"- Started: {review.started_at.astimezone():%Y-%m-%d %H:%M}"]
    out.append(f"- Ended: {review.ended_at.astimezone():%Y-%m-%d %H:%M}" if review.ended_at else "- Not finished (paused)")
    settled = sum(1 for i in review.items if i.state == "done")
    skipped_count = sum(1 for i in review.items if i.state == "skipped")
    refused = [a for a in review.answers if not a.accepted]
    out += [f"- Items: {settled + skipped_count} of {len(review.items)} walked ({settled} settled, {skipped_count} skipped)",
            f"- Answers refused: {len(refused)}", ""]
    if review.kind == ReviewKind.ONE_ON_ONE and review.manager:
        out += [*since_last_markdown(repo, review), ""]
    actions = [a for a in (repo.get(Action, i) for i in review.action_ids) if a is not None]
    out += ["## Commitments", ""]
    out += [f"- [{'x' if a.status == 'done' else ' '}] **{_line(_person(a.owner, review))}** → {_line(a.target)}: {_line(a.outcome)}"
            f" (by {a.due.isoformat()})" for a in actions] or ["- None"]
    out += ["", "## Refused answers", ""]
    out += [f"- \"{_line(a.text)}\" — {_line(a.question)}" for a in refused] or ["- None"]
    if review.slips:
        out += ["", "## Slips", ""]
        out += [f"- {s.old.isoformat()} → {s.new.isoformat()}{': ' + _line(s.reason) if s.reason else ''}"
                for s in review.slips]
    skipped = [i for i in review.items if i.state == "skipped"]
    if skipped:
        out += ["", "## Skipped", ""]
        out += [f"- {_line(i.title)}: {_line(i.skip_reason)}" for i in skipped]
    noted = [i for i in review.items if i.notes]
    if noted or review.notes:
        out += ["", "## Notes", ""]
        out += [f"- {_line(i.title)}: {_line(i.notes)}" for i in noted]
        if review.notes:
            out += ["", visible(review.notes.strip(), multiline=True)]
    return "\n".join(out) + "\n"
