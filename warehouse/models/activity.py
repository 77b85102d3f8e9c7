"""`user_activity`: one row per person with the aggregates of their events as of a time, that traits read.

One pass over fct_events (plus one narrow pass for the first event and the latest device, which every
row can carry): conditional aggregates over the few event types traits use, each event type coded once
as a small integer so the filters compare integers, not strings. Windowed aggregates ("N days") count
the N calendar days ending on the as-of date; `streak_mask` has bit k set when a workout was completed
k days before the as-of date, so a later as-of shifts it left instead of rescanning (refresh.py).
The latest device and push permission are kept as one BIGINT key, the event time in microseconds with
the value in its low bits (`device_key`, `push_key`): their max is the latest value, ties at one instant
break on the value, and a plain max is far cheaper than arg_max on a pair.
The table is built for one as-of time, stored in `mcc.meta['activity_as_of']`; traits as of that time
project from it, traits at any other time aggregate fct_events directly (traits.traits_query).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.gen_users import WORKOUT_TYPES
from warehouse.meta import data_end, get_meta, set_meta
from warehouse.models.sql import lit, ts
from warehouse.sqlutil import scalar

TABLE = "user_activity"
AS_OF_KEY = "activity_as_of"
STREAK_DAYS = 62  # the streak mask is a BIGINT: one bit per day
WINDOWS = (7, 14)  # the "N days" windows traits use
OS_CODES = ("ios", "android", "web")  # device_key % 4 is 1 + the index
DEVICE_KEY = ("CASE WHEN device_os IS NOT NULL THEN epoch_us(event_time) * 4 + "
              "CASE device_os WHEN 'ios' THEN 1 WHEN 'android' THEN 2 ELSE 3 END END")
# the event types traits aggregate, coded once per row so each filter compares an integer
CODES = {"workout_completed": 1, "workout_saved": 2, "pricing_viewed": 3, "plan_compared": 4,
         "checkout_started": 5, "push_permission_changed": 6, "trial_started": 7, "subscription_started": 8,
         "subscription_cancelled": 9}
# counted events: column name -> (event, window columns too)
COUNTS = {"workouts": "workout_completed", "pricing": "pricing_viewed", "compared": "plan_compared",
          "checkouts": "checkout_started"}
WEIGHTS = [f"w_{t}" for t in WORKOUT_TYPES]
# windowed columns: dropped from the window when the as-of date moves, so a refresh recomputes their owners
WINDOWED = [f"{c}_{n}d" for c in COUNTS for n in WINDOWS] + ["dur_sum_14d", "dur_n_14d"]


def device_of(key: str) -> str:
    """Return the SQL that decodes a device_key into the device_os name."""
    return f"CASE {key} % 4 WHEN 1 THEN 'ios' WHEN 2 THEN 'android' WHEN 3 THEN 'web' END"


def push_of(key: str) -> str:
    """Return the SQL that decodes a push_key into the push permission."""
    return f"({key} % 2 = 1)"


def _code(name: str) -> str:
    return str(CODES[name])


def activity_sql(as_of: datetime, users: str = "TRUE") -> str:
    """Return the SELECT of user_activity as of `as_of` for the people `users` (over fct_events) keeps."""
    t = ts(as_of)
    counts: list[str] = []
    for column, name in COUNTS.items():
        code = _code(name)
        counts.append(f"count(*) FILTER (WHERE c = {code}) AS {column}")
        counts += [f"count(*) FILTER (WHERE c = {code} AND dd < {n}) AS {column}_{n}d" for n in WINDOWS]
    weights = [f"coalesce(sum(CASE WHEN c = {_code('workout_completed')} THEN 1.0 ELSE 0.5 END) "
               f"FILTER (WHERE wt = {lit(w)}), 0)::DECIMAL(18, 1) AS w_{w}" for w in WORKOUT_TYPES]
    cases = " ".join(f"WHEN {lit(name)} THEN {code}" for name, code in CODES.items())
    done, saved = _code("workout_completed"), _code("workout_saved")
    return f"""
