"""rule_performance: how approved rules did: lift over their holdouts, and whom the latest run reached.

Read-only, on the sandboxed connection: the measurement is `orchestrator.measure.measure` (each user at
their first decision, treatment against holdout on the rule's conversion event within its window), and
the reach is the latest completed run's decisions for the rule, counted by outcome.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
from pydantic import BaseModel, Field
from sqlglot import exp

from orchestrator.measure.coverage import coverage_notes
from orchestrator.measure.measure import measure, planned_rules, restricted
from orchestrator.measure.models import Comparison, RuleMeasure
from tools.context import ToolContext
from tools.decision_traits import (
    SNAPSHOT,
    decided_in_segment,
    modeled_filters,
    run_times,
    snapshot_decision_traits,
)
from tools.named_periods import PeriodSpec, named_period
from tools.results import returns_tool_error
from tools.scope import (
    Filters,
    accepted_values,
    categorical_traits,
    check_dimension,
    check_filters,
    dimension_columns,
    segment_users,
)
from tools.untrusted import strip_invisible
from warehouse.errors import CatalogError, RunError

MAX_SEGMENTS = 8
REACH_SQL = (
    "SELECT rule_id, outcome, count(*) AS n FROM mcc.decisions WHERE run_id = $run{restrict} "
    "GROUP BY ALL ORDER BY rule_id, outcome"
)
LATEST_RUN_SQL = (
    "SELECT run_id, as_of FROM mcc.runs WHERE status = 'succeeded' AND plan_json IS NOT NULL "
    "AND as_of <= $as_of ORDER BY as_of DESC, run_id DESC LIMIT 1"
)


class RanRule(BaseModel):
    """A rule some completed run executed: its id, the policy it belongs to, and what it is for."""

    rule_id: str
    policy_id: str | None = None
    description: str = ""


class Reach(BaseModel):
    """One rule's decisions in one run, by outcome (send, holdout, suppressed, stopped, capped, lost, control)."""

    run_id: str
    as_of: datetime
    outcomes: dict[str, int]


class RulePerformance(BaseModel):
    rule: RanRule
    segment: str | None = Field(None, description="the value of the report's `by` trait these figures are for")
    measure: RuleMeasure | None = Field(None, description="None when the rule names no conversion event")
    reach: Reach | None = Field(None, description="None when the latest run did not consider the rule")


class PerformanceReport(BaseModel):
    """What `rule_performance` returns; `sql` holds the queries a reader can run again."""

    as_of: datetime
    rules: list[RulePerformance]
    global_control: Comparison | None = None
    filters: Filters = Field(default_factory=dict, description="the people measured: trait -> values (none: everyone)")
    by: str | None = Field(None, description="the trait each rule was measured apart by, one row per value")
    decided: tuple[datetime, datetime] | None = Field(None, description="the period whose first decisions were measured")
    coverage: list[str] = Field(default_factory=list, description="what the runs and the data leave out (later runs, "
                                                                  "people with no time to convert yet)")
    at_decision: list[str] = Field(default_factory=list, description="the modeled traits people were classed by as of "
                                                                     "the run that first decided them (not the data end)")
    sql: dict[str, str] = Field(default_factory=dict)


def ran_rules(con: duckdb.DuckDBPyConnection) -> list[RanRule]:
    """Return every rule a completed run executed, at its latest version (none when nothing ran yet)."""
    try:
        planned = planned_rules(con)
    except RunError:
        return []
    # descriptions are approved text, cleaned of invisible characters as list_active_rules cleans specs
    return [RanRule(rule_id=p.rule.id, policy_id=p.policy_id, description=strip_invisible(p.rule.description))
            for p in planned.values()]


def _latest_run(con: duckdb.DuckDBPyConnection, as_of: datetime) -> tuple[str, datetime] | None:
    row = con.execute(LATEST_RUN_SQL, {"as_of": as_of}).fetchone()
    return None if row is None else (row[0], row[1])


