"""Provides the reading of a CRM's deal stage as a stage of the workspace's process, by meaning and probability."""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesplan_tui.core.exchange.crm.values import BadValue, key
from salesplan_tui.core.model.records import SalesProcess, Stage, StageKind

# What a stage of a sales process means, and the words in a stage's name that say it.
MEANINGS: dict[str, tuple[str, ...]] = {
    "prospect": ("prospect", "lead", "target"),
    "discovery": ("discover", "qualif", "need", "contact", "meeting"),
    "solution": ("solution", "demo", "present", "evaluat", "trial", "proof", "value"),
    "proposal": ("proposal", "quote", "pricing", "offer"),
    "negotiation": ("negotiat", "contract", "commit", "legal", "closing"),
}

# The default stages of each CRM (compared by letters and digits): what each means, and the CRM's probability.
KNOWN: dict[str, tuple[str, float]] = {
    # Salesforce
    "prospecting": ("prospect", 0.10), "qualification": ("discovery", 0.10), "needsanalysis": ("discovery", 0.20),
    "valueproposition": ("solution", 0.50), "iddecisionmakers": ("solution", 0.60),
    "perceptionanalysis": ("solution", 0.70), "proposalpricequote": ("proposal", 0.75),
    "negotiationreview": ("negotiation", 0.90),
    # HubSpot (labels and internal names read the same once reduced to letters)
    "appointmentscheduled": ("discovery", 0.20), "qualifiedtobuy": ("discovery", 0.40),
    "presentationscheduled": ("solution", 0.60), "decisionmakerboughtin": ("proposal", 0.80),
    "contractsent": ("negotiation", 0.90),
    # Pipedrive
    "leadin": ("prospect", 0.10), "qualified": ("prospect", 0.10), "contactmade": ("discovery", 0.20),
    "needsdefined": ("discovery", 0.30), "demoscheduled": ("solution", 0.50), "proposalmade": ("proposal", 0.70),
    "negotiationsstarted": ("negotiation", 0.85),
}
CLOSED_WORDS = {"won": StageKind.WON, "lost": StageKind.LOST}
OPEN_STATUSES = {"", "open"}


@dataclass(frozen=True)
class StageReader:
    """Reads the CRM's stage (and status) of each row as one of the process's stages.

    Args:
        process: the workspace's sales process.
        mapped: the user's `--map-stage` choices, CRM stage (reduced to letters and digits) → our stage.
    """

    process: SalesProcess
    mapped: dict[str, Stage]

    @classmethod
    def of(cls, process: SalesProcess, stage_map: dict[str, str] | None) -> StageReader:
        """A reader with the user's stage choices; raises ValueError for a choice that names no stage of ours."""
        ours = {key(s.name): s for s in process.stages}
        mapped = {}
        for theirs, mine in (stage_map or {}).items():
            if key(mine) not in ours:
                names = ", ".join(s.name for s in process.stages)
                raise ValueError(f"--map-stage {theirs}={mine}: the sales process has no stage {mine!r} ({names})")
            mapped[key(theirs)] = ours[key(mine)]
        return cls(process, mapped)

    def read(self, stage: str, *, status: str = "", probability: float | None = None) -> Stage:
        """Our stage for a row: a won or lost status decides; then the user's map; then a stage of the same name;
        then won or lost in the name; then a CRM default stage by its meaning and probability. Raises BadValue."""
        said = key(status)
        if said in CLOSED_WORDS:
            return self._closed(CLOSED_WORDS[said])
        if said not in OPEN_STATUSES:
            raise BadValue(f"the status {status.strip()!r} is not open, won or lost")
        name = key(stage)
        if not name:
            raise BadValue("the stage is missing")
        if name in self.mapped:
            return self.mapped[name]
        same = next((s for s in self.process.stages if key(s.name) == name), None)
        if same is not None:
            return same
        words = set(re.findall(r"[a-z]+", stage.casefold()))
        closed = {CLOSED_WORDS[w] for w in words & CLOSED_WORDS.keys()}
        if len(closed) == 1:
            return self._closed(closed.pop())
        if name in KNOWN:
            meaning, usual = KNOWN[name]
            return self._by_meaning(meaning, usual if probability is None else probability)
        raise BadValue(f"the stage {stage.strip()!r} is not one salesplan knows; "
                       f"map it with --map-stage \"{stage.strip()}=STAGE\"")

    def _closed(self, kind: StageKind) -> Stage:
        found = next((s for s in self.process.stages if s.kind == kind), None)
        if found is None:
            raise BadValue(f"the sales process has no {kind.value} stage for this {kind.value} deal")
        return found

    def _by_meaning(self, meaning: str, probability: float) -> Stage:
        """The open stage whose name says the meaning (nearest in probability when several do), else the open
        stage nearest in probability."""
        open_stages = [s for s in self.process.stages if s.kind == StageKind.OPEN]
        if not open_stages:
            raise BadValue("the sales process has no open stage")
        words = MEANINGS[meaning]
        named = [s for s in open_stages if any(w in s.name.casefold() for w in words)]
        return min(named or open_stages, key=lambda s: abs(s.probability - probability))
