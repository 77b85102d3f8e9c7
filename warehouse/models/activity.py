"""`user_day_activity`: one row per person per day with the mergeable aggregates traits need.

Traits read this rollup (plus the as-of day's own events) instead of every event, so a refresh merges a
day of new events into it rather than rescanning fct_events. Every column merges exactly: counts and
DECIMAL sums add, first/last times take min/max. The latest device and push permission are kept as one
BIGINT key, the event time in microseconds with the value in its low bits (`device_key`, `push_key`):
their max is the latest value, ties at one instant break on the value, and a max of maxes is the max,
so a merge picks what a full rebuild picks (and a plain max is far cheaper than arg_max on a pair).
"""

from __future__ import annotations

import duckdb

from warehouse.gen_users import WORKOUT_TYPES
from warehouse.models.sql import lit
from warehouse.sqlutil import scalar

TABLE = "user_day_activity"
OS_CODES = ("ios", "android", "web")  # device_key % 4 is 1 + the index
DEVICE_KEY = ("CASE WHEN device_os IS NOT NULL THEN epoch_us(event_time) * 4 + "
              "CASE device_os WHEN 'ios' THEN 1 WHEN 'android' THEN 2 ELSE 3 END END")
PUSH_KEY = "CASE WHEN push IS NOT NULL THEN epoch_us(event_time) * 2 + push::INTEGER END"


def device_of(key: str) -> str:
    """Return the SQL that decodes a device_key into the device_os name."""
    return f"CASE {key} % 4 WHEN 1 THEN 'ios' WHEN 2 THEN 'android' WHEN 3 THEN 'web' END"


def push_of(key: str) -> str:
    """Return the SQL that decodes a push_key into the push permission."""
    return f"({key} % 2 = 1)"
WEIGHTS = [f"w_{t}" for t in WORKOUT_TYPES]


def rollup_sql(events: str) -> str:
    """Return the SELECT that rolls an events relation (fct_events' columns) up to person-days."""
    weights = ",\n  ".join(
        f"coalesce(sum(CASE WHEN event_name = 'workout_completed' THEN 1.0 ELSE 0.5 END) "
        f"FILTER (WHERE wt = {lit(t)}), 0)::DECIMAL(18, 1) AS w_{t}" for t in WORKOUT_TYPES)
    return f"""
SELECT user_id, event_time::DATE AS day,
  min(event_time) AS first_seen,
  max({DEVICE_KEY}) AS device_key,
  count(*) FILTER (WHERE event_name = 'workout_completed') AS workouts,
  max(event_time) FILTER (WHERE event_name = 'workout_completed') AS last_workout,
  coalesce(sum(dur), 0)::DECIMAL(18, 1) AS dur_sum,
  count(dur) AS dur_n,
  count(*) FILTER (WHERE event_name = 'pricing_viewed') AS pricing,
  count(*) FILTER (WHERE event_name = 'plan_compared') AS compared,
  count(*) FILTER (WHERE event_name = 'checkout_started') AS checkouts,
  max({PUSH_KEY}) AS push_key,
  min(event_time) FILTER (WHERE event_name = 'trial_started') AS trial_start,
  min(event_time) FILTER (WHERE event_name = 'subscription_started') AS sub_start,
  max(event_time) FILTER (WHERE event_name = 'subscription_cancelled') AS cancelled_at,
  {weights}
FROM (
  SELECT user_id, event_name, event_time, device_os,
    CASE WHEN event_name IN ('workout_completed', 'workout_saved') THEN properties ->> 'workout_type' END AS wt,
    CASE WHEN event_name = 'workout_completed' THEN (properties ->> 'duration_min')::DECIMAL(18, 1) END AS dur,
    CASE WHEN event_name = 'push_permission_changed' THEN (properties ->> 'enabled')::BOOLEAN END AS push
  FROM ({events}) WHERE user_id IS NOT NULL)
GROUP BY user_id, day
"""


def merge_sql(rows: str) -> str:
    """Return the SELECT that merges rollup rows of the same person-day into one."""
    weights = ", ".join(f"sum({w})::DECIMAL(18, 1) AS {w}" for w in WEIGHTS)
    return f"""
SELECT user_id, day, min(first_seen) AS first_seen,
  max(device_key) AS device_key,
  sum(workouts)::BIGINT AS workouts, max(last_workout) AS last_workout, sum(dur_sum)::DECIMAL(18, 1) AS dur_sum,
  sum(dur_n)::BIGINT AS dur_n, sum(pricing)::BIGINT AS pricing, sum(compared)::BIGINT AS compared,
  sum(checkouts)::BIGINT AS checkouts,
  max(push_key) AS push_key,
  min(trial_start) AS trial_start, min(sub_start) AS sub_start, max(cancelled_at) AS cancelled_at, {weights}
FROM ({rows}) GROUP BY user_id, day
"""


def build_activity(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the rollup from all of fct_events; return its row count."""
    con.execute(f"CREATE OR REPLACE TABLE {TABLE} AS {rollup_sql('SELECT * FROM fct_events')}")
    return int(scalar(con, f"SELECT count(*) FROM {TABLE}"))


def merge_events(con: duckdb.DuckDBPyConnection, new_events: str) -> int:
    """Merge a relation of new fct_events rows into the rollup; return the person-days rewritten."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE activity_new AS {rollup_sql(new_events)}")
    return merge_rows(con, "activity_new")


def merge_rows(con: duckdb.DuckDBPyConnection, rows_table: str) -> int:
    """Merge rollup rows from a table into the rollup, replacing the person-days they touch."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE activity_keys AS SELECT DISTINCT user_id, day FROM {rows_table}")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE activity_merged AS {merge_sql(
            f"SELECT a.* FROM {TABLE} a SEMI JOIN activity_keys k ON k.user_id = a.user_id AND k.day = a.day "
            f"UNION ALL BY NAME SELECT * FROM {rows_table}")}""")
    con.execute(f"DELETE FROM {TABLE} a USING activity_keys k WHERE k.user_id = a.user_id AND k.day = a.day")
    con.execute(f"INSERT INTO {TABLE} BY NAME SELECT * FROM activity_merged")
    return int(scalar(con, "SELECT count(*) FROM activity_merged"))
