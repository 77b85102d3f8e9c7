"""Why an audience is the size it is: each of its conditions in turn, with how many users it alone selects and how
many are left once it joins the ones before it, then what the suppressions and stop conditions leave.

A marketer asking "why so few?" wants the condition that does the cutting. One scan counts everything: the
compiler's set-based query gives a boolean column per condition and per running conjunction, summed once.
An audience that is one condition, or any-of several, is one step: nothing narrows it but itself.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
from pydantic import BaseModel, Field
from sqlglot import exp

from orchestrator.compile import audiences_query, parse_as_of
from orchestrator.compile.aggregates import count_if
from orchestrator.describe import describe_condition
from orchestrator.eligibility import eligible_condition
from orchestrator.spec import AllOf, Condition, Policy, Rule
from warehouse.meta import data_end


class NarrowingStep(BaseModel):
    """One condition of an audience: the users it selects alone, and those left with it and every one before it."""

    condition: str = Field(description="the condition in words")
    alone: int
    left: int


class Narrowing(BaseModel):
    """How a rule's audience narrows from every user to those eligible."""

    rule_id: str
    as_of: str
    base: int = Field(description="users in user_traits")
    steps: list[NarrowingStep]
    eligible: int = Field(description="the audience less its suppressions and stop conditions")
    sql: str = Field(description="the one query that counted it all")

    @property
    def tightest(self) -> NarrowingStep:
        """Return the step that selects the fewest users on its own."""
        return min(self.steps, key=lambda s: s.alone)


def audience_steps(audience: Condition) -> list[Condition]:
    """Return the conditions an audience is narrowed by: an all-of group's members, else the audience itself."""
    return list(audience.conditions) if isinstance(audience, AllOf) else [audience]


def narrowing(
    con: duckdb.DuckDBPyConnection, rule: Rule, as_of: datetime | str | None = None, policy: Policy | None = None
) -> Narrowing:
    """Count, in one scan, each audience condition alone and with the ones before it, and the eligible users."""
    moment = parse_as_of(as_of) or data_end(con)
    steps = audience_steps(rule.audience)
    named: dict[str, Condition] = {}
    for i, condition in enumerate(steps):
        named[f"alone:{i}"] = condition
        named[f"left:{i}"] = steps[0] if i == 0 else AllOf(conditions=steps[: i + 1])
    named["eligible"] = eligible_condition(rule, policy)
    flags = audiences_query(named, moment)
    columns = [exp.alias_(exp.Count(this=exp.Star()), "base", quoted=True)]
    columns += [count_if(exp.column(name, quoted=True), name) for name in named]
    sql = exp.select(*columns).from_(flags.subquery("f")).sql("duckdb")
    row = con.execute(sql).fetchone()
    counts = dict(zip(["base", *named], (int(v or 0) for v in row or ()), strict=True))
    return Narrowing(
        rule_id=rule.id, as_of=moment.isoformat(sep=" "), base=counts["base"], eligible=counts["eligible"], sql=sql,
        steps=[NarrowingStep(condition=describe_condition(c), alone=counts[f"alone:{i}"], left=counts[f"left:{i}"])
               for i, c in enumerate(steps)],
    )


def spec_narrowing(con: duckdb.DuckDBPyConnection, spec: Rule | Policy, as_of: datetime | str | None = None) -> list[Narrowing]:
    """Return the narrowing of a rule, or of each rule of a policy (under the policy's suppressions)."""
    if isinstance(spec, Policy):
        return [narrowing(con, rule, as_of, spec) for rule in spec.rules]
    return [narrowing(con, spec, as_of)]
