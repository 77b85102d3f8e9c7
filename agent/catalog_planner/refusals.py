"""Refusals that say which phrase failed and offer the closest catalog entries."""

from __future__ import annotations

import difflib

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
    names = set(_synonyms(catalog))
    # a bare catalog name is offered only when it is like a phrase; a worded hint ("subscription_status = none") stays
    hints = [h for h in dict.fromkeys(suggestions) if h not in names or any(_near(p, h, catalog) for p in phrases)]
    for phrase in phrases:
        hints += [c for c in catalog.closest(phrase, n=3) if c not in hints and _near(phrase, c, catalog)]
    quoted = "; ".join(f"'{p}'" for p in phrases)
    reason = f"I could not express: {quoted} (no catalog trait, event or value matches this {what})."
    if not hints:
        # "female", "aged 25-34", "students": nothing the catalog holds is like it, so say what it does hold
        # rather than offer spelling neighbours ("user_id", "country") as if they were near
        traits = [t.name for t in catalog.traits if t.filterable]
        reason += f" People can be chosen by {', '.join(traits)}, or by the events they did: {', '.join(e.name for e in catalog.events)}."
        hints = traits
    return Refusal(reason=reason, unmatched_phrases=list(phrases), suggestions=hints[:8])


_NEAR = 0.72  # a name or synonym this alike (difflib's ratio) is offered as what the phrase may have meant


def _synonyms(catalog: Catalog) -> dict[str, list[str]]:
    """Return each trait's and event's name with its synonyms."""
    return {t.name: t.synonyms for t in catalog.traits} | {e.name: e.synonyms for e in catalog.events}


def _near(phrase: str, name: str, catalog: Catalog) -> bool:
    """Return True when the catalog entry `name` (or one of its synonyms) is spelled like the phrase, or shares
    a word with it."""
    labels = [name.replace("_", " "), *_synonyms(catalog).get(name, [])]
    said = phrase.lower().replace("_", " ")
    words = set(said.split())
    return any(
        difflib.SequenceMatcher(None, said, label.lower()).ratio() >= _NEAR or words & set(label.lower().split())
        for label in labels
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
