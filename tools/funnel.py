"""compare_funnel: a metric's funnel for two or more segments, current window against the previous one."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, Field
from sqlglot import exp

from tools.context import ToolContext
from tools.evidence import evidence_id, evidence_sql
from tools.named_periods import PeriodSpec
from tools.results import returns_tool_error
from tools.sandbox_query import fetch
from tools.scope import Filters, segment_users
from tools.windows import Periods, bind_periods, comparison_setup, periods_cte
from warehouse.catalog import Catalog, MetricSpec
from warehouse.errors import CatalogError

COHORT_RULE = (
    "A user enters a period's cohort when their first-ever event of the funnel's first step falls in that "
    "period; a later step counts when the user has that many of the step's events at or after entering and "
    "no later than the period's end, and has reached every earlier step. Rates are shares of the first step."
)
_NTH = re.compile(r"^(?P<event>[a-z_]+?)_(?P<n>\d+)$")


class FunnelStep(BaseModel):
    """One step of one segment: counts and rates in both periods (fields match agent.types.FunnelStepDelta)."""

    step: str
    segment: str
    previous_count: int
    current_count: int
    count_delta: int
    previous_rate: float | None
    current_rate: float | None
    rate_delta: float | None
    evidence_id: str


class FunnelComparison(BaseModel):
    kind: str = "funnel_comparison"
    metric: str
    dimension: str
    segments: list[str]
    filters: Filters = Field(default_factory=dict, description="trait -> values every cohort user has")
    traits_as_of: datetime | None = Field(None, description="when the user_traits read were computed")
    periods: Periods
    cohort_rule: str = COHORT_RULE
    steps: list[FunnelStep]
    sql: dict[str, str]


def metric_of(catalog: Catalog, name: str) -> MetricSpec:
    """Return the catalog metric, or raise naming the known ones."""
    for metric in catalog.metrics:
        if metric.name == name:
            return metric
    raise CatalogError(
        f"unknown metric {name!r}", where="metric", accepted=", ".join(m.name for m in catalog.metrics)
    )


def step_requirement(catalog: Catalog, step: str) -> tuple[str, int]:
    """Return (event, how many) for a funnel step: `workout_completed_2` is a second completed workout."""
    if catalog.has_event(step):
        return step, 1
    match = _NTH.match(step)
    if match and catalog.has_event(match["event"]):
        return match["event"], int(match["n"])
    raise CatalogError(f"funnel step {step!r} is not an event or `<event>_<n>`", where="metrics.funnel")


def _count_column(event: str) -> str:
    return f"n_{event}"


def _users_where(condition: exp.Expr) -> exp.Expr:
    # COALESCE: a segment with no cohort at all reaches the outer join as one all-NULL row.
    return exp.func("COALESCE", exp.func("COUNT_IF", condition), exp.Literal.number(0))


def _entries(first_event: str) -> exp.Select:
    """Each user's first-ever event of the funnel's first step."""
    return (
        exp.select("user_id", exp.func("MIN", exp.column("event_time")).as_("entered_at"))
        .from_("fct_events")
        .where(exp.column("event_name").eq(exp.Literal.string(first_event)))
        .group_by("user_id")
    )


def _cohort() -> exp.Select:
    """Users of the chosen segments whose entry falls in a period, with that period's end."""
    return (
        exp.select("p.period", "p.period_end", "u.segment", "e.user_id", "e.entered_at")
        .from_(exp.to_table("entries").as_("e"))
        .join(exp.to_table("users").as_("u"), using=["user_id"])
        .join(exp.to_table("periods").as_("p"), on="e.entered_at > p.period_start AND e.entered_at <= p.period_end")
    )


def _reached(events: list[str]) -> exp.Select:
    """Per cohort user, how many of each step's events happened between entering and the period's end."""
    counts = [
        exp.func("COUNT_IF", exp.column("event_name", table="f").eq(exp.Literal.string(e))).as_(_count_column(e))
        for e in events
    ]
    return (
        exp.select("c.period", "c.segment", "c.user_id", *counts)
        .from_(exp.to_table("cohort").as_("c"))
        .join(
            exp.to_table("fct_events").as_("f"),
            on=exp.and_(
                "f.user_id = c.user_id AND f.event_time >= c.entered_at AND f.event_time <= c.period_end",
                # Only the funnel's events: keeps the join small on a warehouse of millions of events.
                exp.column("event_name", table="f").isin(*[exp.Literal.string(e) for e in events]),
            ),
            join_type="left",
        )
        .group_by("c.period", "c.segment", "c.user_id")
    )


def _depths(needs: list[tuple[str, int]]) -> exp.Select:
    """Per cohort user, how many leading steps they reached (a step counts only after all earlier ones)."""
    depth = exp.Case(default=exp.Literal.number(len(needs)))
    for index, (event, n) in enumerate(needs):
        depth = depth.when(exp.column(_count_column(event)) < exp.Literal.number(n), exp.Literal.number(index))
    return exp.select("period", "segment", "user_id", depth.as_("depth")).from_("reached")


