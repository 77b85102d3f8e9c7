"""Tell a window that is part of a trait's own name ("messages this week") from a window on an event."""

from __future__ import annotations

import re

from agent.catalog_planner.text import content_stems, normalize
from warehouse.catalog import Catalog

_TIME_UNIT = re.compile(r"\b(?:week|month|day|days|today|yesterday|hours|fortnight)\b")


def window_names_a_trait(text: str, catalog: Catalog) -> set[str]:
    """Return the traits whose own name in the text holds a window ("messages this week" is the catalog's
    7-day count of messages received, by any channel), so the words name that trait rather than an event
    counted over a window."""
    return {
        trait.name
        for trait in catalog.traits
        if not counts_an_event(trait.name, catalog)
        for surface in trait.synonyms
        if _TIME_UNIT.search(surface) and re.search(rf"\b{re.escape(normalize(surface))}\b", text)
    }


def counts_an_event(trait: str, catalog: Catalog) -> bool:
    """Return True when a windowed trait is an event's count by name (`workouts_completed_7d` counts
    `workout_completed`): the event over the window says the same, and stays the reading."""
    stems = {s for s in content_stems(trait.replace("_", " ")) if not any(c.isdigit() for c in s)}
    return any(stems <= set(content_stems(e.name.replace("_", " "))) for e in catalog.events)
