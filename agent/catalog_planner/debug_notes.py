"""What a debug plan says it left out of the window or the comparison, shared by the funnel and support planners."""

from __future__ import annotations

import re

from agent.catalog_planner.debug_scope import trait_values
from agent.catalog_planner.debug_window import NamedPeriod
from agent.types import Refusal
from warehouse.catalog import Catalog


def period_scope_notes(named: NamedPeriod) -> list[str]:
    """Return the notes on period words that are not the compared window."""
    notes = [f"'{span}' belongs to a condition on people, so it is not the compared window." for span in named.owned]
    return notes + [f"'{phrase}': the warehouse has no date for it, so the diagnosis compares "
                    f"'{named.spec.label}'; name the dates to compare around it." for phrase in named.unplaced]


def unexpressed_refusal(reasons: list[str], catalog: Catalog) -> Refusal:
    """Refuse a prompt whose only stated group no catalog trait reads: comparing the catalog's first dimension
    instead would answer a question nobody asked."""
    phrases = [m[1] for r in reasons for m in [re.match(r"'([^']+)'", r)] if m]
    return Refusal(
        reason="The diagnosis cannot keep to the group this prompt asks about. " + " ".join(reasons)
        + " Name a value of a dimension to compare instead.",
        unmatched_phrases=phrases or reasons,
        suggestions=[f"{d.name}: {', '.join(trait_values(catalog, d.name))}" for d in catalog.dimensions],
    )
