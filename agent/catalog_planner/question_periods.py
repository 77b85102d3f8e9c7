"""Answer "… last week vs the week before": the same question over the window and over the one before it.

A question's windows end at the last event (`question_sql.data_end`). The earlier period is the same SELECT
with that end moved back by the window's length, so both periods are counted by the same compiled audience;
the two answers are stacked with a `period` column naming each (`last_7_days`, `prior_7_days`).
"""

from __future__ import annotations

import re

from sqlglot import exp

from agent.catalog_planner.question_sql import data_end
from agent.types import Refusal
from warehouse.catalog import Catalog

# "vs the week before", "compared with the previous 30 days", "versus the prior month", "against last week"
_PERIOD = r"(?:week|month|fortnight|period|one|\d+\s+days?)"
VERSUS = re.compile(
    r"[\s,;]*\b(?:vs\.?|versus|compared\s+(?:to|with)|against|relative\s+to)\s+(?:in\s+)?(?:the\s+)?"
    rf"(?:(?:previous|prior|preceding)\s+{_PERIOD}|{_PERIOD}\s+before(?:\s+that)?|last\s+(?:week|month))"
    r"\s*$"
)


def _windows(select: exp.Expr) -> set[int]:
    """Return the lengths in days of the windows that end at the data's end (the compiler's TIMESTAMP_SUB)."""
    end = data_end()
    return {
        int(sub.expression.name)
        for sub in select.find_all(exp.TimestampSub)
        if sub.this == end and isinstance(sub.expression, exp.Literal) and sub.unit and sub.unit.name.upper() == "DAY"
    }


def _held_as_of_now(select: exp.Expr, catalog: Catalog) -> list[str]:
    """Return the traits the select reads that hold as of now only (every trait but the dimensions).

    "Trial users", "signed up in the last 7 days", a momentum score: the earlier period would see today's
    value, so comparing periods over them answers another question.
    """
    names = {c.name for c in select.find_all(exp.Column)}
    dimensions = {d.name for d in catalog.dimensions} | {"user_id"}
    return sorted(n for n in names if catalog.has_trait(n) and n not in dimensions)


def _shifted(select: exp.Query, days: int) -> exp.Query:
    """Return the select with the data's end moved `days` back."""
    end = data_end()
    earlier = exp.TimestampSub(this=data_end(), expression=exp.Literal.number(days), unit=exp.var("DAY"))
    shifted = select.copy().transform(lambda n: earlier.copy() if n == end else n)
    assert isinstance(shifted, exp.Query)
    return shifted


def compare_periods(select: exp.Query, phrase: str, catalog: Catalog) -> exp.Query | Refusal:
    """Return the answer over the window and the one before it, or refuse naming the comparison."""
    days = _windows(select)
    frozen = _held_as_of_now(select, catalog)
    phrase = " ".join(phrase.strip(" ,;").split())
    if len(days) != 1 or frozen:
        why = (
            f"{', '.join(frozen)} is kept as of now only"
            if frozen
            else "the question names no act in a window"
            if not days
            else "the question's windows differ in length"
        )
        return Refusal(
            reason=f"I could not express: '{phrase}' ({why}, so there is no earlier period to compare).",
            unmatched_phrases=[phrase],
            suggestions=["how many users opened the app in the last 7 days vs the 7 days before"],
        )
    n = days.pop()
    # labels shaped as tokens: a label with spaces reads as prose to run_sql and is shown marked as untrusted
    periods = [(f"last_{n}_days", select), (f"prior_{n}_days", _shifted(select, n))]
    parts = [
        # columns by name, not `*`: a star reads as possible free text to run_sql and gets marked untrusted
        exp.select(
            exp.alias_(exp.Literal.string(label), "period"),
            *(exp.column(name, table=f"p{i}") for name in part.named_selects),
        ).from_(
            exp.Subquery(this=part, alias=exp.TableAlias(this=exp.to_identifier(f"p{i}")))
        )
        for i, (label, part) in enumerate(periods)
    ]
    return exp.union(parts[0], parts[1], distinct=False)
