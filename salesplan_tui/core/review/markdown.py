"""Provides a review as Markdown, for the one-on-one notes."""

from __future__ import annotations

import datetime as dt
import html

from salesplan_tui.core.base.visible import one_line as _one_line
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Action, ActionStatus, Kind, Review, ReviewItem, ReviewKind
from salesplan_tui.core.review.since_last import since_last
from salesplan_tui.core.review.since_last_lines import heading, sections


def md_text(text: object, *, multiline: bool = False) -> str:
    """User text for a Markdown document: on one line (or its own lines), controls visible, and HTML escaped (<, >, &
    as entities), so a `<script>` in a deal title is shown as typed and never run by whatever renders the document."""
    shown = visible(str(text), multiline=True) if multiline else _one_line(text)
    return html.escape(shown, quote=False)


one_line = md_text  # every line of user text below goes through it


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
        return ["## Since last time", "", f"- No earlier one-on-one with {one_line(review.manager)} to compare with."]
    out = [f"## {one_line(heading(since))}"]
    for section in sections(since):
        out += ["", f"### {section.title}: {one_line(section.summary)}", ""]
        out += [f"- {line.mark} **{one_line(line.subject)}**: {one_line(line.detail)}" for line in section.lines] or ["- None"]
    return out


def _state(action: Action, today: dt.date) -> str:
    """Where a commitment stands, in words: a promise not yet due is open, never a failure."""
    if action.status == ActionStatus.DONE:
        return f"done{f' {day_label(action.completed_at.astimezone().date(), today)}' if action.completed_at else ''}"
    if action.status == ActionStatus.DROPPED:
        return f"dropped ({action.drop_reason})"
    late = action.due < today
    return f"{'overdue, was due' if late else 'open, due'} {day_label(action.due, today)}"


def _became(view: WorkspaceView, review: Review, index: int, item: ReviewItem) -> str:
    """What became of one item of the review: answered, done, dropped, rescheduled, skipped or not reached."""
    on = review.started_at.astimezone().date()  # the year a day is said without
    if item.state == "skipped":
        return f"skipped ({item.skip_reason})"
    if item.state == "pending":
        return "not reached" if review.finished else "still to walk"
    action = view.get(Action, item.ref_id) if item.kind in (Kind.ACTION, Kind.COMMITMENT) else None
    moved = [s for s in action.slips if _during(review, s.at)] if action else []
    if moved:
        return f"rescheduled {day_label(moved[0].old, on)} → {day_label(moved[-1].new, on)}"
    if action is not None and action.status == ActionStatus.DONE and action.completed_at and _during(review, action.completed_at):
        return "done"
    if action is not None and action.status == ActionStatus.DROPPED:
        return f"dropped ({action.drop_reason})"
    answered = any(a.item == index and a.accepted for a in review.answers)
    if action is not None and action.is_open and action.id in review.action_ids and not answered:
        return f"confirmed on track, due {day_label(action.due, on)}"
    return "answered" if answered else "settled"


def _answers(review: Review, index: int) -> list[str]:
    """Every answer given on one item, in the order given, each under it: accepted ones as plans, refused ones marked."""
    return [f"  - {'✓' if a.accepted else '✗ refused:'} \"{one_line(a.text)}\"" for a in review.answers if a.item == index]


def _during(review: Review, moment: dt.datetime) -> bool:
    return review.started_at <= moment <= (review.ended_at or moment)


def _slips(view: WorkspaceView, review: Review) -> list[tuple[str, dt.date, dt.date, str]]:
    """Each date moved during the review, with the name of the action it moved."""
    moved = []
    for item in review.items:
        action = view.get(Action, item.ref_id) if item.kind in (Kind.ACTION, Kind.COMMITMENT) else None
        if action is None:
            continue
        for slip in action.slips:
            if _during(review, slip.at):
                moved.append((action.outcome, slip.old, slip.new, slip.reason))
    return moved


def review_markdown(repo: WorkspaceView, review: Review) -> str:
    """The review's summary: items, refused answers and why, commitments with owners and dates, slips, skips; a
    one-on-one's starts with what changed since the last one with the same manager."""
    kind = "One-on-one" if review.kind == ReviewKind.ONE_ON_ONE else "Weekly review"
    who = one_line(f"{review.seller} and {review.manager}" if review.manager else review.seller)
    # Stored in UTC; shown in the reader's own time.
    out = [f"# {kind}: {who}", "", f"- Started: {review.started_at.astimezone():%Y-%m-%d %H:%M}"]
    out.append(f"- Ended: {review.ended_at.astimezone():%Y-%m-%d %H:%M}" if review.ended_at else "- Not finished (paused)")
    settled = sum(1 for i in review.items if i.state == "done")
    skipped_count = sum(1 for i in review.items if i.state == "skipped")
    refused = [a for a in review.answers if not a.accepted]
    out += [f"- Items: {settled + skipped_count} of {len(review.items)} walked ({settled} settled, {skipped_count} skipped)",
            f"- Answers refused: {len(refused)}", ""]
    now = (review.ended_at or review.started_at).date()
    if review.kind == ReviewKind.ONE_ON_ONE and review.manager:
        out += [*since_last_markdown(repo, review), ""]
    out += ["## Items", ""]
    for n, item in enumerate(review.items):
        out += [f"- {one_line(item.title or item.kind.value)}: {one_line(_became(repo, review, n, item))}", *_answers(review, n)]
    if not review.items:
        out.append("- None")
    if review.end_note:
        out += ["", f"_{one_line(review.end_note)}_"]
    actions = [a for a in (repo.get(Action, i) for i in review.action_ids) if a is not None]
    out += ["", "## Commitments", ""]
    out += [f"- **{one_line(_person(a.owner, review))}** → {one_line(a.target)}: {one_line(a.outcome)}: {one_line(_state(a, now))}"
            for a in actions] or ["- None"]
    out += ["", "## Refused answers", ""]
    out += [f"- \"{one_line(a.text)}\" — {one_line(a.question)}" for a in refused] or ["- None"]
    moved = _slips(repo, review)
    if moved:
        out += ["", "## Rescheduled", ""]
        out += [f"- {one_line(title)}: {day_label(old, now)} → {day_label(new, now)}{': ' + one_line(reason) if reason else ''}"
                for title, old, new, reason in moved]
    noted = [i for i in review.items if i.notes]
    if noted or review.notes:
        out += ["", "## Notes", ""]
        out += [f"- {one_line(i.title)}: {one_line(i.notes)}" for i in noted]
        if review.notes:
            out += ["", md_text(review.notes.strip(), multiline=True)]
    return "\n".join(out) + "\n"
