"""User traits as of a timestamp: one row per person, exactly the catalog's traits as columns.

A projection of `user_activity` (one row per person: the conditional aggregates of fct_events as of
the time, models/activity.py) joined with small per-user aggregates of fct_support, fct_messages and the
identify history (read from dim_users, which holds the latest values, when no identify is later than
as_of). Only rows at or before `as_of` count. "N days" windows over events are calendar days: the as-of
date and the N-1 dates before it. Definitions (the catalog's descriptions agree):

- device_os: OS of the most recent event with a device; country, marketing_opt_in: latest identify
  trait at or before as_of (opt-in false when never given); utm_source: source of the first touch.
- push_enabled: `enabled` of the latest push_permission_changed; false when never granted.
- subscription_status: active (a subscription started and not cancelled since), cancelled, trial
  (trial started less than 14 days ago), expired (trial ended without a subscription), none.
- trial_days_left: whole days (rounded up) until the 14-day trial ends, only while in trial.
- days_since_signup: whole days since the first identify with a user id.
- workouts_completed / _7d: workout_completed events, all time / on the 7 calendar days up to as_of.
- days_since_last_workout: whole days since the last workout_completed.
- current_streak_days: consecutive calendar days with a completed workout ending today or yesterday
  (as_of's date), counted over at most the last 62 days.
- avg_workout_minutes: mean duration_min of completed workouts.
- pricing_views / plan_comparisons / checkout_attempts: all-time counts (checkout includes plan_selected).
- open_tickets: tickets created and not resolved at as_of; tickets_30d: created in the 30 days before.
- avg_csat: mean CSAT of tickets resolved by as_of.
- messages_received_7d: fct_messages rows sent in the 7 days up to as_of.
- activation_state: first match of retained (active subscription and a workout in the 14 days before
  as_of), at_risk (2+ workouts, none in 10 days), committed (8+ workouts, one in 7 days), activated (2+),
  new (these use the exact time of the last workout).
- momentum_score: 50 * min(workouts on the last 14 days, 10) / 10 + 30 * min(streak, 7) / 7
  + 20 * min(mean minutes over the 14 days' workouts, 45) / 45, rounded to 0.1 (0 to 100).
- upgrade_intent (the last 14 calendar days): high (a checkout, or 3+ pricing views and a comparison), medium
  (2+ pricing views or a comparison), low (one pricing view), none.
- support_risk: high (an open billing or bug ticket, or mean CSAT <= 2), medium (any open ticket or
  2+ tickets in 30 days), low.
- preferred_workout_type: the type with the most completed workouts, saves counting half (ties: the
  order strength, cardio, yoga, hiit, running, cycling); null when none.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.catalog import load_catalog
from warehouse.gen_users import WORKOUT_TYPES
from warehouse.meta import data_end
from warehouse.models.activity import TABLE, activity_as_of, activity_sql, device_of, flag_key, flag_of
from warehouse.models.canonical import TRIAL_DAYS
from warehouse.models.sql import lit, quote, ts
from warehouse.sqlutil import columns_of, scalar, table_exists


def _preferred(prefix: str) -> str:
    best = "greatest(" + ", ".join(f"coalesce({prefix}w_{t}, 0)" for t in WORKOUT_TYPES) + ")"
    cases = " ".join(f"WHEN coalesce({prefix}w_{t}, 0) = {best} THEN {lit(t)}" for t in WORKOUT_TYPES)
    return f"CASE WHEN {best} = 0 THEN NULL {cases} END"


def _trailing_ones(x: str) -> str:
    """Count the low-order one bits of a non-negative BIGINT: bit_count(x xor (x + 1)) - 1."""
    return f"(bit_count(xor({x}, {x} + 1))::INTEGER - 1)"


def traits_query(as_of: datetime) -> str:
    """Return the SELECT of user_traits as of `as_of` (rows at or before it only)."""
    return traits_sql(as_of, f"({activity_sql(as_of)})")


def _identify_history(t: str) -> str:
    """Return the CTE of each person's latest country and marketing opt-in from the identifies at or before `t`."""
    opt_in = flag_of(f"max({flag_key('r.' + quote('timestamp'), 'r.marketing_opt_in')})")
    return f"""), idf AS (
  SELECT g.user_id,
    arg_max(r.country, (r."timestamp", r.country)) FILTER (WHERE r.country IS NOT NULL) AS country,
    -- the latest opt-in as one BIGINT key (time, then the value): a plain max, cheaper than arg_max on a pair
    {opt_in} AS opt_in
  FROM raw.identifies r JOIN id_graph g ON g.node = coalesce(r.user_id, r.anonymous_id)
  WHERE r."timestamp" <= {t} GROUP BY g.user_id
"""


