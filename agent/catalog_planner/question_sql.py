"""Turn a condition into a predicate on `user_traits.user_id` for question SQL, via the orchestrator's compiler.

The compiler's default "now" reads `mcc.meta`, which the guard (rightly) keeps away from the agent; a
question's windows end at the last event in `fct_events` instead, the same moment on a built warehouse.
"""

from __future__ import annotations

from sqlglot import exp

from orchestrator.compile.audience import audience_query
from orchestrator.spec import Condition


def data_end() -> exp.Expr:
    """Return `(SELECT MAX(event_time) FROM fct_events)`, where a question's windows end."""
    return exp.Subquery(this=exp.select(exp.Max(this=exp.column("event_time"))).from_("fct_events"))


def _without_meta(node: exp.Expr) -> exp.Expr:
    """Replace the `(SELECT ... FROM mcc.meta ...)` as-of subquery with the last event time."""
    if isinstance(node, exp.Subquery) and any(
        t.name == "meta" and t.db == "mcc" for t in node.find_all(exp.Table)
    ):
        return data_end()
    return node


def in_audience(cond: Condition) -> exp.Expr:
    """Return `user_id IN (SELECT user_id ... WHERE <cond>)`."""
    query = audience_query(cond).transform(_without_meta)
    return exp.In(this=exp.column("user_id"), query=exp.Subquery(this=query))


def audience_filter(select: exp.Select, cond: Condition | None) -> exp.Select:
    """Add `WHERE user_id IN (<audience>)` when there is a condition."""
    return select if cond is None else select.where(in_audience(cond))
