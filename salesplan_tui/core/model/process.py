"""Provides the default B2B sales process that every new workspace starts with (seed 002)."""

from __future__ import annotations

from salesplan_tui.core.model.records import SalesProcess, Stage, StageKind


def default_process() -> SalesProcess:
    """Returns a sensible B2B process: six open stages, then Closed Won and Closed Lost."""
    return SalesProcess(
        stages=[
            Stage(
                name="Prospect",
                probability=0.05,
                rot_days=21,
                exit_criteria=["A named contact agreed to a discovery call"],
                playbook=[
                    "Research the account's priorities and find the likely sponsor",
                    "Ask a current customer for an introduction to the sponsor",
                    "Book a discovery call with the sponsor",
                ],
            ),
            Stage(
                name="Discovery",
                probability=0.15,
                rot_days=14,
                exit_criteria=[
                    "The business problem and its cost are written down and confirmed",
                    "We know who else is involved in the decision",
                ],
                playbook=[
                    "Confirm the business problem and its cost with the sponsor",
                    "Map who else is involved in the decision",
                    "Agree the success criteria for a solution",
                ],
            ),
            Stage(
                name="Solution",
                probability=0.35,
                rot_days=21,
                exit_criteria=["The buyer saw a demo or trial and agreed it meets the success criteria"],
                playbook=[
                    "Run a demo tailored to the confirmed success criteria",
                    "Agree the terms of a trial or proof of concept",
                    "Get the technical evaluator to sign off the success criteria",
                ],
            ),
            Stage(
                name="Proposal",
                probability=0.6,
                rot_days=14,
                exit_criteria=["The economic buyer received the proposal and agreed a decision date"],
                playbook=[
                    "Walk the economic buyer through the business case",
                    "Agree the decision date and the approval path",
                    "Send the proposal to the economic buyer",
                ],
            ),
            Stage(
                name="Negotiation",
                probability=0.8,
                rot_days=10,
                exit_criteria=["Commercial and legal terms agreed", "The signer is named and has a date"],
                playbook=[
                    "Send the redlined contract to procurement",
                    "Agree the signature date with the signer",
                    "Confirm the purchase order number is issued",
                ],
            ),
            Stage(name="Closed Won", probability=1.0, kind=StageKind.WON, rot_days=3650,
                  playbook=["Introduce the customer success manager to the sponsor"]),
            Stage(name="Closed Lost", probability=0.0, kind=StageKind.LOST, rot_days=3650),
        ]
    )
