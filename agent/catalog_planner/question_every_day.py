"""Count days, not acts, when a question asks for an act "every day" of a period: "how many users opened the app
every day last week" are the people with an open on each of its days, not the ones with seven opens (one busy
day made seven). "Each day" groups the acts by day (`question_breakdowns`) and stays so.

The rule language counts acts, so the audience reader says "every day last week" as at least 7 in the last 7
days; a question is answered in SQL, where the act's per-user count can count the distinct days instead. Only a
question with one act in a window is rewritten, so the days counted are that act's.
"""

from __future__ import annotations

import re

from sqlglot import exp

_EVERY_DAY = re.compile(r"\bevery\s+day\b|\bon each of the (?:last|past)\s+\d+\s+days\b")


def says_every_day(text: str) -> bool:
    """Return True when normalised question text asks for an act on every day of its period."""
    return _EVERY_DAY.search(text) is not None


def _windowed_counts(select: exp.Expr) -> list[exp.Count]:
    """Return the COUNT(*) of each per-user count of acts bounded by a window (its WHERE reads event_time)."""
    found = []
    for sub in select.find_all(exp.Select):
        table = sub.args.get("from_") or sub.args.get("from")
        where = sub.args.get("where")
        if table is None or where is None or table.find(exp.Table) is None or table.find(exp.Table).name != "fct_events":
            continue
        bounded = any(c.name == "event_time" for c in where.find_all(exp.Column)
                      if isinstance(c.parent, exp.GT | exp.GTE))
        counts = [c for c in sub.expressions for c in c.find_all(exp.Count) if isinstance(c.this, exp.Star)]
        if bounded and counts:
            found += counts
    return found


def count_days(select: exp.Query) -> exp.Query:
    """Return the select with its one windowed count of acts counting distinct days instead (unchanged when it
    has none or several)."""
    counts = _windowed_counts(select)
    if len(counts) != 1:
        return select
    day = exp.cast(exp.column("event_time"), exp.DataType.build("DATE"))
    counts[0].replace(exp.Count(this=exp.Distinct(expressions=[day])))
    return select
