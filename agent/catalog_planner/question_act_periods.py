"""Bound every act a question names by the one period it says: "how many users were delivered a message but
did not open it last week" counts deliveries and opens of last week, not deliveries of all time.

The condition reader puts a window on the clause that says it; a question with one period says it of all its
acts ("of those who got a push last week, how many opened it", "opened the app and completed a workout in the
last 7 days"). An act said with no period of its own takes it, and so does an all-time count said as an act
("completed a workout": `workouts_completed >= 1`). A question that names two periods, or says "ever", "never"
or "all time", keeps each act as said; a state ("trial users", "has an open ticket") is no act and keeps no
period.
"""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.window_traits import window_names_a_trait
from orchestrator.spec import AllOf, AnyOf, Condition, EventCondition, Not, TraitCondition
from warehouse.catalog import Catalog

_ALL_TIME = re.compile(r"\b(?:ever|never|all[- ]time|lifetime|at any time|before that|previously)\b")


def question_period(text: str, catalog: Catalog) -> int | None:
    """Return the days of the one period normalised question text names, or None when it names none, two, a
    period ahead, or says an act is of all time."""
    window, rest = extract_window(text)
    if window is None or window.ahead or window.low is not None or window.ago:
        return None
    if extract_window(rest)[0] is not None or _ALL_TIME.search(text) or window_names_a_trait(text, catalog):
        return None
    return window.days


def _all_time_counts(catalog: Catalog, lexicon: Lexicon) -> dict[str, str]:
    """Return each all-time count trait -> the event it counts (`workouts_completed` -> `workout_completed`)."""
    return {
        trait: event
        for event, trait in lexicon.event_to_trait.items()
        if "all time" in (catalog.trait(trait).description or "")
    }


def bound_acts(cond: Condition | None, days: int, catalog: Catalog, lexicon: Lexicon) -> Condition | None:
    """Return the condition with every act said with no period of its own bounded by the last `days` days."""
    counts = _all_time_counts(catalog, lexicon)

    def bound(c: Condition) -> Condition:
        if isinstance(c, EventCondition) and c.within_days is None:
            return c.model_copy(update={"within_days": days})
        if isinstance(c, TraitCondition) and c.trait in counts and c.op == "gte" and c.value == 1:
            # "completed a workout" read as the all-time count: the act, in the period
            return EventCondition(event=counts[c.trait], op="gte", count=1, within_days=days)
        if isinstance(c, AllOf | AnyOf):
            return c.model_copy(update={"conditions": [bound(x) for x in c.conditions]})
        if isinstance(c, Not):
            return c.model_copy(update={"condition": bound(c.condition)})
        return c

    return None if cond is None else bound(cond)
