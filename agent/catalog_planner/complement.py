"""Read "everyone else" / "the rest" as whoever the rules before it do not reach."""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import ConditionParse
from agent.catalog_planner.goals import Goal
from agent.catalog_planner.logic import negate
from orchestrator.spec import AnyOf, Condition

EVERYONE_ELSE = re.compile(
    r"^\s*(?:everyone|everybody|all|anyone|all other users|all others|the rest|other users|others)"
    r"(?:\s+(?:else|other users|of (?:them|the users|users)))?\b",
    re.IGNORECASE,
)


# As the start of an item, "everyone" alone is a scope ("everyone with a streak"); "else" makes it the rest.
_ELSE = re.compile(
    r"^\s*(?:(?:everyone|everybody|anyone|all)\s+(?:else|other users|others)|all other users|all others|the rest|"
    r"other users|others)\b",
    re.IGNORECASE,
)


def any_of_conditions(conds: list[Condition]) -> Condition:
    """Return the OR of conditions (the condition itself when there is one)."""
    return conds[0] if len(conds) == 1 else AnyOf(conditions=conds)


def complement(scope: list[Condition], earlier: list[Condition]) -> list[Condition]:
    """Return the scope and NOT(any earlier audience)."""
    return [*scope, negate(any_of_conditions(earlier))] if earlier else list(scope)


def everyone_else(item: str, scope: list[Condition], earlier: list[Condition]) -> Goal | None:
    """Return a state goal over the complement when the item is "everyone else ..." after other rules; the
    words after it ("in Europe for the launch") name the program, not a narrower audience."""
    if not earlier or not _ELSE.match(item):
        return None
    rest = complement(scope, earlier)
    return Goal("state", audience=rest, parse=ConditionParse(conditions=rest))
