"""Draft a decision prompt: read it every way the planner knows (an enumerated list, named programs,
ranked clauses, alternatives), keep the reading that yields the most rules, and apply the settings the
prompt states in passing (holdout, control group, channel order)."""

from __future__ import annotations

from agent.catalog_planner.clauses import is_sequenced, split_ranked_clauses
from agent.catalog_planner.directives import apply_directives, read_directives
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.lists import split_alternatives, split_enumeration
from agent.catalog_planner.policy import draft_policy
from agent.catalog_planner.program_policy import draft_program_policy
from agent.catalog_planner.programs import programs_of_items, read_programs
from agent.types import Refusal
from orchestrator.spec import Policy
from warehouse.catalog import Catalog


def _rules(draft: Policy | Refusal) -> int:
    return len(draft.rules) if isinstance(draft, Policy) else 0


def draft_decision(prompt: str, catalog: Catalog, lexicon: Lexicon) -> Policy | Refusal:
    """Return the policy a decision prompt asks for, or a refusal naming what maps to nothing."""
    directives = read_directives(prompt)
    body = directives.text
    listing = split_enumeration(body)
    draft: Policy | Refusal
    if listing is not None:
        # An explicit list is the prompt's own structure: no other reading competes with it.
        programs = programs_of_items(listing.head, listing.items, listing.tail)
        if programs is not None:
            draft = draft_program_policy(prompt, programs, catalog, lexicon)
        else:
            draft = draft_policy(prompt, listing, catalog, lexicon)
        return apply_directives(draft, directives) if isinstance(draft, Policy) else draft
    programs = read_programs(body)
    if programs is not None:
        draft = draft_program_policy(prompt, programs, catalog, lexicon)
    else:
        draft = draft_policy(prompt, split_alternatives(body), catalog, lexicon)
    ranked = split_ranked_clauses(body)
    if (
        ranked is not None
        and len(ranked.items) > _rules(draft)
        and (_rules(draft) <= 1 or is_sequenced(body))
    ):
        # Clauses ranked by cue words ("most important", "then", "in that order") that the other readers
        # merged or missed win when they yield more rules; without sequence words only over a lone rule.
        clauses = draft_policy(prompt, ranked, catalog, lexicon)
        if _rules(clauses) > _rules(draft):
            draft = clauses
    return apply_directives(draft, directives) if isinstance(draft, Policy) else draft