def _reach(con: duckdb.DuckDBPyConnection, as_of: datetime, users: str | None, at: str | None) -> dict[str, Reach]:
    """Return each rule's outcomes in the latest completed run at or before `as_of` (of `users` only, if given,
    and of the people `at` kept as of that run)."""
    latest = _latest_run(con, as_of)
    if latest is None:
        return {}
    run_id, run_as_of = latest
    if at is not None:
        then = f"SELECT user_id FROM ({at}) WHERE as_of = $run_as_of"
        users = f"{users} INTERSECT {then}" if users else then
    outcomes: dict[str, dict[str, int]] = {}
    params: dict[str, object] = {"run": run_id, **({"run_as_of": run_as_of} if at is not None else {})}
    for rule_id, outcome, n in con.execute(restricted(REACH_SQL, users), params).fetchall():
        outcomes.setdefault(rule_id, {})[outcome] = int(n)
    return {rule_id: Reach(run_id=run_id, as_of=run_as_of, outcomes=counts) for rule_id, counts in outcomes.items()}


def segment_sql(ctx: ToolContext, filters: Filters) -> str | None:
    """Return the SELECT of the user ids every filter keeps (catalog names and values, checked), or None."""
    checked = check_filters(ctx.catalog, "", filters)
    if not checked:
        return None
    (first, values), rest = next(iter(checked.items())), dict(list(checked.items())[1:])
    users = segment_users(ctx.catalog, first, values, rest)
    return exp.select("user_id").from_(users.subquery("s")).sql(dialect="duckdb")


def _split_values(con: duckdb.DuckDBPyConnection, ctx: ToolContext, by: str, filters: Filters) -> tuple[list[str], int]:
    """Return the values of `by` to measure apart and how many people hold a value the catalog does not list.

    The values are those the filters name, else the most common (at most 8) the catalog lists: a
    dimension's among everyone, a modeled trait's among the people decided, as of their decisions. A value
    off the catalog is client-sent text (a country typed into a form), so it never becomes a segment label.
    """
    if by in filters:
        return filters[by], 0
    if by in dimension_columns(ctx.catalog):
        column = exp.column(by, table="d")
        source = exp.select(exp.cast(column, "VARCHAR").as_("v")).from_(exp.to_table("dim_users").as_("d"))
    else:
        column = exp.column(by, table="t")
        source = exp.select(exp.cast(column, "VARCHAR").as_("v")).from_(exp.to_table(SNAPSHOT).as_("t"))
    source = source.where(column.is_(exp.null()).not_())
    accepted = accepted_values(ctx.catalog, by)
    unlisted = 0
    if accepted is not None:
        # Exactly as listed: a segment selects its people by the stored value ('us' would be measured as no one).
        listed = exp.cast(column, "VARCHAR").isin(*accepted)
        off = exp.select("count(*)").from_(source.where(exp.not_(listed)).subquery("o"))
        row = con.execute(off.sql(dialect="duckdb")).fetchone()
        unlisted = int(row[0]) if row else 0
        source = source.where(listed)
    query = source.group_by("v").order_by("count(*) DESC", "v").limit(MAX_SEGMENTS)
    values = [str(v).lower() if ctx.catalog.has_trait(by) and ctx.catalog.trait(by).type == "bool" else str(v)
              for (v,) in con.execute(query.sql(dialect="duckdb")).fetchall()]
    return (check_dimension(ctx.catalog, by, values) if len(values) > 1 else values), unlisted


def _measured(
    con: duckdb.DuckDBPyConnection, wanted: list[str], as_of: datetime, users: str | None,
    decided: tuple[datetime, datetime] | None, at: str | None,
) -> tuple[dict[str, RuleMeasure], Comparison | None, dict[str, Reach]]:
    """Return each wanted rule's measure (every rule's when none is wanted), the global control's, and the reach.

    `users`: a SELECT of the people the dimension filters keep; `at`: of the decisions the modeled-trait
    filters keep (user_id, as_of), people classed as they were when decided."""
    reports = ([measure(con, rule_id=w, as_of=as_of, users=users, decided=decided, at_decision=at) for w in wanted]
               if wanted else [measure(con, as_of=as_of, users=users, decided=decided, at_decision=at)])
    measured = {m.rule_id: m for report in reports for m in report.rules}
    return measured, None if wanted else reports[0].global_control, _reach(con, as_of, users, at)


