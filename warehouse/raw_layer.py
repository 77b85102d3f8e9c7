"""Write the generated events as RudderStack's warehouse destination would have loaded them (schema `raw`).

One table per track event with its flattened properties, `tracks` with every track event, `pages`,
`screens`, `identifies`, `aliases` and `users` (latest traits per user id); the common columns
(`id`, `anonymous_id`, ..., `uuid_ts`) on every event table, as docs/ARCHITECTURE.md lists them.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.gen_events import Source

COMMON_COLUMNS: dict[str, str] = {
    "id": "mid",
    "anonymous_id": "anon",
    "user_id": "uid",
    "sent_at": "ts + INTERVAL 2 SECOND",
    "timestamp": "ts",
    "received_at": "ts + INTERVAL 2 SECOND",
    "original_timestamp": "ts",
    "channel": "CASE src WHEN 'app' THEN 'mobile' WHEN 'web' THEN 'web' ELSE 'server' END",
    # one documentation-range address per client kind: per-user addresses cost a string per row and no
    # model reads them
    "context_ip": "CASE src WHEN 'web' THEN '203.0.113.7' WHEN 'app' THEN '198.51.100.23' END",
    "context_request_ip": "CASE src WHEN 'web' THEN '203.0.113.7' WHEN 'app' THEN '198.51.100.23' END",
    "context_library_name": "CASE src WHEN 'app' THEN (CASE os WHEN 'ios' THEN 'rudder-ios-library' "
                            "ELSE 'rudder-android-library' END) WHEN 'web' THEN 'RudderLabs JavaScript SDK' "
                            "ELSE 'rudder-sdk-python' END",
    "context_library_version": "CASE src WHEN 'app' THEN '1.20.0' WHEN 'web' THEN '3.7.0' ELSE '2.1.9' END",
    "context_os_name": "CASE os WHEN 'ios' THEN 'iOS' WHEN 'android' THEN 'Android' END",
    "context_device_id": "CASE WHEN src = 'app' THEN anon END",
    "context_campaign_source": "utm",
    "uuid_ts": "ts + INTERVAL 32 SECOND",
}

MESSAGE_PROPS = ("message_id", "channel_name", "rule_id")
# Flattened properties per raw track table (the columns RudderStack would add for non-null values).
TRACK_PROPS: dict[str, tuple[str, ...]] = {
    "workout_started": ("workout_type",),
    "workout_completed": ("workout_type", "duration_min"),
    "workout_saved": ("workout_type",),
    "checkout_started": ("plan",),
    "plan_selected": ("plan_name", "price"),
    "subscription_started": ("plan",),
    "support_ticket_created": ("ticket_id", "ticket_reason", "ticket_text"),
    "support_ticket_resolved": ("ticket_id", "csat_score"),
    "push_permission_changed": ("enabled",),
    "message_sent": MESSAGE_PROPS,
    "message_delivered": MESSAGE_PROPS,
    "message_opened": MESSAGE_PROPS,
    "message_clicked": MESSAGE_PROPS,
}
OTHER_COLUMNS: dict[str, tuple[str, ...]] = {
    "pages": ("name", "category"),
    "screens": ("name", "category"),
    "identifies": ("email", "country", "marketing_opt_in", "signup_at"),
    "aliases": ("previous_id",),
}
USER_TRAITS = ("email", "country", "marketing_opt_in", "signup_at")


def _quote(name: str) -> str:
    return f'"{name}"'


def select_list(table: str) -> str:
    """Return the raw columns (common first) for one raw table, as expressions over staging columns."""
    cols = [f"{expr} AS {_quote(name)}" for name, expr in COMMON_COLUMNS.items()]
    if table.startswith("tracks:"):
        event = table.split(":", 1)[1]
        cols += ["event", "event_text", *TRACK_PROPS.get(event, ())]
    else:
        cols += list(OTHER_COLUMNS[table])
    return ", ".join(cols)


def raw_table_name(table: str) -> str:
    """Return the raw table a source key feeds (`tracks:workout_completed` -> `workout_completed`)."""
    return table.split(":", 1)[1] if table.startswith("tracks:") else table


def write_raw(con: duckdb.DuckDBPyConnection, sources: list[Source], *, days: int, end: datetime) -> dict[str, int]:
    """Create every raw table from the generator's sources and return row counts per table."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    grouped: dict[str, list[str]] = {}
    for table, sql in sources:
        grouped.setdefault(table, []).append(sql)
    end_lit = f"TIMESTAMP '{end:%Y-%m-%d %H:%M:%S}'"
    counts: dict[str, int] = {}
    for table, sqls in grouped.items():
        name = raw_table_name(table)
        union = " UNION ALL ".join(sqls)
        con.execute(
            f"CREATE OR REPLACE TABLE raw.{_quote(name)} AS SELECT {select_list(table)} FROM ({union}) "
            f"WHERE d >= 0 AND d < {days} AND ts < {end_lit}"
        )
        counts[name] = int(con.execute(f"SELECT count(*) FROM raw.{_quote(name)}").fetchall()[0][0])
    track_tables = [raw_table_name(t) for t in grouped if t.startswith("tracks:")]
    counts["tracks"] = write_tracks(con, track_tables)
    counts["users"] = write_users(con)
    return counts


def write_tracks(con: duckdb.DuckDBPyConnection, event_tables: list[str]) -> int:
    """Create `raw.tracks`: every track event's common columns plus `event` and `event_text`."""
    cols = ", ".join([*map(_quote, COMMON_COLUMNS), "event", "event_text"])
    union = " UNION ALL ".join(f"SELECT {cols} FROM raw.{_quote(t)}" for t in sorted(event_tables))
    con.execute(f"CREATE OR REPLACE TABLE raw.tracks AS {union}")
    return int(con.execute("SELECT count(*) FROM raw.tracks").fetchall()[0][0])


def write_users(con: duckdb.DuckDBPyConnection) -> int:
    """Create `raw.users`: one row per identified user id with the latest value of each trait."""
    latest = ", ".join(f"arg_max({c}, (\"timestamp\", {c})) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in USER_TRAITS)
    con.execute(
        f"CREATE OR REPLACE TABLE raw.users AS SELECT user_id AS id, {latest}, max(received_at) AS received_at, "
        "max(uuid_ts) AS uuid_ts FROM raw.identifies WHERE user_id IS NOT NULL GROUP BY user_id"
    )
    return int(con.execute("SELECT count(*) FROM raw.users").fetchall()[0][0])


