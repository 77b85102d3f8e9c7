"""message_exposure: what each channel sent and delivered to each segment, this window against the previous."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field
from sqlglot import exp

from orchestrator.spec import Channel
from tools.context import ToolContext
from tools.evidence import evidence_id, evidence_sql
from tools.named_periods import PeriodSpec
from tools.results import returns_tool_error
from tools.sandbox_query import fetch
from tools.scope import Filters, segment_users
from tools.windows import Periods, bind_periods, comparison_setup, periods_cte
from warehouse.catalog import Catalog

ExposureMetric = Literal["sent", "delivered", "delivery_rate", "open_rate", "sends_per_user"]
METRICS: tuple[ExposureMetric, ...] = ("sent", "delivered", "delivery_rate", "open_rate", "sends_per_user")
EXPOSURE_RULE = (
    "Messages count in the period their sent_at falls in; delivered means delivered_at is set; delivery rate is "
    "delivered / sent; open rate is opened / delivered; sends per user is sent / users of the segment (within the filters)."
)


class ExposureChange(BaseModel):
    """One channel, segment and measure in both periods (fields match agent.types.ExposureDelta)."""

    channel: str
    segment: str
    metric: ExposureMetric
    previous: float
    current: float
    delta: float
    evidence_id: str


class ExposureComparison(BaseModel):
    kind: str = "exposure_comparison"
    dimension: str
    segments: list[str]
    filters: Filters = Field(default_factory=dict, description="trait -> values every user counted has")
    traits_as_of: datetime | None = Field(None, description="when the user_traits read were computed")
    periods: Periods
    exposure_rule: str = EXPOSURE_RULE
    changes: list[ExposureChange]
    sql: dict[str, str]


def _ratio(numerator: exp.Expr, denominator: exp.Expr) -> exp.Expr:
    # An empty denominator gives 0, so a channel that stopped sending reads as a drop, not a gap.
    return exp.func("COALESCE", exp.Div(this=numerator, expression=exp.func("NULLIF", denominator, exp.Literal.number(0))), exp.Literal.number(0.0))


# The label of a channel the specs cannot name: fct_messages may come from a sender's export, so its text is
# anyone's and never becomes a label the model reads.
UNLISTED_CHANNEL = "unlisted"


def _channel_label() -> exp.Expr:
    """Return `m.channel` when it is a channel a spec can name, else `unlisted`."""
    column = exp.column("channel", table="m")
    listed = column.isin(*[exp.Literal.string(c) for c in get_args(Channel)])
    return exp.Case().when(listed, column.copy()).else_(exp.Literal.string(UNLISTED_CHANNEL)).as_("channel")


def exposure_query(
    catalog: Catalog, dimension: str, segments: list[str], periods: Periods, filters: Filters | None = None
) -> exp.Select:
    """Build the query returning one row per (segment, channel) with every measure for both periods."""
    sent_in = (
        exp.select("p.period", "u.segment", _channel_label(), "m.delivered_at", "m.opened_at")
        .from_(exp.to_table("fct_messages").as_("m"))
        .join(exp.to_table("users").as_("u"), using=["user_id"])
        .join(exp.to_table("periods").as_("p"), on="m.sent_at > p.period_start AND m.sent_at <= p.period_end")
    )
    population = exp.select("segment", exp.func("COUNT", exp.Star()).as_("users")).from_("users").group_by("segment")
    columns: list[exp.Expr] = [exp.column("segment", table="x"), exp.column("channel", table="x")]
    for period in ("previous", "current"):
        in_period = exp.column("period", table="x").eq(exp.Literal.string(period))
        sent = exp.func("COUNT_IF", in_period)
        delivered = exp.func("COUNT_IF", exp.and_(in_period.copy(), exp.column("delivered_at", table="x").is_(exp.null()).not_()))
        opened = exp.func("COUNT_IF", exp.and_(in_period.copy(), exp.column("opened_at", table="x").is_(exp.null()).not_()))
        users = exp.func("ANY_VALUE", exp.column("users", table="n"))
        columns += [
            sent.as_(f"{period}_sent"),
            delivered.as_(f"{period}_delivered"),
            _ratio(delivered.copy(), sent.copy()).as_(f"{period}_delivery_rate"),
            _ratio(opened, delivered.copy()).as_(f"{period}_open_rate"),
            _ratio(sent.copy(), users).as_(f"{period}_sends_per_user"),
        ]
    query = (
        exp.select(*columns)
        .from_(exp.to_table("sent_in").as_("x"))
        .join(exp.to_table("population").as_("n"), using=["segment"])
        .group_by("x.segment", "x.channel")
        .order_by("x.channel", "x.segment")
        .with_("users", segment_users(catalog, dimension, segments, filters or {}))
        .with_("periods", periods_cte())
        .with_("sent_in", sent_in)
        .with_("population", population)
    )
    return bind_periods(query, periods)  # type: ignore[return-value]


@returns_tool_error
def message_exposure(
    ctx: ToolContext, dimension: str, segments: list[str], window_days: int = 7, filters: Filters | None = None,
    window: PeriodSpec | None = None,
) -> ExposureComparison:
    """Compare message exposure by channel across segments, this window against the previous one.

    `dimension` is a catalog dimension (e.g. device_os) and `segments` two or more of its values. For each
    channel and segment you get sent, delivered, delivery rate, open rate and sends per user in both windows,
    the change, and an evidence id whose SQL (in `sql`) reproduces the numbers. A delivery rate that falls
    for one segment only points at a channel problem (e.g. push on one platform). `filters` (e.g.
    {"country": ["DE"]}) keeps only users with those trait values in every segment. `window` names a
    calendar period instead of the last `window_days` days, as in compare_funnel.
    """
    chosen, kept, periods, traits_as_of = comparison_setup(ctx, dimension, segments, filters, window_days, window)
    query = exposure_query(ctx.catalog, dimension, chosen, periods, kept)
    query_sql = query.sql(dialect="duckdb")
    fetched = fetch(ctx, query_sql)
    changes: list[ExposureChange] = []
    sql: dict[str, str] = {}
    for r in fetched.records():
        eid = evidence_id("exposure", r["segment"], r["channel"])
        sql[eid] = evidence_sql(query_sql, segment=r["segment"], channel=r["channel"])
        for metric in METRICS:
            previous, current = float(r[f"previous_{metric}"]), float(r[f"current_{metric}"])
            changes.append(
                ExposureChange(
                    channel=r["channel"], segment=r["segment"], metric=metric,
                    previous=previous, current=current, delta=current - previous, evidence_id=eid,
                )
            )
    return ExposureComparison(dimension=dimension, segments=chosen, filters=kept, traits_as_of=traits_as_of,
                              periods=periods, changes=changes, sql=sql)
