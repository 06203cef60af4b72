"""Provides a review as Markdown, for the one-on-one notes."""

from __future__ import annotations

from .models import Action, Review, ReviewKind
from .storage import Repository
from .visible import visible


def _line(text: str) -> str:
    """User text on one line, its control characters shown as symbols (a terminal showing the file obeys none)."""
    return visible(" ".join(text.split()))


def review_markdown(repo: Repository, review: Review) -> str:
    """The review's summary: items, refused answers and why, commitments with owners and dates, slips, skips."""
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
    actions = [a for a in (repo.get(Action, i) for i in review.action_ids) if a is not None]
    out += ["## Commitments", ""]
    out += [f"- [{'x' if a.status == 'done' else ' '}] **{_line(a.owner)}** → {_line(a.target)}: {_line(a.outcome)}"
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
