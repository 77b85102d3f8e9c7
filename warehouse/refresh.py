"""Refresh the models after new raw rows arrive, touching only what the new rows reach.

New rows are those with `uuid_ts` (the time the loader wrote them) after the watermark the last build or
refresh stored in `mcc.meta['modeled_uuid_ts']`. In one transaction (a failed refresh changes nothing, and
the file takes one checkpoint), the refresh stitches the new rows' ids into the components they reach,
moves the rows of ids whose stitched id moved (delete and insert, not UPDATE), appends their canonical
events, brings user_activity to the new as-of time (streak masks shift, windows lose the days that left
them, the people with new events merge them), rewrites the dim_users rows of people whose ids or
identifies changed (the others' activity columns where they differ), the subscription and support rows
and the messages the new events reach, and projects the traits from user_activity. The result equals a
full rebuild from the raw layer (tests/warehouse/test_warehouse_refresh.py checks it).
"""

from __future__ import annotations

import time
from datetime import datetime

import duckdb
from pydantic import BaseModel, Field

from warehouse.collect.tracking_plan import load_tracking_plan
from warehouse.meta import data_end, get_meta, set_meta
from warehouse.models.activity import build_activity, device_of, refresh_activity
from warehouse.models.canonical import (
    build_dim_users,
    build_facts,
    build_fct_events,
    dim_users_sql,
    merge_messages,
    refresh_subscriptions_and_support,
    stitched_events_sql,
)
from warehouse.models.identity import build_identity, extend_identity
from warehouse.models.sql import ts
from warehouse.models.traits import build_traits
from warehouse.sqlutil import scalar, table_exists

WATERMARK_KEY = "modeled_uuid_ts"
WATERMARK_TABLES = ("tracks", "identifies", "pages", "screens", "aliases")


class RefreshReport(BaseModel):
    """What a refresh did."""

    as_of: datetime
    mode: str  # incremental | full | unchanged
    new_events: int = 0
    restitched: int = 0
    users: int = 0
    seconds: float = 0.0
    step_seconds: dict[str, float] = Field(default_factory=dict)