def _step_rows(index: int, step: str) -> exp.Select:
    """One row per segment for one step: counts and rates against the first step in both periods."""
    columns: list[exp.Expr] = [
        exp.column("segment", table="s"),
        exp.Literal.number(index + 1).as_("step_index"),
        exp.Literal.string(step).as_("step"),
    ]
    for period in ("previous", "current"):
        in_period = exp.column("period", table="r").eq(exp.Literal.string(period))
        count = _users_where(exp.and_(in_period, exp.column("depth", table="r") > exp.Literal.number(index)))
        first = _users_where(exp.and_(in_period.copy(), exp.column("depth", table="r") > exp.Literal.number(0)))
        rate = exp.Div(this=count.copy(), expression=exp.func("NULLIF", first, exp.Literal.number(0)))
        columns += [count.as_(f"{period}_count"), rate.as_(f"{period}_rate")]
    return (
        exp.select(*columns)
        .from_(exp.to_table("segments").as_("s"))
        .join(exp.to_table("depths").as_("r"), on="r.segment = s.segment", join_type="left")
        .group_by("s.segment")
    )


def funnel_query(
    catalog: Catalog, steps: list[str], dimension: str, segments: list[str], periods: Periods, filters: Filters | None = None
) -> exp.Select:
    """Build the query returning one row per (segment, step) with both periods' counts and rates."""
    needs = [step_requirement(catalog, s) for s in steps]
    body: exp.Query = _step_rows(0, steps[0])
    for index, step in enumerate(steps[1:], start=1):
        body = exp.union(body, _step_rows(index, step), distinct=False, copy=False)
    segment_rows = exp.values([(s,) for s in segments], alias="segments", columns=["segment"])
    query = (
        exp.select("*")
        .from_(exp.paren(body).as_("steps"), copy=False)
        .with_("users", segment_users(catalog, dimension, segments, filters or {}), copy=False)
        .with_("segments", exp.select("segment").from_(segment_rows), copy=False)
        .with_("periods", periods_cte(), copy=False)
        .with_("entries", _entries(needs[0][0]), copy=False)
        .with_("cohort", _cohort(), copy=False)
        .with_("reached", _reached(sorted({event for event, _ in needs})), copy=False)
        .with_("depths", _depths(needs), copy=False)
        .order_by("step_index", "segment", copy=False)
    )
    return bind_periods(query, periods)  # type: ignore[return-value]


def _delta(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous


@returns_tool_error
def compare_funnel(
    ctx: ToolContext, metric: str, dimension: str, segments: list[str], window_days: int = 7,
    filters: Filters | None = None, window: PeriodSpec | None = None,
) -> FunnelComparison:
    """Compare a metric's funnel across segments, this window against the previous window of the same length.

    `metric` is a catalog metric (e.g. trial_conversion), `dimension` a catalog dimension (e.g. device_os) and
    `segments` two or more of its values (e.g. ["ios", "android"]). For each segment and step you get the
    cohort count and the rate against the first step in both windows, the deltas, and an evidence id whose
    SQL (in `sql`) reproduces those numbers. Look for the first step where one segment's rate falls and the
    others' do not. `filters` (e.g. {"utm_source": ["facebook"]}) keeps only users with those trait values
    in every segment; a segment or filter on a modeled trait reads the traits as of `traits_as_of`.
    `window` names a calendar period instead of the last `window_days` days (e.g. {"kind": "since_weekday",
    "weekday": 0} is since Monday, {"kind": "named_month", "month": 10} is October compared with September),
    laid against the data end; `periods` says the exact dates compared.
    """
    spec = metric_of(ctx.catalog, metric)
    if not spec.funnel:
        raise CatalogError(f"metric {metric!r} has no funnel", where="metrics.funnel", accepted="a metric with funnel steps")
    chosen, kept, periods, traits_as_of = comparison_setup(ctx, dimension, segments, filters, window_days, window)
    query = funnel_query(ctx.catalog, spec.funnel, dimension, chosen, periods, kept)
    query_sql = query.sql(dialect="duckdb")
    fetched = fetch(ctx, query_sql)
    steps: list[FunnelStep] = []
    sql: dict[str, str] = {}
    for r in fetched.records():
        eid = evidence_id("funnel", r["segment"], r["step"])
        sql[eid] = evidence_sql(query_sql, segment=r["segment"], step=r["step"])
        steps.append(
            FunnelStep(
                step=r["step"],
                segment=r["segment"],
                previous_count=r["previous_count"],
                current_count=r["current_count"],
                count_delta=r["current_count"] - r["previous_count"],
                previous_rate=r["previous_rate"],
                current_rate=r["current_rate"],
                rate_delta=_delta(r["current_rate"], r["previous_rate"]),
                evidence_id=eid,
            )
        )
    return FunnelComparison(metric=metric, dimension=dimension, segments=chosen, filters=kept, traits_as_of=traits_as_of,
                            periods=periods, steps=steps, sql=sql)
