"""Count acts rather than people: "how many tickets were created last week", "average workouts in the last 7 days".

The counted act is the one event condition the question names; the rest of its conditions are the people whose
acts count. Per-user counts come from the orchestrator's own event CTE (`event_counts`), so the window and
property filters mean what they mean in a rule, ending at the data's last event.
"""

from __future__ import annotations

from sqlglot import exp

from agent.catalog_planner.question_cohorts import group_key, keeps_cohorts
from agent.catalog_planner.question_sql import audience_filter, data_end
from orchestrator.compile.context import COUNT_COLUMN, CompileContext
from orchestrator.compile.event_condition import event_counts
from orchestrator.spec import AllOf, Condition, EventCondition, TraitCondition

_COUNTS = "e"


def counted_act(cond: Condition | None) -> tuple[EventCondition, Condition | None] | None:
    """Return the one event the condition says happened ("at least once") and the conditions beside it."""
    leaves = list(cond.conditions) if isinstance(cond, AllOf) else [cond] if cond is not None else []
    acts = [c for c in leaves if isinstance(c, EventCondition) and c.op == "gte" and c.count == 1]
    if len(acts) != 1:
        return None
    rest = [c for c in leaves if c is not acts[0]]
    return acts[0], (rest[0] if len(rest) == 1 else AllOf(conditions=rest) if rest else None)


def counts_as_act(cond: Condition | None, counted_by: dict[str, str]) -> Condition | None:
    """Return the condition with a count trait said as the act ("workouts": `workouts_completed >= 1`) as its
    event (`counted_by`: the event each count trait counts), so the acts can be counted and grouped by day."""
    if isinstance(cond, TraitCondition) and cond.trait in counted_by and cond.op == "gte" and cond.value == 1:
        return EventCondition(event=counted_by[cond.trait])
    if isinstance(cond, AllOf):
        return cond.model_copy(update={"conditions": [counts_as_act(c, counted_by) for c in cond.conditions]})
    return cond


def per_user_counts(act: EventCondition) -> exp.Subquery:
    """Return `(SELECT user_id, COUNT(*) AS n FROM fct_events WHERE <act> GROUP BY user_id) AS e`."""
    counts = event_counts(act, CompileContext(as_of=data_end()), where="question")
    return exp.Subquery(this=counts, alias=exp.TableAlias(this=exp.to_identifier(_COUNTS)))


def act_count() -> exp.Expr:
    """Return one user's count of the act joined by `acts_select` (0 when they never did it)."""
    return exp.Coalesce(this=exp.column(COUNT_COLUMN, table=_COUNTS), expressions=[exp.Literal.number(0)])


def acts_select(columns: list[exp.Expr], act: EventCondition, groups: list[str], people: Condition | None) -> exp.Select:
    """Return SELECT [groups,] columns FROM user_traits LEFT JOIN <per-user counts> USING (user_id) [WHERE people]."""
    keys = [exp.column(g) for g in groups]
    select = (
        exp.select(*(group_key(g) for g in groups), *columns)
        .from_("user_traits")
        .join(per_user_counts(act), using=["user_id"], join_type="left")
    )
    select = audience_filter(keeps_cohorts(select, groups), people)
    return select.group_by(*keys).order_by(*(k.copy() for k in keys)) if keys else select