def traits_sql(as_of: datetime, activity: str, every_identify: bool = False) -> str:
    """Return the SELECT of user_traits as of `as_of` from `activity`, a relation of user_activity as of it.

    `every_identify`: every identify call is at or before `as_of`, so each person's latest country and
    opt-in are dim_users' own (same definitions, over the same rows) and the identify history is not read.
    """
    t = ts(as_of)
    if every_identify:
        identify_cte, identify_join, country, opt_in = "", "", "u.country", "u.marketing_opt_in"
    else:
        identify_cte, identify_join, country, opt_in = _identify_history(t), "LEFT JOIN idf i USING (user_id)", "i.country", "i.opt_in"
    days_since = f"floor(epoch({t} - {{x}}) / 86400)::INTEGER"
    streak = (f"CASE WHEN streak_mask & 1 = 1 THEN {_trailing_ones('streak_mask')} "
              f"WHEN streak_mask & 2 = 2 THEN {_trailing_ones('(streak_mask >> 1)')} ELSE 0 END")
    return f"""
WITH agg AS (
  SELECT *, {device_of('device_key')} AS device_os, {flag_of('push_key')} AS push_last,
    (dur_sum / nullif(dur_n, 0))::DOUBLE AS avg_workout_minutes, (dur_sum_14d / nullif(dur_n_14d, 0))::DOUBLE AS avg14
  FROM {activity}
), tickets AS (
  SELECT user_id,
    count(*) FILTER (WHERE resolved_at IS NULL OR resolved_at > {t}) AS open_tickets,
    coalesce(bool_or((resolved_at IS NULL OR resolved_at > {t}) AND ticket_reason IN ('billing', 'bug')), FALSE) AS open_severe,
    count(*) FILTER (WHERE created_at > {t} - INTERVAL 30 DAY) AS tickets_30d,
    avg(csat_score) FILTER (WHERE resolved_at <= {t}) AS avg_csat
  FROM fct_support WHERE created_at <= {t} GROUP BY user_id
), msgs AS (
  SELECT user_id, count(*) AS n FROM fct_messages
  WHERE sent_at <= {t} AND sent_at > {t} - INTERVAL 7 DAY GROUP BY user_id
{identify_cte}), base AS (
  SELECT u.user_id, coalesce(a.device_os, u.device_os) AS device_os, {country} AS country, u.utm_source,
    coalesce({opt_in}, FALSE) AS marketing_opt_in, coalesce(a.push_last, FALSE) AS push_enabled,
    CASE WHEN a.sub_start IS NOT NULL AND (a.cancelled_at IS NULL OR a.cancelled_at < a.sub_start) THEN 'active'
         WHEN a.sub_start IS NOT NULL THEN 'cancelled'
         WHEN a.trial_start > {t} - INTERVAL {TRIAL_DAYS} DAY THEN 'trial'
         WHEN a.trial_start IS NOT NULL THEN 'expired' ELSE 'none' END AS subscription_status,
    CASE WHEN subscription_status = 'trial'
         THEN ceil(epoch(a.trial_start + INTERVAL {TRIAL_DAYS} DAY - {t}) / 86400)::INTEGER END AS trial_days_left,
    CASE WHEN u.signup_at <= {t} THEN {days_since.format(x='u.signup_at')} END AS days_since_signup,
    coalesce(a.workouts, 0) AS workouts_completed,
    coalesce(a.workouts_7d, 0) AS workouts_completed_7d,
    {days_since.format(x='a.last_workout')} AS days_since_last_workout,
    coalesce({streak.replace('streak_mask', 'a.streak_mask')}, 0) AS current_streak_days,
    round(a.avg_workout_minutes, 1)::DOUBLE AS avg_workout_minutes,
    coalesce(a.pricing, 0) AS pricing_views,
    coalesce(a.compared, 0) AS plan_comparisons,
    coalesce(a.checkouts, 0) AS checkout_attempts,
    coalesce(k.open_tickets, 0) AS open_tickets,
    coalesce(k.tickets_30d, 0) AS tickets_30d,
    round(k.avg_csat, 2) AS avg_csat,
    coalesce(m.n, 0) AS messages_received_7d,
    CASE WHEN subscription_status = 'active' AND a.last_workout > {t} - INTERVAL 14 DAY THEN 'retained'
         WHEN workouts_completed >= 2 AND NOT coalesce(a.last_workout > {t} - INTERVAL 10 DAY, FALSE) THEN 'at_risk'
         WHEN workouts_completed >= 8 AND a.last_workout > {t} - INTERVAL 7 DAY THEN 'committed'
         WHEN workouts_completed >= 2 THEN 'activated' ELSE 'new' END AS activation_state,
    round(50 * least(coalesce(a.workouts_14d, 0), 10) / 10 + 30 * least(current_streak_days, 7) / 7
          + 20 * least(coalesce(a.avg14, 0), 45) / 45, 1)::DOUBLE AS momentum_score,
    CASE WHEN coalesce(a.checkouts_14d, 0) >= 1 OR (coalesce(a.pricing_14d, 0) >= 3 AND coalesce(a.compared_14d, 0) >= 1) THEN 'high'
         WHEN coalesce(a.pricing_14d, 0) >= 2 OR coalesce(a.compared_14d, 0) >= 1 THEN 'medium'
         WHEN coalesce(a.pricing_14d, 0) = 1 THEN 'low' ELSE 'none' END AS upgrade_intent,
    CASE WHEN coalesce(k.open_severe, FALSE) OR k.avg_csat <= 2 THEN 'high'
         WHEN coalesce(k.open_tickets, 0) >= 1 OR coalesce(k.tickets_30d, 0) >= 2 THEN 'medium'
         ELSE 'low' END AS support_risk,
    {_preferred('a.')} AS preferred_workout_type
  FROM dim_users u
  LEFT JOIN agg a USING (user_id) LEFT JOIN tickets k USING (user_id) LEFT JOIN msgs m USING (user_id)
  {identify_join}
  WHERE a.first_seen <= {t} OR u.signup_at <= {t}
)
SELECT * FROM base
"""


def build_traits(con: duckdb.DuckDBPyConnection, as_of: datetime | None = None, table: str = "user_traits") -> int:
    """Materialise the traits as of `as_of` (default: the end of the data), check them against the catalog.

    Projects from the user_activity table when it was built for this as-of time, else aggregates fct_events.
    """
    as_of = as_of or data_end(con)
    select = (traits_sql(as_of, TABLE, every_identify=_every_identify_by(con, as_of))
              if activity_as_of(con) == as_of else traits_query(as_of))
    # No ORDER BY: sorting a million rows cost a third of the projection, and every reader that needs an
    # order asks for one.
    con.execute(f"CREATE OR REPLACE TABLE {quote(table)} AS {select}")
    load_catalog().check_columns(columns_of(con, "main", table))
    return int(con.execute(f"SELECT count(*) FROM {quote(table)}").fetchall()[0][0])


def _every_identify_by(con: duckdb.DuckDBPyConnection, as_of: datetime) -> bool:
    """Return whether no identify call is later than `as_of` (then dim_users holds the latest values)."""
    if not table_exists(con, "raw", "identifies"):
        return True
    return not scalar(con, f'SELECT count(*) FROM raw.identifies WHERE "timestamp" > {ts(as_of)}')
