"""Answer two acts of one thing counted side by side ("how many workouts were started vs completed last week?",
"… started compared to completed in October"): each count asked alone, one row per act, in the order said. The
second act was dropped (the answer counted the starts alone)."""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp

from agent.types import QuestionPlan, Refusal

_PAIR = re.compile(
    r"^\s*(?P<head>how many\s+(?P<noun>[a-z]+s)\s+(?:were|got|have been|are)\s+)(?P<a>[a-z]+)\s+"
    r"(?:vs\.?|versus|compared (?:to|with)|and how many (?:were\s+)?)\s*(?P<b>[a-z]+)\b(?P<rest>[^?]*)\??\s*$",
    re.IGNORECASE,
)


def _columns(select: exp.Expr) -> list[str]:
    return [e.alias_or_name for e in select.expressions] if isinstance(select, exp.Select) else []


def paired_acts(prompt: str, plan: Callable[[str], QuestionPlan | Refusal]) -> QuestionPlan | None:
    """Return the two counts a "how many <things> were <act> vs <act>" question asks, one row each, else None."""
    m = _PAIR.match(prompt)
    if m is None:
        return None
    asked = [f"{m['head']}{m[act]}{m['rest']}" for act in ("a", "b")]
    plans = [plan(q) for q in asked]
    if not all(isinstance(p, QuestionPlan) for p in plans):
        return None
    selects = [sqlglot.parse_one(p.sql, dialect="duckdb") for p in plans if isinstance(p, QuestionPlan)]
    first, second = (_columns(s) for s in selects)
    if not first or len(first) != len(second) or first[1:] != second[1:]:
        return None  # not one count each over the same period columns
    parts = [
        exp.select(exp.Literal.string(m[act].lower()).as_("act"), exp.column(cols[0], table="q").as_("count"),
                   *(exp.column(c, table="q") for c in cols[1:]))
        .from_(exp.Subquery(this=select, alias=exp.TableAlias(this=exp.to_identifier("q"))))
        for act, select, cols in zip(("a", "b"), selects, (first, second), strict=True)
    ]
    union = exp.union(parts[0], parts[1], distinct=False)
    return QuestionPlan(question=prompt.strip(), sql=union.sql(dialect="duckdb"))
