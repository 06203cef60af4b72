"""Provides the commands that judge a sentence: `judge` says whether it is a plan, `add` captures it as an action."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from salesplan_tui.cli.common import day_from, db_option, json_text, print_parts, refusals, say, workspace_target

if TYPE_CHECKING:
    from salesplan_tui.core.coach import Lexicon


def coach_words() -> Lexicon:
    """The coach's words, the team's coach.json among them; a bad file is said on stderr (the shipped words judge)."""
    from salesplan_tui.core.coach import load_lexicon

    lexicon = load_lexicon()
    for problem in lexicon.problems:
        say(f"salesplan: warning: {problem}", err=True)
    return lexicon



@click.command("judge")
@click.argument("text")
@click.option("--today", help="Read dates as if today were this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.pass_context
def judge_cmd(ctx: click.Context, text: str, today: str | None, as_json: bool) -> None:
    """Judge an answer to "What's next?"; exit 0 when it is a plan, 1 when it is refused."""
    from salesplan_tui.core.coach import judge

    verdict = judge(text, today=day_from(today), lexicon=coach_words())
    if as_json:
        click.echo(json_text({
            "specific": verdict.specific, "missing": verdict.missing, "owner": verdict.owner,
            "target": verdict.target, "outcome": verdict.outcome,
            "due": verdict.due.isoformat() if verdict.due else None, "question": verdict.question,
            "vague_words": [{"text": f.text, "element": f.element, "reason": f.reason} for f in verdict.flags],
        }))
    elif verdict.specific:
        click.echo("Specific: that is a plan.")
        print_parts(verdict)
    else:
        say(verdict.question)
        for f in verdict.flags:
            say(f"  {f.text!r}: {f.reason}")
    ctx.exit(0 if verdict.specific else 1)


@click.command("add")
@db_option
@click.argument("text")
@click.option("--deal", "deal_ref", metavar="ID|NAME",
              help="Tie the action to this deal (a next step): its id, or a part of its title or account that only "
                   "it has (any case; see `salesplan deals`).")
@click.option("--objective", "objective_id", type=int, help="Tie the action to this objective.")
@click.option("--today", help="Read dates as if today were this date (YYYY-MM-DD).")
@click.pass_context
def add_cmd(ctx: click.Context, db: Path | None, text: str, deal_ref: str | None, objective_id: int | None,
            today: str | None) -> None:
    """Capture an action in one sentence; a vague one is refused and nothing is written."""
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.capture.quick import add

    day = day_from(today)
    lexicon = coach_words()  # a bad coach.json is said here, as `judge` says it
    with refusals(". Nothing was written."):
        captured = add(workspace_target(ctx, db), text, today=day, clock=Clock.on(day) if today else Clock(), deal_ref=deal_ref,
                       objective_id=objective_id, lexicon=lexicon)
    verdict = captured.verdict
    if not verdict.specific:
        say(verdict.question, err=True)
        for f in verdict.flags:
            say(f"  {f.text!r}: {f.reason}", err=True)
        ctx.exit(1)
    if captured.left_in_inbox and captured.held_by == "app":
        say("salesplan is open on this workspace: the action is in its inbox, and the app takes it in within a "
             "second (or the next command that saves does). Nothing is lost.")
    elif captured.left_in_inbox:
        say("Another salesplan command is still writing this workspace: the action is in its inbox, not yet in the "
            "workspace; the next command that saves (or the app) takes it in. Nothing is lost.")
    elif captured.action is not None:
        say(f"Added action {captured.action.id}: {captured.action.sentence}")
    print_parts(verdict)
    for problem in captured.warnings:  # said once the write is kept: a failure stays one line
        say(f"salesplan: warning: {problem}", err=True)
