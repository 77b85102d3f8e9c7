"""compare_support: support tickets per active user, by reason, with resolution time and CSAT, per segment and period."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from tools.context import ToolContext
from tools.evidence import evidence_id, evidence_sql
from tools.named_periods import PeriodSpec
from tools.results import returns_tool_error
from tools.sandbox_query import fetch
from tools.scope import Filters, accepted_values, segment_users, shown_values
from tools.support_query import ALL_REASONS, REST, UNLISTED, support_query
from tools.untrusted import is_token
from tools.windows import Periods, comparison_setup
from warehouse.catalog import Catalog
from warehouse.errors import InputError

SUPPORT_RULE = (
    "Active users are the segment's users with any event in the period; tickets are those created in the "
    "period, per 1,000 active users; resolution hours and CSAT are of the tickets resolved in the period "
    "(CSAT over the rated ones). Reason 'all' is every ticket; 'rest' pools every value not compared by name."
)
REASON_PROPERTY = "ticket_reason"


class SupportRow(BaseModel):
    """One segment and one ticket reason ('all' for every ticket) in both periods, with the changes."""

    segment: str
    reason: str
    previous_active: int
    current_active: int
    previous_tickets: int
    current_tickets: int
    ticket_delta: int
    previous_per_1k: float | None = Field(description="tickets per 1,000 active users")
    current_per_1k: float | None
    per_1k_delta: float | None
    previous_resolved: int
    current_resolved: int
    previous_median_hours: float | None = Field(description="median hours from creation to resolution")
    current_median_hours: float | None
    median_hours_delta: float | None
    previous_rated: int
    current_rated: int
    previous_csat: float | None = Field(description="mean CSAT (1-5) of the rated tickets resolved in the period")
    current_csat: float | None
    csat_delta: float | None
    previous_csat_sd: float | None = Field(None, description="standard deviation of those CSAT scores")
    current_csat_sd: float | None = None
    evidence_id: str


class SupportComparison(BaseModel):
    kind: str = "support_comparison"
    dimension: str
    segments: list[str] = Field(description="the compared segments as the rows name them ('rest' pools the others)")
    rest: list[str] = Field(default_factory=list, description="the values pooled as 'rest'")
    reasons: list[str] = Field(description="the ticket reasons the catalog and the data record")
    focus_reasons: list[str] = Field(default_factory=list, description="the reasons asked about, if any")
    filters: Filters = Field(default_factory=dict, description="trait -> values every user counted has")
    traits_as_of: datetime | None = Field(None, description="when the user_traits read were computed")
    periods: Periods
    support_rule: str = SUPPORT_RULE
    rows: list[SupportRow]
    sql: dict[str, str]


def catalog_reasons(catalog: Catalog) -> list[str]:
    """Return the ticket reasons the catalog lists (the values of any event's `ticket_reason` property)."""
    out: list[str] = []
    for event in catalog.events:
        prop = event.properties.get(REASON_PROPERTY)
        out += [v for v in (prop.values or []) if v not in out] if prop is not None else []
    return out


def recorded_reasons(ctx: ToolContext) -> list[str]:
    """Return the catalog's reasons, then any other the data record (only name-like ones: free text is never a label)."""
    fetched = fetch(ctx, "SELECT DISTINCT ticket_reason FROM fct_support WHERE ticket_reason IS NOT NULL ORDER BY 1")
    listed = catalog_reasons(ctx.catalog)
    seen = [str(r[0]) for r in fetched.rows if is_token(str(r[0])) and str(r[0]) not in listed]
    return listed + [r for r in seen if r not in (ALL_REASONS, UNLISTED)]


def check_reasons(asked: list[str] | None, known: list[str]) -> list[str]:
    """Return the asked reasons as recorded, or raise naming the ones neither the catalog nor the data record."""
    by_lower = {r.lower(): r for r in known}
    unknown = [r for r in asked or [] if r.lower().replace(" ", "_") not in by_lower]
    if unknown:
        raise InputError(f"no ticket reason {shown_values(unknown)} is recorded", where="reasons",
                         accepted=", ".join(known))
    return list(dict.fromkeys(by_lower[r.lower().replace(" ", "_")] for r in asked or []))


def _compared(catalog: Catalog, dimension: str, segments: list[str]) -> tuple[list[str], list[str] | None]:
    """Return (every value the query reads, the values compared by name when the others are pooled, else None)."""
    values = accepted_values(catalog, dimension) or []
    if len(segments) == 0 and values:
        return values, None
    if len(segments) == 1 and values:
        asked = segments[0].lower()
        others = [v for v in values if v.lower() != asked]
        return [segments[0], *others], [segments[0]]
    return segments, None


def _delta(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous


def _row(r: dict[str, object], eid: str) -> SupportRow:
    def number(key: str) -> float | None:
        value = r[key]
        return None if value is None else float(value)  # type: ignore[arg-type]

    def count(key: str) -> int:
        return int(r[key])  # type: ignore[call-overload]

    return SupportRow(
        segment=str(r["segment"]), reason=str(r["reason"]),
        previous_active=count("previous_active"), current_active=count("current_active"),
        previous_tickets=count("previous_tickets"), current_tickets=count("current_tickets"),
        ticket_delta=count("current_tickets") - count("previous_tickets"),
        previous_per_1k=number("previous_per_1k"), current_per_1k=number("current_per_1k"),
        per_1k_delta=_delta(number("current_per_1k"), number("previous_per_1k")),
        previous_resolved=count("previous_resolved"), current_resolved=count("current_resolved"),
        previous_median_hours=number("previous_median_hours"), current_median_hours=number("current_median_hours"),
        median_hours_delta=_delta(number("current_median_hours"), number("previous_median_hours")),
        previous_rated=count("previous_rated"), current_rated=count("current_rated"),
        previous_csat=number("previous_csat"), current_csat=number("current_csat"),
        csat_delta=_delta(number("current_csat"), number("previous_csat")),
        previous_csat_sd=number("previous_csat_sd"), current_csat_sd=number("current_csat_sd"),
        evidence_id=eid,
    )


@returns_tool_error
def compare_support(
    ctx: ToolContext, dimension: str, segments: list[str] | None = None, window_days: int = 7,
    filters: Filters | None = None, window: PeriodSpec | None = None, reasons: list[str] | None = None,
) -> SupportComparison:
    """Compare support load across segments, this window against the previous window of the same length.

    `dimension` is a catalog dimension or categorical trait (e.g. utm_source, device_os, country,
    subscription_status). `segments`: one value is compared with every other value pooled as 'rest'; two
    or more are compared with each other; none compares every value. For each segment and ticket reason
    ('all' is every ticket) you get active users (anyone with an event in the period), tickets created,
    tickets per 1,000 active users, tickets resolved, median hours to resolve and mean CSAT (1-5) of the
    tickets resolved in the period, in both periods, the deltas, and an evidence id whose SQL (in `sql`)
    reproduces the row. Look for the segment and reason whose tickets per 1,000 rose (or CSAT fell) while
    the others held. `reasons` names the reasons asked about (e.g. ["billing"]); a reason nobody records is
    refused naming the recorded ones. `filters` and `window` work as in compare_funnel.
    """
    everyone, focus = _compared(ctx.catalog, dimension, list(segments or []))
    chosen, kept, periods, traits_as_of = comparison_setup(ctx, dimension, everyone, filters, window_days, window)
    focus = chosen[:1] if focus is not None else None
    known = recorded_reasons(ctx)
    asked = check_reasons(reasons, known)
    users = segment_users(ctx.catalog, dimension, chosen, kept)
    query_sql = support_query(users, chosen, known, periods, focus).sql(dialect="duckdb")
    rows: list[SupportRow] = []
    sql: dict[str, str] = {}
    for r in fetch(ctx, query_sql).records():
        eid = evidence_id("support", str(r["segment"]), str(r["reason"]))
        sql[eid] = evidence_sql(query_sql, segment=str(r["segment"]), reason=str(r["reason"]))
        rows.append(_row(r, eid))
    compared = chosen if focus is None else [*focus, REST]
    return SupportComparison(
        dimension=dimension, segments=compared, rest=[v for v in chosen if focus and v not in focus], reasons=known,
        focus_reasons=asked, filters=kept, traits_as_of=traits_as_of, periods=periods, rows=rows, sql=sql,
    )
