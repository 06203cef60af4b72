"""Provides the status line: the workspace file, read-only state, counts and findings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import Static

from salesplan_tui.core.base.visible import visible
from salesplan_tui.ui.text import assemble

if TYPE_CHECKING:
    from salesplan_tui.core.plan.live_findings import LiveFindings
    from salesplan_tui.core.storage import Repository


def shown_path(path: Path) -> str:
    """The workspace file as a user reads it: inside the home folder it starts with ~."""
    try:
        return visible("~/" + str(path.relative_to(Path.home())))
    except (ValueError, RuntimeError):
        return visible(str(path))


class StatusLine(Static):
    """One line at the bottom: where the data lives and how healthy the plan is."""

    _shown: tuple[object, ...] | None = None

    def show(self, repo: Repository, findings: LiveFindings | None) -> None:
        """Redraws the line when what it says changed (most changes leave every figure on it as it was)."""
        # Imported here: the app imports this module before its first frame, and the models bring pydantic (50 ms).
        from salesplan_tui.core.model.records import Kind
        from salesplan_tui.core.plan.rules import PLAN_RULES, RULES

        counts = findings.counts if findings is not None else {}
        plan = sum(findings.count(rule) for rule in PLAN_RULES) if findings is not None else 0
        total = sum(findings.count(rule) for rule in RULES) if findings is not None else 0
        said = (repo.read_only, findings is None, plan, total, tuple(counts.items()), repo.path)
        if said == self._shown:
            return
        self._shown = said
        counts_text = (f"{counts.get(Kind.GOAL, 0)} goals · {counts.get(Kind.OBJECTIVE, 0)} objectives · "
                       f"{counts.get(Kind.ACTION, 0)} open actions · {counts.get(Kind.DEAL, 0)} deals")
        # What matters most comes first, so a narrow terminal cuts the path, never the read-only mark or the findings.
        parts: list[str | tuple[str, str]] = []
        if repo.read_only:
            parts += [(" READ-ONLY ", "bold reverse $warning"), "  "]
        if findings is None:
            parts.append(("checking the plan…", "dim"))
        elif total:
            # The same split as the panes: the Plan health panel's findings, then the pipeline's (deals, slips).
            parts.append((f"{plan} plan · {total - plan} pipeline findings", "bold $warning"))
        else:
            parts.append(("plan healthy", "$success"))
        parts += ["  ", counts_text, "  ", (shown_path(repo.path), "dim")]
        self.update(assemble(*parts), layout=False)  # one line, always: nothing around it moves
