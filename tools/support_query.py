"""The SQL behind compare_support: tickets per active user, by reason, with resolution time and CSAT.

One query returns one row per (segment, reason) with both periods side by side; the reason `all` is every
ticket of the segment. Every name and value in it is a sqlglot literal or identifier.
"""

from __future__ import annotations

from sqlglot import exp

from tools.windows import Periods, bind_periods, periods_cte

ALL_REASONS = "all"
REST = "rest"
UNLISTED = "unlisted"
PERIODS = ("previous", "current")


def _in_period(column: str) -> str:
    return f"{column} > p.period_start AND {column} <= p.period_end"


def _when(period: str, value: exp.Expr) -> exp.Expr:
    """Return `CASE WHEN period = '<period>' THEN value END` (NULL otherwise, which aggregates skip)."""
    return exp.Case().when(exp.column("period").eq(exp.Literal.string(period)), value)


def _reason_label(reasons: list[str]) -> exp.Expr:
    """Label each ticket with its recorded reason; a reason outside the known list (free text) is `unlisted`."""
    column = exp.column("ticket_reason", table="s")
    listed = column.isin(*[exp.Literal.string(r) for r in reasons]) if reasons else exp.false()
    return exp.Case().when(listed, column.copy()).else_(exp.Literal.string(UNLISTED))


def _labelled(users: exp.Select, focus: list[str] | None) -> exp.Select:
    """Return `users` with every segment outside `focus` relabelled `rest` (None: keep every segment)."""
    if focus is None:
        return users
    kept = exp.column("segment").isin(*[exp.Literal.string(v) for v in focus])
    label = exp.Case().when(kept, exp.column("segment")).else_(exp.Literal.string(REST))
    return exp.select("user_id", label.as_("segment")).from_(exp.paren(users).as_("segmented"))


def _tickets(column: str, reasons: list[str]) -> exp.Select:
    """Tickets of the compared users whose `column` (created_at or resolved_at) falls in a period, twice:
    once under their reason and once under `all`."""
    base = (
        exp.select(
            "p.period", "u.segment", _reason_label(reasons).as_("reason"),
            exp.TimestampDiff(this=exp.column("resolved_at", table="s"), expression=exp.column("created_at", table="s"),
                              unit=exp.var("SECOND")).as_("seconds"),
            exp.column("csat_score", table="s").as_("csat"),
        )
        .from_(exp.to_table("fct_support").as_("s"))
        .join(exp.to_table("users").as_("u"), using=["user_id"])
        .join(exp.to_table("periods").as_("p"), on=_in_period(f"s.{column}"))
    )
    every = exp.select("period", "segment", exp.Literal.string(ALL_REASONS).as_("reason"), "seconds", "csat").from_(
        exp.paren(base.copy()).as_("b")
    )
    return exp.union(base, every, distinct=False)  # type: ignore[return-value]


def _active() -> exp.Select:
    """Per segment, the users with any event in each period."""
    seen = (
        exp.select("p.period", "e.user_id", "u.segment")
        .distinct()
        .from_(exp.to_table("fct_events").as_("e"))
        .join(exp.to_table("users").as_("u"), using=["user_id"])
        .join(exp.to_table("periods").as_("p"), on=_in_period("e.event_time"))
    )
    counts = [exp.func("COUNT", _when(p, exp.column("user_id"))).as_(f"{p}_active") for p in PERIODS]
    return exp.select("segment", *counts).from_(exp.paren(seen).as_("seen")).group_by("segment")


def _created() -> exp.Select:
    counts = [exp.func("COUNT", _when(p, exp.Literal.number(1))).as_(f"{p}_tickets") for p in PERIODS]
    return exp.select("segment", "reason", *counts).from_("created_in").group_by("segment", "reason")


def _resolved() -> exp.Select:
    columns: list[exp.Expr] = []
    for p in PERIODS:
        hours = exp.Div(this=exp.column("seconds"), expression=exp.Literal.number(3600.0))
        columns += [
            exp.func("COUNT", _when(p, exp.Literal.number(1))).as_(f"{p}_resolved"),
            exp.func("MEDIAN", _when(p, hours)).as_(f"{p}_median_hours"),
            exp.func("COUNT", _when(p, exp.column("csat"))).as_(f"{p}_rated"),
            exp.func("AVG", _when(p, exp.column("csat"))).as_(f"{p}_csat"),
            exp.func("STDDEV_SAMP", _when(p, exp.column("csat"))).as_(f"{p}_csat_sd"),
        ]
    return exp.select("segment", "reason", *columns).from_("resolved_in").group_by("segment", "reason")


def _zero(column: str) -> exp.Expr:
    return exp.func("COALESCE", exp.column(column), exp.Literal.number(0))


def _per_1k(period: str) -> exp.Expr:
    tickets, active = _zero(f"{period}_tickets"), exp.column(f"{period}_active")
    return exp.Div(this=exp.Mul(this=exp.Literal.number(1000.0), expression=tickets),
                   expression=exp.func("NULLIF", active, exp.Literal.number(0)))


def support_query(users: exp.Select, segments: list[str], reasons: list[str], periods: Periods,
                  focus: list[str] | None = None) -> exp.Select:
    """Build the query: one row per (segment, reason) with active users, tickets, tickets per 1,000 active
    users, tickets resolved, median hours to resolve and mean CSAT in both periods. `users` selects
    (user_id, segment); with `focus`, every other segment is pooled as `rest`."""
    labels = [*segments] if focus is None else [*focus, REST]
    grid = exp.values([(s, r) for s in labels for r in [ALL_REASONS, *reasons, UNLISTED]], alias="grid",
                      columns=["segment", "reason"])
    columns: list[exp.Expr] = [exp.column("segment"), exp.column("reason")]
    for p in PERIODS:
        columns += [
            _zero(f"{p}_active").as_(f"{p}_active"), _zero(f"{p}_tickets").as_(f"{p}_tickets"),
            _per_1k(p).as_(f"{p}_per_1k"), _zero(f"{p}_resolved").as_(f"{p}_resolved"),
            exp.column(f"{p}_median_hours"), _zero(f"{p}_rated").as_(f"{p}_rated"), exp.column(f"{p}_csat"), exp.column(f"{p}_csat_sd"),
        ]
    query = (
        exp.select(*columns)
        .from_(exp.select("segment", "reason").from_(grid).subquery("g"))
        .join(exp.to_table("active"), using=["segment"], join_type="left")
        .join(exp.to_table("created"), using=["segment", "reason"], join_type="left")
        .join(exp.to_table("resolved"), using=["segment", "reason"], join_type="left")
        # 'unlisted' is kept only where some ticket carries a reason the catalog and the data do not list
        .where(exp.or_(exp.column("reason").neq(exp.Literal.string(UNLISTED)),
                       exp.func("COALESCE", exp.column("previous_tickets"), exp.Literal.number(0))
                       + exp.func("COALESCE", exp.column("current_tickets"), exp.Literal.number(0)) > 0))
        .order_by("segment", "reason")
        .with_("users", _labelled(users, focus))
        .with_("periods", periods_cte())
        .with_("created_in", _tickets("created_at", reasons))
        .with_("resolved_in", _tickets("resolved_at", reasons))
        .with_("active", _active())
        .with_("created", _created())
        .with_("resolved", _resolved())
    )
    return bind_periods(query, periods)  # type: ignore[return-value]