def raw_watermark(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """Return the latest uuid_ts in the raw layer."""
    parts = [f"SELECT max(uuid_ts) AS m FROM raw.{t}" for t in WATERMARK_TABLES if table_exists(con, "raw", t)]
    value = scalar(con, f"SELECT max(m) FROM ({' UNION ALL '.join(parts)})") if parts else None
    return value if isinstance(value, datetime) else None


def mark_modeled(con: duckdb.DuckDBPyConnection) -> None:
    """Store the raw layer's watermark: everything up to it is in the models."""
    mark = raw_watermark(con)
    if mark is not None:
        set_meta(con, WATERMARK_KEY, mark.isoformat(sep=" "))


def remodel(con: duckdb.DuckDBPyConnection, as_of: datetime | None = None) -> dict[str, float]:
    """Rebuild every model from the raw layer; return seconds per step."""
    as_of = as_of or data_end(con)
    steps = {"identity": build_identity, "events": build_fct_events, "activity": lambda c: build_activity(c, as_of),
             "users": build_dim_users, "facts": lambda c: build_facts(c, as_of),
             "traits": lambda c: build_traits(c, as_of)}
    seconds: dict[str, float] = {}
    for name, fn in steps.items():
        started = time.perf_counter()
        fn(con)
        seconds[name] = round(time.perf_counter() - started, 3)
    mark_modeled(con)
    return seconds


def refresh(con: duckdb.DuckDBPyConnection) -> RefreshReport:
    """Bring the models up to date with the raw layer, incrementally when a watermark exists."""
    started = time.perf_counter()
    as_of = data_end(con)
    stored = get_meta(con, WATERMARK_KEY)
    if stored is None or not table_exists(con, "main", "user_activity"):
        seconds = remodel(con, as_of)
        return RefreshReport(as_of=as_of, mode="full", step_seconds=seconds,
                             users=int(scalar(con, "SELECT count(*) FROM user_traits")),
                             seconds=round(time.perf_counter() - started, 3))
    mark = datetime.fromisoformat(stored)
    report = RefreshReport(as_of=as_of, mode="incremental")
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.step_seconds[name] = round(now - clock, 3)
        clock = now

    # one transaction: a failed refresh leaves the models as they were, and the changes reach the file in
    # one checkpoint at the commit instead of one per statement that fills the write-ahead log
    con.execute("BEGIN TRANSACTION")
    try:
        report.restitched = extend_identity(con, f"uuid_ts > {ts(mark)}")
        lap("identity")
        _restitch_rows(con)
        new_rows = stitched_events_sql(con, load_tracking_plan(), where=f"r.uuid_ts > {ts(mark)}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE events_new AS {new_rows}")
        con.execute("INSERT INTO fct_events SELECT * FROM events_new")
        report.new_events = int(scalar(con, "SELECT count(*) FROM events_new"))
        lap("events")
        refresh_activity(con, as_of, "SELECT old_id, new_id FROM id_changes", "SELECT * FROM events_new")
        lap("activity")
        _refresh_people(con, mark)
        lap("users")
        refresh_subscriptions_and_support(con, as_of, "SELECT * FROM events_new", "SELECT old_id, new_id FROM id_changes")
        merge_messages(con, "SELECT * FROM events_new")
        lap("facts")
        report.users = build_traits(con, as_of)
        lap("traits")
        mark_modeled(con)
        for temp in ("events_new", "id_changes", "id_touched"):
            con.execute(f"DROP TABLE IF EXISTS {temp}")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    lap("commit")
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _restitch_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Point rows of ids whose stitched id moved (temp id_changes) at the new id."""
    if not scalar(con, "SELECT count(*) FROM id_changes"):
        return
    # delete and insert again, the rows found once and deleted by rowid: a DuckDB UPDATE of a few rows
    # spread over a big table costs far more, and a second pass to find them costs as much as the first
    for table in ("fct_events", "fct_messages"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE rows_moved AS SELECT t.rowid AS row_id, t.* REPLACE (c.new_id AS user_id) "
                    f"FROM {table} t JOIN id_changes c ON t.user_id = c.old_id")
        con.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT row_id FROM rows_moved)")
        con.execute(f"INSERT INTO {table} SELECT * EXCLUDE (row_id) FROM rows_moved")
    con.execute("DROP TABLE rows_moved")


def _refresh_people(con: duckdb.DuckDBPyConnection, mark: datetime) -> None:
    """Bring dim_users up to date: rewrite the rows of people whose ids or identifies, page or screen views
    changed (temp id_touched, id_changes; new raw rows), then set the columns read from user_activity
    (device_os, first_seen_at) where they differ for everyone else."""
    seen = " UNION ".join(
        f"SELECT g.user_id FROM raw.{t} r JOIN id_graph g ON g.node = coalesce(r.user_id, r.anonymous_id) "
        f"WHERE r.uuid_ts > {ts(mark)}" for t in ("identifies", "pages", "screens") if table_exists(con, "raw", t))
    con.execute(f"""CREATE OR REPLACE TEMP TABLE people_touched AS
        SELECT user_id FROM id_touched UNION SELECT old_id FROM id_changes {"UNION " + seen if seen else ""}""")
    con.execute("DELETE FROM dim_users WHERE rowid IN (SELECT u.rowid FROM dim_users u SEMI JOIN people_touched USING (user_id))")
    con.execute(f"INSERT INTO dim_users {dim_users_sql(con, 'user_id IN (SELECT user_id FROM people_touched)')}")
    con.execute("DROP TABLE people_touched")
    device_os = device_of("a.device_key")
    # the others' identity, identifies and touches did not change: only their activity can have
    con.execute(f"""UPDATE dim_users u SET device_os = {device_os}, first_seen_at = least(a.first_seen, u.signup_at)
        FROM user_activity a WHERE u.user_id = a.user_id AND (u.device_os IS DISTINCT FROM {device_os}
          OR u.first_seen_at IS DISTINCT FROM least(a.first_seen, u.signup_at))""")