WITH seen AS (
  SELECT user_id, min(event_time) AS first_seen, max({DEVICE_KEY}) AS device_key
  FROM fct_events WHERE user_id IS NOT NULL AND event_time <= {t} AND {users} GROUP BY user_id
), coded AS (
  SELECT user_id, c, event_time, ({t}::DATE - event_time::DATE)::BIGINT AS dd,
    CASE WHEN c IN ({done}, {saved}) THEN properties ->> 'workout_type' END AS wt,
    CASE WHEN c = {done} THEN (properties ->> 'duration_min')::DECIMAL(18, 1) END AS dur,
    CASE WHEN c = {_code('push_permission_changed')} THEN (properties ->> 'enabled')::BOOLEAN END AS push
  FROM (SELECT *, CASE event_name {cases} END AS c FROM fct_events
        WHERE user_id IS NOT NULL AND event_time <= {t} AND event_name IN ({", ".join(lit(n) for n in CODES)})
          AND {users})
), agg AS (
  SELECT user_id,
    {(", " + chr(10) + "    ").join(counts)},
    max(event_time) FILTER (WHERE c = {done}) AS last_workout,
    coalesce(sum(dur), 0)::DECIMAL(18, 1) AS dur_sum, count(dur) AS dur_n,
    coalesce(sum(dur) FILTER (WHERE dd < 14), 0)::DECIMAL(18, 1) AS dur_sum_14d,
    count(dur) FILTER (WHERE dd < 14) AS dur_n_14d,
    coalesce(bit_or(CASE WHEN c = {done} AND dd < {STREAK_DAYS} THEN 1::BIGINT << dd END), 0) AS streak_mask,
    max(CASE WHEN push IS NOT NULL THEN epoch_us(event_time) * 2 + push::INTEGER END) AS push_key,
    min(event_time) FILTER (WHERE c = {_code('trial_started')}) AS trial_start,
    min(event_time) FILTER (WHERE c = {_code('subscription_started')}) AS sub_start,
    max(event_time) FILTER (WHERE c = {_code('subscription_cancelled')}) AS cancelled_at,
    {(", " + chr(10) + "    ").join(weights)}
  FROM coded GROUP BY user_id
)
SELECT * FROM seen LEFT JOIN agg USING (user_id)
"""


def build_activity(con: duckdb.DuckDBPyConnection, as_of: datetime | None = None) -> int:
    """Rebuild user_activity from all of fct_events as of `as_of` (default: the end of the data)."""
    as_of = as_of or data_end(con)
    con.execute(f"CREATE OR REPLACE TABLE {TABLE} AS {activity_sql(as_of)}")
    set_meta(con, AS_OF_KEY, as_of.isoformat(sep=" "))
    return int(scalar(con, f"SELECT count(*) FROM {TABLE}"))


def activity_as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """Return the as-of time user_activity was built for, or None when there is none."""
    stored = get_meta(con, AS_OF_KEY)
    return datetime.fromisoformat(stored) if stored else None


def _leaving_windows(old: datetime, new: datetime) -> str:
    """Return the condition on fct_events rows that a windowed column counts as of `old` but not as of `new`."""
    old_day, new_day = f"{ts(old)}::DATE", f"{ts(new)}::DATE"
    ranges = " OR ".join(f"(event_time::DATE > {old_day} - {n} AND event_time::DATE <= {new_day} - {n})" for n in WINDOWS)
    names = ", ".join(lit(n) for n in COUNTS.values())
    return f"(event_name IN ({names}) AND ({ranges}))"


def refresh_activity(con: duckdb.DuckDBPyConnection, as_of: datetime, touched: str) -> int:
    """Bring user_activity to `as_of` after fct_events changed for the people `touched` (a SELECT of user ids).

    Recomputes the people touched, the people with events after the previous as-of time and the owners of
    events that leave a window; everyone else keeps their row with the streak mask shifted by the days
    between the two as-of dates. Rebuilds the whole table when that cannot be exact (an earlier as-of, a
    shift past the mask). Returns the people recomputed.
    """
    old = activity_as_of(con)
    shift = (as_of.date() - old.date()).days if old is not None else -1
    if old is None or as_of < old or shift >= STREAK_DAYS:
        return build_activity(con, as_of)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE activity_touched AS
        {touched} UNION SELECT DISTINCT user_id FROM fct_events
        WHERE user_id IS NOT NULL AND (event_time > {ts(old)} OR {_leaving_windows(old, as_of)})""")
    keep = (f"SELECT * REPLACE ((streak_mask << {shift}) & {(1 << STREAK_DAYS) - 1} AS streak_mask) "
            f"FROM {TABLE} ANTI JOIN activity_touched t USING (user_id)")
    con.execute(f"""CREATE OR REPLACE TABLE {TABLE} AS {keep} UNION ALL BY NAME
        SELECT * FROM ({activity_sql(as_of, "user_id IN (SELECT user_id FROM activity_touched)")})""")
    set_meta(con, AS_OF_KEY, as_of.isoformat(sep=" "))
    return int(scalar(con, "SELECT count(*) FROM activity_touched"))
