"""Provides the status line: the workspace file, read-only state, counts and findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import Static

from ...core.rules import PLAN_RULES
from ...core.visible import visible
from ..text import assemble

if TYPE_CHECKING:
    from ...core.rules import Finding
    from ...core.storage import Repository


def shown_path(path: Path) -> str:
    """The workspace file as a user reads it: inside the home folder it starts with ~."""
    try:
        return visible("~/" + str(path.relative_to(Path.home())))
    except (ValueError, RuntimeError):
        return visible(str(path))


class StatusLine(Static):
    """One line at the bottom: where the data lives and how healthy the plan is."""

    def show(self, repo: Repository, findings: Sequence[Finding] | None) -> None:
        from ...core.models import Action, Deal, Goal, Objective

        open_actions = sum(1 for a in repo.all(Action) if a.is_open)
        counts = (f"{repo.count(Goal)} goals · {repo.count(Objective)} objectives · "
                  f"{open_actions} open actions · {repo.count(Deal)} deals")
        # What matters most comes first, so a narrow terminal cuts the path, never the read-only mark or the findings.
        parts: list[str | tuple[str, str]] = []
        if repo.read_only:
            parts += [(" READ-ONLY ", "bold reverse $warning"), "  "]
        if findings is None:
            parts.append(("checking the plan…", "dim"))
        elif findings:
            # The same split as the panes: the Plan health panel's findings, then the pipeline's (deals, slips).
            plan = sum(1 for f in findings if f.rule in PLAN_RULES)
            parts.append((f"{plan} plan · {len(findings) - plan} pipeline findings", "bold $warning"))
        else:
            parts.append(("plan healthy", "$success"))
        parts += ["  ", counts, "  ", (shown_path(repo.path), "dim")]
        self.update(assemble(*parts))
