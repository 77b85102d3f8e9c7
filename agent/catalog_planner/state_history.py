"""Read what a catalog state says its members have already done, so "stop once they complete a workout" for
at-risk users means a new workout: `at_risk` is "2 or more workouts but none in the 10 days before", so an
all-time count of one is already met, and the workout that ends the lapse is the recency falling below 10."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import value_glosses
from agent.catalog_planner.text import content_stems
from orchestrator.spec import Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

_GENERIC_STEMS = frozenset({"day", "sinc", "last", "since", "number", "count", "total"})
# "none in the 10 days before", "no workout in the last 14 days"
_NONE_WITHIN = re.compile(r"\b(?:none|no\s+[\w-]+)\s+in\s+the\s+(?:last\s+)?(?P<days>\d+)\s+days\b", re.I)
# "2 or more workouts", "at least 3 pricing views"
_AT_LEAST = re.compile(
    r"\b(?:(?P<n>\d+)\s+or\s+more|at\s+least\s+(?P<m>\d+))\s+(?P<noun>[\w-]+(?:\s+[\w-]+)?)", re.I
)
# a window short enough to mean "since the last run": a daily run sees the new event the next day
NEW_EVENT_WINDOW_DAYS = 1


def event_stems(event: str) -> set[str]:
    """Return the telling stems of an event or trait name (`workout_completed` → {"workout", "complet"},
    `days_since_last_workout` → {"workout"})."""
    return set(content_stems(event.replace("_", " "))) - _GENERIC_STEMS


def _recency_trait(event: str, catalog: Catalog) -> str | None:
    """Return the days-since trait counted from the event (`days_since_last_workout` for `workout_completed`)."""
    stems = event_stems(event)
    for trait in catalog.traits:
        if trait.unit == "days" and stems & event_stems(trait.name):
            return trait.name
    return None


def _gloss(cond: Condition, catalog: Catalog) -> str:
    if not isinstance(cond, TraitCondition) or cond.op != "eq" or not isinstance(cond.value, str):
        return ""
    glosses = value_glosses(cond.value, catalog.trait(cond.trait).description or "")
    return glosses[0] if glosses else ""


# "Consecutive calendar days with at least one completed workout": a trait of days on which the event happened
_DAYS_WITH = re.compile(r"\bdays? with at least one (?P<noun>[\w ]+?)(?=[,.;(]|$)", re.I)


def counts_days_with(trait: str, event: str, catalog: Catalog) -> bool:
    """Return True when a trait counts days on which the event happened (a streak of workout days): people
    with one or more such days did the event before."""
    said = _DAYS_WITH.search(catalog.trait(trait).description or "")
    return said is not None and event_stems(event) <= set(content_stems(said["noun"]))


def new_event_stop(
    event: str, audience: list[Condition], catalog: Catalog, count_trait: str | None
) -> Condition | None:
    """Return the condition of a new `event` for an audience whose members did it before, or None: a state
    glossed "N or more <event> but none in the D days before" ends when the recency drops below D; a count
    of at least one in the audience itself ("users with 2+ workouts", or a streak of days with one) ends with the
    event in a short window.
    (A state that only implies a count, "committed", is left alone: its audience does not wait on the event.)"""
    for cond in audience:
        gloss = _gloss(cond, catalog)
        lapse = _NONE_WITHIN.search(gloss)
        did_before = any(
            event_stems(event) & set(content_stems(m["noun"])) for m in _AT_LEAST.finditer(gloss)
        )
        recency = _recency_trait(event, catalog) if lapse and did_before else None
        if lapse and recency:
            return TraitCondition(trait=recency, op="lt", value=int(lapse["days"]))
        if (
            isinstance(cond, TraitCondition)
            and (cond.trait == count_trait or counts_days_with(cond.trait, event, catalog))
            and cond.op in ("gte", "gt")
            and isinstance(cond.value, int | float)
            and cond.value >= 1
        ):
            return EventCondition(event=event, op="gte", count=1, within_days=NEW_EVENT_WINDOW_DAYS)
    return None
