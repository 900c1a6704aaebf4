"""The one place proposals are compared.

Each answerer scores its proposal by how much of the question its evidence
explains. The arbiter adds a small preference for the more specific kinds of
evidence (arithmetic the question asked for, a row the question names, a guard
that stops a figure for a cut or date the collection lacks) and takes the best
proposal above its route's floor. The reason names what won and by how much.
"""
from __future__ import annotations

from .proposal import Proposal

FLOOR = {"guard": 0.5, "computed": 0.5, "table": 0.5, "facts": 0.5, "passage": 0.5}
PREFERENCE = {"guard": 0.06, "computed": 0.3, "table": 0.0, "facts": 0.02, "passage": 0.0}
NAMED_ROW = 0.1     # a table row the question names outright beats prose that merely shares words
STRUCTURED = 0.15   # so does a cell whose row and column the question both names


def effective(proposal: Proposal) -> float:
    bonus = (NAMED_ROW if proposal.named_row else 0.0) + (STRUCTURED if proposal.structured else 0.0)
    return proposal.score + PREFERENCE.get(proposal.route, 0.0) + bonus


def decide(proposals: list[Proposal]) -> tuple[Proposal | None, list[Proposal], str]:
    eligible = [p for p in proposals if p.score >= FLOOR.get(p.route, 0.5)]
    if not eligible:
        below = ", ".join(f"{p.route} {p.score:.2f}" for p in proposals) or "no proposal"
        return None, proposals, f"nothing explained enough of the question ({below})"
    ranked = sorted(eligible, key=effective, reverse=True)
    chosen = ranked[0]
    margin = effective(chosen) - effective(ranked[1]) if len(ranked) > 1 else effective(chosen)
    return chosen, ranked[1:], f"chosen by the arbiter with a margin of {margin:.2f}"
