"""Refusals that say which phrase failed and offer the closest catalog entries."""

from __future__ import annotations

from agent.types import Refusal
from warehouse.catalog import Catalog

APPROVAL_REASON = (
    "The planner only drafts and proposes; approving, applying, running or sending rules and changing data "
    "are a reviewer's acts, in the registry (mcc rules approve) and with `mcc run`, never the agent's."
)


def refusal_for(
    phrases: list[str], suggestions: list[str], catalog: Catalog, *, what: str = "phrase"
) -> Refusal:
    """Refuse because `phrases` map to nothing in the catalog; suggest the closest entries."""
    hints = list(dict.fromkeys(suggestions))
    for phrase in phrases:
        hints += [c for c in catalog.closest(phrase, n=3) if c not in hints]
    quoted = "; ".join(f"'{p}'" for p in phrases)
    return Refusal(
        reason=f"I could not express: {quoted} (no catalog trait, event or value matches this {what}).",
        unmatched_phrases=list(phrases),
        suggestions=hints[:8],
    )


def out_of_scope(prompt: str, catalog: Catalog, *, approval: bool = False) -> Refusal:
    """Refuse a prompt that is not about the catalog (or asks the agent to approve or change data)."""
    if approval:
        return Refusal(
            reason=APPROVAL_REASON,
            unmatched_phrases=[prompt.strip()],
            suggestions=["mcc rules approve RULE_ID", "mcc run"],
        )
    return Refusal(
        reason="Nothing in this prompt matches a catalog trait, event or metric, so there is no rule or analysis to draft.",
        unmatched_phrases=[prompt.strip()],
        suggestions=catalog.closest(prompt, n=3) or [t.name for t in catalog.traits[:5]],
    )
