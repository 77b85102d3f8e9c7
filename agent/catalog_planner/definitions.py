"""Let a relative clause that defines a state word replace it: in "new users who signed up less than 3 days
ago" the clause says what "new" means, so the catalog's own definition of `new` is not added beside it."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import value_glosses
from agent.catalog_planner.text import content_stems
from orchestrator.spec import Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

_RELATIVE = re.compile(r"\b(?:who|that|whose)\b")


_TIME_WORDS = re.compile(r"\b(?:days?|weeks?|months?|hours?|ago|before|since|recent(?:ly)?)\b")


def is_defined_state(cond: Condition, catalog: Catalog) -> bool:
    """Return True for `trait eq value` where the catalog defines the value by a count, not by time
    ("new (fewer than 2 completed workouts)"): a time clause after such a word says what the prompt means
    by it. A value the catalog defines by time (`trial`, "started less than 14 days ago") is narrowed by a
    time clause, not replaced."""
    if not isinstance(cond, TraitCondition) or cond.op != "eq" or not isinstance(cond.value, str):
        return False
    spec = catalog.trait(cond.trait)
    glosses = value_glosses(cond.value, spec.description or "")
    return bool(glosses) and bool(re.search(r"\d", glosses[0])) and not _TIME_WORDS.search(glosses[0])


def is_time_condition(cond: Condition, catalog: Catalog) -> bool:
    """Return True for a condition on time: a trait counted in days or an event within a window."""
    if isinstance(cond, EventCondition):
        return cond.within_days is not None
    return isinstance(cond, TraitCondition) and catalog.trait(cond.trait).unit == "days"


def split_defining_clause(text: str) -> tuple[str, str] | None:
    """Return (head, clause) around the first "who/that/whose" of a normalised phrase, or None."""
    m = _RELATIVE.search(text)
    if m is None or not text[: m.start()].strip() or not text[m.end() :].strip():
        return None
    return text[: m.start()], text[m.end() :]


# Words that speak of age in plain English, whatever stage the catalog maps them to ("new" → `new`).
_AGE_WORDS = re.compile(
    r"\b(?:new|newer|newest|newly|brand new|recent|fresh|newcomers?|old|older|veteran|long-?time)\b", re.I
)


def defined_by(head_text: str, head: list[Condition], clause: list[Condition], catalog: Catalog) -> bool:
    """Return True when a relative clause defines the stage word before it: the head is an age word ("new")
    the catalog defines by a count, and the clause only says time ("new users who signed up less than 3
    days ago"); "activated users who signed up this month" keeps `activated`."""
    return (
        bool(_AGE_WORDS.search(head_text))
        and bool(head)
        and bool(clause)
        and all(is_defined_state(c, catalog) for c in head)
        and all(is_time_condition(c, catalog) for c in clause)
    )


def follows_relative(text: str, head: str) -> bool:
    """Return True when `head` is followed by "who/that/whose" in `text`."""
    return (
        re.search(rf"{re.escape(head.strip())}\s*,?\s*{_RELATIVE.pattern}", text, re.IGNORECASE) is not None
    )


_AT_LEAST = re.compile(r"\d+\s+or more\b|\bat least\s+\d|\bmore than\s+\d|\d\+", re.IGNORECASE)


def counted_again(state: Condition, stated: list[Condition], catalog: Catalog) -> bool:
    """Return True when the audience the prompt states counts what the catalog defines a state by: "the
    power-user program that targets users with 20+ workouts" says what its power users are (`committed` is 8 or
    more workouts and one in the last 7 days), so the catalog's definition is not added beside it; a fact of
    another kind ("… users on iOS") leaves the state to say who."""
    if not isinstance(state, TraitCondition) or state.op != "eq" or not isinstance(state.value, str):
        return False
    glosses = value_glosses(state.value, catalog.trait(state.trait).description or "")
    if not glosses or not _AT_LEAST.search(glosses[0]):
        # a state the catalog defines by no floor ("trial", "new": fewer than 2 workouts) is narrowed by a count
        # ("new users who completed 1 workout"), never redefined
        return False
    defined = set(content_stems(glosses[0]))
    return any(
        set(content_stems(name)) & defined
        for c in stated
        if (isinstance(c, EventCondition) and c.op in ("gte", "gt", "between"))
        or (isinstance(c, TraitCondition) and c.op in ("gte", "gt", "between")
            and catalog.trait(c.trait).type in ("int", "float") and catalog.trait(c.trait).unit != "days")
        for name in [c.event if isinstance(c, EventCondition) else c.trait]
    )
