"""`user_activity`: one row per person with the aggregates of their events as of a time, that traits read.

One pass over fct_events (plus one narrow pass for the first event and the latest device, which every
row can carry): conditional aggregates over the few event types traits use, each event type coded once
as a small integer so the filters compare integers, not strings. Windowed aggregates ("N days") count
the N calendar days ending on the as-of date; `streak_mask` has bit k set when a workout was completed
k days before the as-of date, so a later as-of shifts it left instead of rescanning (refresh_activity).
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
from warehouse.sqlutil import columns_of, scalar

TABLE = "user_activity"
AS_OF_KEY = "activity_as_of"
STREAK_DAYS = 62  # the streak mask is a BIGINT: one bit per day
WINDOWS = (7, 14)  # the "N days" windows traits use
# device_key % 4 is 1, 2, 3 for ios, android, web (device_of decodes it)
DEVICE_KEY = ("CASE WHEN device_os IS NOT NULL THEN epoch_us(event_time) * 4 + "
              "CASE device_os WHEN 'ios' THEN 1 WHEN 'android' THEN 2 ELSE 3 END END")
# the event types traits aggregate, coded once per row so each filter compares an integer
CODES = {"workout_completed": 1, "workout_saved": 2, "pricing_viewed": 3, "plan_compared": 4,
         "checkout_started": 5, "push_permission_changed": 6, "trial_started": 7, "subscription_started": 8,
         "subscription_cancelled": 9}
# counted events: column -> the event it counts (all time, and per window in `<column>_<n>d`)
COUNTS = {"workouts": "workout_completed", "pricing": "pricing_viewed", "compared": "plan_compared",
          "checkouts": "checkout_started"}
WEIGHTS = [f"w_{t}" for t in WORKOUT_TYPES]
# windowed columns: a refresh takes off the days that left the window and adds the new events
WINDOWED = [f"{c}_{n}d" for c in COUNTS for n in WINDOWS] + ["dur_sum_14d", "dur_n_14d"]


def device_of(key: str) -> str:
    """Return the SQL that decodes a device_key into the device_os name."""
    return f"CASE {key} % 4 WHEN 1 THEN 'ios' WHEN 2 THEN 'android' WHEN 3 THEN 'web' END"


def flag_key(time: str, flag: str) -> str:
    """Return the SQL of a latest-boolean key: the time in microseconds with the flag in the low bit (NULL
    when the flag is); the max of such keys is the latest value (`push_key`, the latest marketing opt-in)."""
    return f"CASE WHEN {flag} IS NOT NULL THEN epoch_us({time}) * 2 + {flag}::INTEGER END"


def flag_of(key: str) -> str:
    """Return the SQL that decodes a `flag_key` back into its boolean."""
    return f"({key} % 2 = 1)"


def _code(name: str) -> str:
    return str(CODES[name])


def _coded_sql(as_of: datetime, events: str, keep: tuple[str, ...] = ()) -> str:
    """Return the SELECT of the events traits aggregate, coded, with their day distance `dd` from as_of's date
    (and the columns `keep` of `events` as they are)."""
    t = ts(as_of)
    cases = " ".join(f"WHEN {lit(name)} THEN {code}" for name, code in CODES.items())
    done, saved = _code("workout_completed"), _code("workout_saved")
    return f"""
  SELECT user_id, c, event_time, {"".join(f"{k}, " for k in keep)}({t}::DATE - event_time::DATE)::BIGINT AS dd,
    CASE WHEN c IN ({done}, {saved}) THEN properties ->> 'workout_type' END AS wt,
    CASE WHEN c = {done} THEN ((properties ->> 'duration_min')::DECIMAL(18, 1) * 10)::BIGINT END AS dur10,
    CASE WHEN c = {_code('push_permission_changed')} THEN (properties ->> 'enabled')::BOOLEAN END AS push
  FROM (SELECT *, CASE event_name {cases} END AS c FROM {events}
        WHERE user_id IS NOT NULL AND event_time <= {t} AND event_name IN ({", ".join(lit(n) for n in CODES)}))"""


# Packed counters. A wide aggregate pays per state it keeps for each of its million groups, so counters of
# one row kind share one BIGINT per row, summed (DuckDB sums BIGINT into HUGEINT) and unpacked after:
# `(1 << 42) + ((dd < 14) << 21) + (dd < 7)` counts all time in the high bits (a HUGEINT cannot overflow
# there) and the 14 and 7 days in 21-bit fields, each good for 2,097,151 events of one type per person in
# the window; the workout-type weights pack three types of half-units into 21-bit fields the same way
# (1,048,575 workouts of one type per person, all time).
FIELD = 21
MASK = (1 << FIELD) - 1
ALL_TIME = 2 * FIELD
WINDOW_BITS = {7: 0, 14: FIELD}
TYPE_GROUPS = (WORKOUT_TYPES[:3], WORKOUT_TYPES[3:])


def _field(packed: str, shift: int) -> str:
    return f"(({packed} >> {shift}) & {MASK})::BIGINT"


def _packed_counts() -> tuple[list[str], list[str]]:
    """Return (aggregates, unpacking columns) of the COUNTS columns, all time and windowed."""
    row = " + ".join([f"(1::BIGINT << {ALL_TIME})"] + [f"((dd < {n})::BIGINT << {bit})" for n, bit in WINDOW_BITS.items()])
    aggregates, columns = [], []
    for column, name in COUNTS.items():
        packed = f"p_{column}"
        aggregates.append(f"sum({row}) FILTER (WHERE c = {_code(name)}) AS {packed}")
        columns.append(f"(coalesce({packed}, 0) >> {ALL_TIME})::BIGINT AS {column}")
        columns += [f"coalesce({_field(packed, bit)}, 0) AS {column}_{n}d" for n, bit in WINDOW_BITS.items()]
    return aggregates, columns


def _windowed_durations() -> tuple[list[str], list[str]]:
    """Return (aggregates, unpacking columns) of the 14-day workout minutes (summed in tenths, exactly)."""
    return (["sum(CASE WHEN dd < 14 THEN dur10 END) AS dur10_14d", "count(dur10) FILTER (WHERE dd < 14) AS dur_n_14d"],
            ["(coalesce(dur10_14d, 0) / 10)::DECIMAL(18, 1) AS dur_sum_14d", "dur_n_14d"])


def _weights() -> tuple[list[str], list[str]]:
    """Return (aggregates, unpacking columns) of the workout-type weights: completed 1, saved 0.5."""
    half_units = f"CASE WHEN c = {_code('workout_completed')} THEN 2 ELSE 1 END"
    aggregates, columns = [], []
    for group, types in enumerate(TYPE_GROUPS):
        fields = " ".join(f"WHEN {lit(t)} THEN {half_units}::BIGINT << {FIELD * i}" for i, t in enumerate(types))
        aggregates.append(f"sum(CASE wt {fields} END) AS p_weights{group}")
        columns += [f"(coalesce({_field(f'p_weights{group}', FIELD * i)}, 0) / 2)::DECIMAL(18, 1) AS w_{t}"
                    for i, t in enumerate(types)]
    return aggregates, columns


def activity_sql(as_of: datetime, events: str = "fct_events") -> str:
    """Return the SELECT of user_activity as of `as_of` over `events` (a relation of fct_events' columns)."""
    t = ts(as_of)
    done = _code("workout_completed")
    counts, count_columns = _packed_counts()
    durations, duration_columns = _windowed_durations()
    weights, weight_columns = _weights()
    sep = ",\n    "
    return f"""
WITH seen AS (
  SELECT user_id, min(event_time) AS first_seen, max({DEVICE_KEY}) AS device_key
  FROM {events} WHERE user_id IS NOT NULL AND event_time <= {t} GROUP BY user_id
), coded AS ({_coded_sql(as_of, events)}
), agg AS (
  SELECT user_id,
    {sep.join(counts + durations + weights)},
    max(event_time) FILTER (WHERE c = {done}) AS last_workout,
    sum(dur10) AS dur10, count(dur10) AS dur_n,
    coalesce(bit_or(CASE WHEN c = {done} AND dd < {STREAK_DAYS} THEN 1::BIGINT << dd END), 0) AS streak_mask,
    max({flag_key('event_time', 'push')}) AS push_key,
    min(event_time) FILTER (WHERE c = {_code('trial_started')}) AS trial_start,
    min(event_time) FILTER (WHERE c = {_code('subscription_started')}) AS sub_start,
    max(event_time) FILTER (WHERE c = {_code('subscription_cancelled')}) AS cancelled_at
  FROM coded GROUP BY user_id
), unpacked AS (
  SELECT user_id,
    {sep.join(count_columns + duration_columns)},
    last_workout, (coalesce(dur10, 0) / 10)::DECIMAL(18, 1) AS dur_sum, dur_n,
    streak_mask, push_key, trial_start, sub_start, cancelled_at,
    {sep.join(weight_columns)}
  FROM agg
)
SELECT * FROM seen LEFT JOIN unpacked USING (user_id)
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


# how each all-time column of two activity rows of one person combines (NULL: no row of that kind)
MERGE = {"first_seen": "least", "device_key": "greatest", "last_workout": "greatest", "push_key": "greatest",
         "trial_start": "least", "sub_start": "least", "cancelled_at": "greatest"}
SUMS = {**dict.fromkeys(("workouts", "pricing", "compared", "checkouts", "dur_n"), "BIGINT"),
        **dict.fromkeys(["dur_sum", *WEIGHTS], "DECIMAL(18, 1)")}
# windowed columns are sums over the events of their days: rows of one person add up
WINDOWED_TYPES = {c: "DECIMAL(18, 1)" if c == "dur_sum_14d" else "BIGINT" for c in WINDOWED}


def _merged(column: str) -> str:
    """Return the SQL of one column of an old row `o` (its streak mask already shifted to the new as-of date)
    merged with a delta row `d`, less `l`, the windowed counts of old events on the days that left a window."""
    o, d = f"o.{column}", f"d.{column}"
    if column in MERGE:  # least/greatest skip NULLs
        return f"{MERGE[column]}({o}, {d})"
    if column in SUMS:
        return f"coalesce({o} + {d}, {o}, {d})::{SUMS[column]}"
    if column == "streak_mask":
        return f"CASE WHEN {o} IS NULL AND {d} IS NULL THEN NULL ELSE coalesce({o}, 0) | coalesce({d}, 0) END"
    if column in WINDOWED:  # zero (not NULL) for people with counted events
        return (f"CASE WHEN coalesce(o.workouts, d.workouts) IS NOT NULL "
                f"THEN (coalesce({o}, 0) + coalesce({d}, 0) - coalesce(l.{column}, 0))::{WINDOWED_TYPES[column]} END")
    raise ValueError(f"no merge rule for user_activity column {column}")


def _moved_rows(moves: str) -> str:
    """Return the SELECT of the user_activity rows of ids that moved (and of their new ids), merged per new id.

    `moves` selects (old_id, new_id) pairs. Every column merges exactly across the rows of one person (as of
    one date): times by least or greatest, counts and windowed counts by sum, streak masks by bit_or.
    """
    rules = {**{c: "min" if f == "least" else "max" for c, f in MERGE.items()}, "streak_mask": "bit_or"}
    columns = ([f"{rules[c]}({c}) AS {c}" for c in rules]
               + [f"sum({c})::{t} AS {c}" for c, t in {**SUMS, **WINDOWED_TYPES}.items()])
    return f"""
SELECT user_id, {", ".join(columns)} FROM (
  SELECT a.* REPLACE (m.new_id AS user_id) FROM {TABLE} a JOIN ({moves}) m ON a.user_id = m.old_id
  UNION ALL SELECT * FROM {TABLE} WHERE user_id IN (SELECT new_id FROM ({moves})))
GROUP BY user_id"""


def _left_window_sql(as_of: datetime, old: datetime, new_rows: str) -> str:
    """Return the SELECT of per-person windowed counts of the events counted as of `old` that fall out of
    a window as of `as_of`: on the days a window's start moved past, at or before `old`, and not new (the
    new rows, already in fct_events, count -1 each: exact even when a new row repeats an old one)."""
    shift = (as_of.date() - old.date()).days
    day = f"{ts(as_of)}::DATE"
    days = " OR ".join(f"(event_time >= ({day} - {n + shift - 1})::TIMESTAMP AND event_time < ({day} - {n - 1})::TIMESTAMP)"
                       for n in WINDOWS)
    days = f"({days}) AND event_time <= {ts(old)}"
    events = (f"(SELECT *, 1 AS sign FROM fct_events WHERE {days} "
              f"UNION ALL BY NAME SELECT *, -1 AS sign FROM ({new_rows}) WHERE {days})")
    aggregates = [f"sum(sign) FILTER (WHERE c = {_code(name)} AND dd >= {n} AND dd < {n + shift}) AS {column}_{n}d"
                  for column, name in COUNTS.items() for n in WINDOWS]
    left = f"dd >= {max(WINDOWS)} AND dd < {max(WINDOWS) + shift}"
    aggregates += [f"(coalesce(sum(dur10 * sign) FILTER (WHERE {left}), 0) / 10)::DECIMAL(18, 1) AS dur_sum_14d",
                   f"sum(sign) FILTER (WHERE dur10 IS NOT NULL AND {left}) AS dur_n_14d"]
    return f"SELECT user_id, {', '.join(aggregates)} FROM ({_coded_sql(as_of, events, keep=('sign',))}) GROUP BY user_id"


def refresh_activity(con: duckdb.DuckDBPyConnection, as_of: datetime, moves: str, new_rows: str) -> int:
    """Bring user_activity to `as_of` after new events; return the people with new events.

    `moves` selects (old_id, new_id) for ids whose rows moved to another stitched id: their rows merge into
    the new id's. `new_rows` selects the fct_events rows added since. Each streak mask shifts by the days
    between the two as-of dates, windowed counts lose the old events on the days a window's start moved
    past, and the people with events counted now but not before (after the previous as-of time, or new
    and at or before it) merge them: all-time counts, sums and times exactly, windowed counts by adding.
    Only what changes is written (DuckDB rewrites every column a change reaches at its next checkpoint):
    the masks and the left windows in place, the rows of people with new events or moved ids deleted and
    inserted again. Rebuilds the whole table when that cannot be exact (no previous as-of, an earlier one,
    a shift past the mask).
    """
    old = activity_as_of(con)
    shift = (as_of.date() - old.date()).days if old is not None else -1
    if old is None or as_of < old or shift >= STREAK_DAYS:
        return build_activity(con, as_of)
    if shift:  # NULL and 0 stay as they are; bits past the mask fall off
        con.execute(f"UPDATE {TABLE} SET streak_mask = (streak_mask << {shift}) & {(1 << STREAK_DAYS) - 1} "
                    "WHERE streak_mask <> 0")
    con.execute(f"CREATE OR REPLACE TEMP TABLE activity_moved AS {_moved_rows(moves)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE activity_left AS {_left_window_sql(as_of, old, new_rows)}")
    delta = (f"(SELECT * FROM fct_events WHERE event_time > {ts(old)} "
             f"UNION ALL BY NAME SELECT * FROM ({new_rows}) WHERE event_time <= {ts(old)})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE activity_delta AS {activity_sql(as_of, events=delta)}")
    moved_ids = f"SELECT old_id AS user_id FROM ({moves}) UNION SELECT new_id FROM ({moves})"
    rewritten = f"SELECT user_id FROM activity_delta UNION {moved_ids}"
    windowed = ", ".join(f"{c} = (o.{c} - coalesce(l.{c}, 0))::{t}" for c, t in WINDOWED_TYPES.items())
    con.execute(f"UPDATE {TABLE} o SET {windowed} FROM (SELECT * FROM activity_left ANTI JOIN ({rewritten}) r "
                "USING (user_id)) l WHERE o.user_id = l.user_id")
    # the rows of people with new events or moved ids, built from their old (or merged) rows; the table's
    # rows are deleted and these inserted once (deleting rows inserted in the same transaction would send
    # every row it inserts through the write-ahead log instead of writing them straight to the file)
    merged = ", ".join(f"{_merged(c)} AS {c}" for c in columns_of(con, "main", TABLE)[1:])
    con.execute(f"""CREATE OR REPLACE TEMP TABLE activity_rows AS
        SELECT user_id, {merged}
        FROM (SELECT user_id FROM activity_delta UNION SELECT user_id FROM activity_moved) p
        LEFT JOIN (SELECT * FROM activity_moved UNION ALL BY NAME
                   SELECT * FROM {TABLE} ANTI JOIN ({moved_ids}) m USING (user_id)) o USING (user_id)
        LEFT JOIN activity_delta d USING (user_id) LEFT JOIN activity_left l USING (user_id)""")
    con.execute(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT a.rowid FROM {TABLE} a SEMI JOIN ({rewritten}) r USING (user_id))")
    con.execute(f"INSERT INTO {TABLE} BY NAME SELECT * FROM activity_rows")
    set_meta(con, AS_OF_KEY, as_of.isoformat(sep=" "))
    changed = int(scalar(con, "SELECT count(*) FROM activity_delta"))
    for temp in ("activity_moved", "activity_delta", "activity_left", "activity_rows"):
        con.execute(f"DROP TABLE {temp}")
    return changed
