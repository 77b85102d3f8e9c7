"""Count people who did one act within a time of another: "how many users subscribed within 7 days of starting a
trial", "how many users started a trial and then subscribed within a week".

"Within 7 days" here is the time between the two acts, not the last 7 days: read as a window it counted people
who did both recently. Each person's first time doing the first act starts their clock; they count when the second
act follows it within the time said. The answer gives how many did the first act (`of_users`), how many of them
followed with the second in time (`users`) and the share. A period said of the first act ("started a trial in
October") bounds when it happened. When either side is no act with a time (signing up is a day count, not an
event), the question is refused saying so rather than answered as a recent window.
"""

from __future__ import annotations

import re

from sqlglot import exp

from agent.catalog_planner.question_events import counted_act
from agent.catalog_planner.question_shares import Reader
from agent.catalog_planner.question_sql import audience_filter, data_end
from agent.types import Refusal
from orchestrator.compile.context import CompileContext
from orchestrator.compile.event_condition import event_counts
from orchestrator.spec import EventCondition

_AMOUNT = r"(?P<n>\d+|an?|one|two|three|four|five|six|seven)\s+(?P<unit>hours?|days?|weeks?)"
# "<second> within 7 days of|after <first>"
_OF = re.compile(rf"^(?P<head>.*?\b(?:users|people|customers|members)\b)\s+(?:who\s+)?(?P<second>.+?)\s+within\s+{_AMOUNT}\s+"
                 r"(?:of|after|from)\s+(?P<first>.+)$")
# "<first> and then <second> within 7 days", "<first>, then <second> within a week"
_THEN = re.compile(rf"^(?P<head>.*?\b(?:users|people|customers|members)\b)\s+(?:who\s+)?(?P<first>.+?),?\s+(?:and\s+)?then\s+"
                   rf"(?P<second>.+?)\s+within\s+{_AMOUNT}(?:\s+(?:of|after)\s+(?:that|it|them))?$")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_HOURS = {"hour": 1, "day": 24, "week": 24 * 7}
_FIRST_AT = "first_at"
_HEAD_WORDS = re.compile(r"^\s*(?:how many|number of|count of|count)\b|\b(?:users|people|customers|members)\b")


def _hours(m: re.Match[str]) -> int:
    n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    return n * _HOURS[m["unit"].rstrip("s")]


def _act(words: str, read: Reader) -> EventCondition | None:
    """Return the one act the words name ("starting a trial", "subscribed"), else None."""
    cond, refusal = read(words)
    counted = None if refusal is not None else counted_act(cond)
    return counted[0] if counted is not None and counted[1] is None else None


def _first_times(act: EventCondition) -> exp.Subquery:
    """Return `(SELECT user_id, MIN(event_time) AS first_at FROM fct_events WHERE <act> GROUP BY user_id) AS f`."""
    first = event_counts(act, CompileContext(as_of=data_end()), where="question")
    first.set("expressions", [exp.column("user_id"), exp.alias_(exp.Min(this=exp.column("event_time")), _FIRST_AT)])
    return exp.Subquery(this=first, alias=exp.TableAlias(this=exp.to_identifier("f")))


def _followed(first: EventCondition, second: EventCondition, hours: int) -> exp.Select:
    """Return the users whose `second` act came within `hours` after their first `first` act."""
    rows = event_counts(second, CompileContext(as_of=data_end()), where="question")
    at = exp.column("event_time", table="fct_events")
    started = exp.column(_FIRST_AT, table="f")
    within = exp.and_(exp.GTE(this=at, expression=started.copy()),
                      exp.LTE(this=at.copy(), expression=exp.Add(
                          this=started.copy(),
                          expression=exp.Interval(this=exp.Literal.string(str(hours)), unit=exp.var("HOUR")))))
    where = rows.args["where"].this
    return (exp.select(exp.column("user_id", table="f")).from_(_first_times(first))
            .join("fct_events", on=exp.column("user_id", table="f").eq(exp.column("user_id", table="fct_events")))
            .where(where, within).distinct())


def act_gap(text: str, read: Reader) -> exp.Select | Refusal | None:
    """Return the count of people who did one act within a time of another, a refusal when the words say such a
    time but an act cannot be read with one, or None when the question says no time between two acts."""
    m = _OF.match(text) or _THEN.match(text)
    if m is None:
        return None
    first, second = _act(m["first"], read), _act(m["second"], read)
    if first is None or second is None:
        unread = m["first"] if first is None else m["second"]
        return Refusal(
            reason=(f"I could not express: '{unread.strip()}' (the time between two acts is counted from an act "
                    "with a time, and these words name none the catalog records as an event; signing up, for one, "
                    "is a day count)."),
            unmatched_phrases=[unread.strip()],
            suggestions=["how many users subscribed within 7 days of starting a trial"],
        )
    people, refusal = read(_HEAD_WORDS.sub(" ", m["head"]))
    if refusal is not None:
        return refusal
    did_second = exp.column("user_id").isin(_followed(first, second, _hours(m)))
    flag = exp.Case(ifs=[exp.If(this=did_second, true=exp.Literal.number(1))], default=exp.Literal.number(0))
    starters = exp.select(exp.column("user_id", table="f")).from_(_first_times(first))
    select = (exp.select(exp.alias_(exp.Count(this=exp.Star()), "of_users"), exp.alias_(exp.Sum(this=flag), "users"),
                         exp.alias_(exp.Round(this=exp.Avg(this=flag.copy()), decimals=exp.Literal.number(4)), "share"))
              .from_("user_traits").where(exp.column("user_id").isin(starters)))
    return audience_filter(select, people)
