"""Rank people rather than groups: "top 5 users by workouts", "who are the top 10 trial users by pricing views",
"bottom 3 customers by momentum", "top 5 users by workouts completed in October".

The people said before "by" are the audience (bare "users" is everyone); the measure after it is a number each
person has: an act counted in the question's period (each user's count of it), else a numeric trait read as of
the data end (a counted event reads as its all-time count trait). Users with no value are left out, as a
ranking of groups leaves out people with no group; ties are broken by user id so the answer is stable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from agent.catalog_planner.question_events import act_count, per_user_counts
from agent.catalog_planner.question_shares import PEOPLE_NOUNS, Reader
from agent.catalog_planner.question_sql import audience_filter
from agent.catalog_planner.refusals import refusal_for
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, EventCondition
from warehouse.catalog import Catalog

# the people noun that closes the words before "by": "users", "trial users", "paying customers"
_PEOPLE_LAST = re.compile(rf"(?:^|\s)(?:{PEOPLE_NOUNS.pattern.strip()})\s*$")


def names_people(group_text: str) -> bool:
    """Return True when the words ranked are people ("users", "iOS users", "customers"), not a trait's values."""
    return _PEOPLE_LAST.search(group_text.strip()) is not None


def _both(a: Condition | None, b: Condition | None) -> Condition | None:
    return a if b is None else b if a is None else AllOf(conditions=[a, b])


def people_ranking(
    group_text: str,
    measure_text: str,
    desc: bool,
    limit: int,
    catalog: Catalog,
    read: Reader,
    windowed: Callable[[str], tuple[EventCondition, Condition | None] | None],
    measure_of: Callable[[str], tuple[str | None, str]],
) -> exp.Select | Refusal:
    """Return SELECT user_id, <measure> … ORDER BY <measure> LIMIT n for the people the words name."""
    people, refusal = read(group_text)
    if refusal is not None:
        return refusal
    counted = windowed(measure_text)
    if counted is not None:
        # "by workouts completed in October": each person's count of the act in the period
        act, beside = counted
        value, alias = act_count(), act.event
        select = (exp.select(exp.column("user_id"), exp.alias_(value, alias)).from_("user_traits")
                  .join(per_user_counts(act), using=["user_id"], join_type="left"))
        cond = _both(people, beside)
    else:
        measure, rest = measure_of(measure_text)
        if measure is None:
            numeric = [t.name for t in catalog.traits if t.type in ("int", "float")]
            return refusal_for([measure_text.strip()], numeric[:5], catalog, what="measure")
        beside, refusal = read(rest)
        if refusal is not None:
            return refusal
        alias = measure
        select = (exp.select(exp.column("user_id"), exp.column(measure)).from_("user_traits")
                  .where(exp.Not(this=exp.Is(this=exp.column(measure), expression=exp.Null()))))
        cond = _both(people, beside)
    order = exp.Ordered(this=exp.column(alias), desc=desc)
    return audience_filter(select, cond).order_by(order, exp.column("user_id")).limit(limit)
