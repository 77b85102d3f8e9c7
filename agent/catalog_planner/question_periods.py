"""Answer "… last week vs the week before": the same question over the window and over the one before it.

A question's windows end at the last event (`question_sql.data_end`). The earlier period is the same SELECT
with that end moved back by the window's length, so both periods are counted by the same compiled audience;
the two answers are stacked with a `period` column naming each (`last_7_days`, `prior_7_days`).

Every answer over a period says it: `period_start` and `period_end` (a rolling window's moments, start-exclusive,
or a calendar period's first and last dates), or one pair per period when a question names several
(`last_7_days_start`, …).
"""

from __future__ import annotations

import re

from sqlglot import exp

from agent.catalog_planner.question_calendar import PLACEHOLDER_DAYS, period_dates
from agent.catalog_planner.question_sql import data_end
from agent.types import Refusal
from tools.named_periods import PeriodSpec
from warehouse.catalog import Catalog

# "vs the week before", "compared with the previous 30 days", "versus the prior month", "against last week"
_PERIOD = r"(?:day|week|month|quarter|year|fortnight|period|one|\d+\s+days?)"
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


def _period_columns(prefix: str, start: exp.Expr, end: exp.Expr) -> list[exp.Expr]:
    # an Alias around the bound, never the alias set on a subquery itself (what `exp.alias_` does with the data's
    # end): `_shifted` finds the data's end by equality, and an aliased subquery equals it no more, so the earlier
    # period's end said the later one's
    return [exp.Alias(this=bound, alias=exp.to_identifier(f"{prefix}_{side}"))
            for side, bound in (("start", start), ("end", end))]


def with_period_columns(select: exp.Query, calendar: PeriodSpec | None) -> exp.Query:
    """Add the first and last day of each period the answer counts acts over (a calendar period's, and each
    rolling window's, which ends at the data's last event)."""
    if not isinstance(select, exp.Select):
        return select
    # a rolling window starts at the same time of day it ends: the moments say it exactly
    periods: list[tuple[str, exp.Expr, exp.Expr]] = [
        (f"last_{n}_days", exp.TimestampSub(this=data_end(), expression=exp.Literal.number(n), unit=exp.var("DAY")),
         data_end())
        for n in sorted(_windows(select) - {PLACEHOLDER_DAYS})
    ]
    if calendar is not None:
        periods.insert(0, ("period", *period_dates(calendar)))
    if len(periods) == 1:
        periods = [("period", periods[0][1], periods[0][2])]
    columns = [c for prefix, start, end in periods for c in _period_columns(prefix, start, end)]
    return select.select(*columns, copy=False) if columns else select


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


def calendar_pair(select: exp.Query, spec: PeriodSpec, other: PeriodSpec, labels: tuple[str, str]) -> exp.Query:
    """Return the question over two calendar periods (one and the one before it, or two named: "October vs
    September"), stacked with a `period` column of their labels, each with its own `period_start` and
    `period_end`."""
    from agent.catalog_planner.question_calendar import lay_calendar

    periods = [(labels[0], spec), (labels[1], other)]
    parts = []
    for i, (label, laid_spec) in enumerate(periods):
        part = lay_calendar(with_period_columns(select.copy(), laid_spec), laid_spec)
        parts.append(exp.select(
            exp.alias_(exp.Literal.string(label), "period"),
            *(exp.column(name, table=f"p{i}") for name in part.named_selects),
        ).from_(exp.Subquery(this=part, alias=exp.TableAlias(this=exp.to_identifier(f"p{i}")))))
    return exp.union(parts[0], parts[1], distinct=False)