def _scoped(ctx: ToolContext, filters: Filters) -> tuple[str | None, str | None]:
    """Return (users, at) for `filters`: dimensions select people, modeled traits select their decisions."""
    modeled = modeled_filters(ctx.catalog, filters)
    static = {k: v for k, v in filters.items() if k not in modeled}
    return segment_sql(ctx, static), decided_in_segment(ctx.catalog, modeled) if modeled else None


@returns_tool_error
def rule_performance(
    ctx: ToolContext, rule_ids: list[str] | None = None, filters: Filters | None = None, by: str | None = None,
    period: PeriodSpec | None = None,
) -> PerformanceReport:
    """Measure approved rules that have run: for each, users sent versus held out, conversion rates on
    the rule's conversion event within its window, relative lift with a 95% interval and p-value, held-out
    users messaged anyway, and the latest run's decisions by outcome.

    `rule_ids`: rule ids or policy ids (a policy's rules); omit for every rule that ran, plus the global
    control group against everyone else. `filters`: categorical trait -> values, e.g. {"device_os": ["ios"]},
    to measure only those people: a dimension by its stored value, a modeled trait (activation_state, ...)
    as of the run that first decided each person, since a message can move it. `by`: a categorical trait to
    measure each value of apart (the values `filters` gives it, else its most common ones), e.g. "device_os".
    `period`: only the users first decided in it ("last month": that month's cohort), their conversions
    counted up to the data end; none: every run so far.
    """
    checked = check_filters(ctx.catalog, "", filters or {})
    if by is not None and by not in categorical_traits(ctx.catalog):
        raise CatalogError(f"{by!r} cannot split a measurement", where="by",
                           accepted=", ".join(categorical_traits(ctx.catalog)))
    users, at = _scoped(ctx, checked)
    # the modeled traits the filters and the split read, each person's as of the run that first decided them
    dims = set(dimension_columns(ctx.catalog))
    classed = [name for name in dict.fromkeys([*checked, *([by] if by else [])]) if name not in dims]
    with ctx.warehouse.sandbox() as con:
        ran = {r.rule_id: r for r in ran_rules(con)}
        if not ran:
            raise RunError("no completed run to measure", where="rule_performance",
                           accepted="approve a rule and `mcc run` first; conversions count from each user's decision")
        as_of = ctx.as_of
        if as_of is None:
            from warehouse.meta import data_end

            as_of = data_end(con)
        decided = named_period(period, as_of) if period is not None else None
        coverage = coverage_notes(con, as_of)
        if classed:
            latest = _latest_run(con, as_of)
            times = run_times(con, as_of, decided) + ([latest[1]] if latest else [])
            snapshot_decision_traits(con, classed, sorted(set(times)))
        wanted = list(dict.fromkeys(rule_ids or []))
        chosen = [r for r in ran.values() if not wanted or r.rule_id in wanted or r.policy_id in wanted]
        if by is None:
            measured, global_control, reach = _measured(con, wanted, as_of, users, decided, at)
            rules = [RulePerformance(rule=r, measure=measured.get(r.rule_id), reach=reach.get(r.rule_id)) for r in chosen]
        else:
            global_control, rules = None, []
            rest = {k: v for k, v in checked.items() if k != by}
            values, unlisted = _split_values(con, ctx, by, checked)
            if unlisted:
                coverage.append(f"{unlisted:,} people whose {by} is a value the catalog does not list are measured "
                                "in no segment")
            for value in values:
                value_users, value_at = _scoped(ctx, {**rest, by: [value]})
                measured, _, reach = _measured(con, wanted, as_of, value_users, decided, value_at)
                rules += [RulePerformance(rule=r, segment=value, measure=measured.get(r.rule_id),
                                          reach=reach.get(r.rule_id)) for r in chosen]
            order = {r.rule_id: i for i, r in enumerate(chosen)}
            rules.sort(key=lambda item: order[item.rule.rule_id])  # stable: each rule's segments stay in order
    return PerformanceReport(
        as_of=as_of, rules=rules, global_control=global_control, filters=checked, by=by, decided=decided,
        coverage=coverage, at_decision=classed,
        sql={"reach": restricted(REACH_SQL, users), "latest_run": LATEST_RUN_SQL, **({"segment": users} if users else {})},
    )
