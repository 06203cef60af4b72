"""Provides naming the seller whose plan a workspace is: the operation, and the name a heading says for "me"."""

from __future__ import annotations

import unicodedata

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Review, Workspace

LONGEST = 120  # a person's name, with room to spare; longer is a paste gone wrong
BIDI = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))  # they reorder what is shown around them


def name_problem(name: str) -> str:
    """Why a typed name cannot be a person's ("" when it can): bytes that are not text (undecodable command-line
    bytes, as Python keeps them), or control characters (an escape sequence pasted by mistake, which every heading
    and a manager's roll-up would carry for ever after). Tabs and newlines are only spaces."""
    if any("\udc80" <= c <= "\udcff" for c in name):
        return "the name holds bytes that are not text (check the terminal's encoding)"
    if any(unicodedata.category(c) == "Cc" or c in BIDI for c in " ".join(name.split())):
        return "a name has no control characters: type it as the team knows you"
    return ""


def set_seller(workspace: Workspace, name: str) -> Change:
    """The workspace with the seller's name set (or changed), saved through the one apply path. It is not an undo
    step: the name is no part of the plan, and saying it again changes it."""
    cleaned = " ".join(name.split())
    if problem := name_problem(name):
        raise ValidationFailed.on("seller", problem)
    if not cleaned:
        raise ValidationFailed.on("seller", "say the seller's name (first and last, as the team knows you)")
    if len(cleaned) > LONGEST:
        raise ValidationFailed.on("seller", f"a name is at most {LONGEST} characters")
    if cleaned.casefold() == "me":
        raise ValidationFailed.on("seller", "say the name a manager knows you by, not 'me'")
    if cleaned == workspace.seller:
        return Change("name the seller", (), message=f"The seller is already {cleaned}.", undoable=False)
    renamed = workspace.model_copy(update={"seller": cleaned})
    said = f"The seller is now {cleaned}" + (f" (was {workspace.seller})." if workspace.seller else ".")
    return Change("name the seller", (), message=said, undoable=False, workspace=renamed)


def seller_name(workspace: Workspace, said: str = "me") -> str:
    """Who "me" is in a heading: the workspace's seller when known, else the word as said ("me")."""
    if said.strip().casefold() == "me" and workspace.seller:
        return workspace.seller
    return said


def named_review(review: Review, workspace: Workspace) -> Review:
    """A review as a document names it: one kept with the seller "me" (held before the name was known) says the
    workspace's seller instead, in its heading and wherever its commitments say "me"."""
    return review.model_copy(update={"seller": seller_name(workspace, review.seller)})


def plan_title(workspace: Workspace) -> str:
    """The plan's title in an export: its name, with the seller's when the name does not already say it."""
    seller = workspace.seller
    return f"{workspace.name} — {seller}" if seller and seller.casefold() not in workspace.name.casefold() else workspace.name
