"""Canonical tables built from the raw layer: fct_events, dim_users, fct_subscriptions, fct_support,
fct_messages. Every row carries the stitched user id from `id_graph`.

fct_events holds canonical names only: a raw track table named after a canonical event is read as is;
one named after a shadow alias in the tracking plan (the app's `plan_selected`) is renamed to its
canonical event with its properties renamed, its values rewritten and its extra properties dropped;
page and screen views become events where the plan's `page_events` says so (`Pricing` -> pricing_viewed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import duckdb

from warehouse.collect.tracking_plan import TrackingPlan, load_tracking_plan
from warehouse.meta import data_end, get_meta, set_meta
from warehouse.models.activity import device_of
from warehouse.models.sql import lit, quote, ts
from warehouse.sqlutil import scalar, table_exists

TRIAL_DAYS = 14
SUBSCRIPTION_EVENTS = ("trial_started", "subscription_started", "subscription_cancelled")
SUPPORT_EVENTS = ("support_ticket_created", "support_ticket_resolved")
SUBSCRIPTIONS_AS_OF_KEY = "subscriptions_as_of"
COMMON = {
    "id", "anonymous_id", "user_id", "sent_at", "timestamp", "received_at", "original_timestamp", "channel",
    "context_ip", "context_request_ip", "context_library_name", "context_library_version", "context_os_name",
    "context_device_id", "context_campaign_source", "uuid_ts", "event", "event_text",
}
# raw column -> property name where the warehouse had to rename a property (it collided with a column)
COLUMN_TO_PROPERTY = {"channel_name": "channel"}
DEVICE_OS = ("CASE lower(context_os_name) WHEN 'ios' THEN 'ios' WHEN 'android' THEN 'android' "
             "ELSE CASE WHEN channel = 'server' THEN NULL ELSE 'web' END END")
DELIVERIES_DDL = """CREATE TABLE IF NOT EXISTS mcc.deliveries (
  delivery_id VARCHAR, idempotency_key VARCHAR, run_id VARCHAR, rule_id VARCHAR, user_id VARCHAR,
  channel VARCHAR, step INTEGER, status VARCHAR, attempts INTEGER, last_error VARCHAR,
  delivered_at TIMESTAMP, destination VARCHAR)"""


def _property_name(column: str) -> str:
    if column in COLUMN_TO_PROPERTY:
        return COLUMN_TO_PROPERTY[column]
    return column[len("prop_"):] if column.startswith("prop_") else column


def _properties_json(columns: list[str], plan: TrackingPlan, table: str) -> str:
    """Return the JSON expression of a raw track table's properties, mapped to canonical names."""
    alias = plan.aliases.get(table)
    pairs: list[str] = []
    for column in columns:
        if column in COMMON:
            continue
        prop = _property_name(column)
        value = quote(column)
        if alias is not None:
            if prop in alias.drop:
                continue
            prop = alias.property_map.get(prop, prop)
            mapping = alias.value_map.get(prop)
            if mapping:
                cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
                value = f"CASE {value} {cases} ELSE {value} END"
        pairs += [lit(prop), value]
    return f"json_object({', '.join(pairs)})" if pairs else "'{}'::JSON"


def event_sources(con: duckdb.DuckDBPyConnection, plan: TrackingPlan, where: str = "TRUE") -> list[str]:
    """Return one SELECT per raw source of canonical events (track tables, pages, screens), unstitched:
    each row carries `id_key`, the id to look its person up by."""
    columns: dict[str, list[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'raw' "
                                     "AND database_name = current_database() ORDER BY table_name, column_index").fetchall():
        columns.setdefault(table, []).append(column)
    out: list[str] = []
    key = "coalesce(r.user_id, r.anonymous_id) AS id_key"
    for table, table_columns in columns.items():
        if table in plan.events or table in plan.aliases:
            canonical = plan.aliases[table].event if table in plan.aliases else table
            props = _properties_json(table_columns, plan, table)
            out.append(f"SELECT r.id AS event_id, r.\"timestamp\" AS event_time, {key}, {lit(canonical)} AS event_name, "
                       f"{DEVICE_OS} AS device_os, {props} AS properties FROM raw.{quote(table)} r WHERE {where}")
    for table in ("pages", "screens"):
        if table in columns and plan.page_events:
            cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in sorted(plan.page_events.items()))
            names = ", ".join(lit(k) for k in sorted(plan.page_events))
            out.append(f"SELECT r.id, r.\"timestamp\", {key}, CASE r.name {cases} END, {DEVICE_OS}, '{{}}'::JSON "
                       f"FROM raw.{table} r WHERE r.name IN ({names}) AND {where}")
    return out


def stitched_events_sql(con: duckdb.DuckDBPyConnection, plan: TrackingPlan, where: str = "TRUE") -> str:
    """Return the SELECT of fct_events rows from raw rows matching `where`: one lookup in id_graph for all.

    With a filter (a refresh), only the id_graph rows of the new rows' ids are hashed, not the whole graph.
    """
    union = " UNION ALL ".join(event_sources(con, plan, where))
    # the distinct keys first: a semi join on them costs a third of `node IN (SELECT id_key FROM e)`
    graph = "id_graph" if where == "TRUE" else "(SELECT * FROM id_graph SEMI JOIN (SELECT DISTINCT id_key FROM e) k ON node = k.id_key)"
    return (f"WITH e AS MATERIALIZED ({union}) "
            "SELECT e.event_id, e.event_time, g.user_id, e.event_name, e.device_os, e.properties "
            f"FROM e LEFT JOIN {graph} g ON g.node = e.id_key")


def build_fct_events(con: duckdb.DuckDBPyConnection, plan: TrackingPlan | None = None) -> int:
    """Rebuild fct_events from every raw event source."""
    con.execute(f"CREATE OR REPLACE TABLE fct_events AS {stitched_events_sql(con, plan or load_tracking_plan())}")
    return int(scalar(con, "SELECT count(*) FROM fct_events"))


DIM_USERS_SQL = """
WITH people AS (
  SELECT DISTINCT user_id FROM id_graph WHERE node_type IN ('user_id', 'previous_id') AND {people_filter}
), graph AS {graph}, ids AS (
  SELECT r.*, g.user_id AS person FROM raw.identifies r JOIN graph g ON g.node = coalesce(r.user_id, r.anonymous_id)
  WHERE g.user_id IN (SELECT user_id FROM people)
), traits AS (
  SELECT person AS user_id,
    arg_max(country, ("timestamp", country)) FILTER (WHERE country IS NOT NULL) AS country,
    arg_max(marketing_opt_in, ("timestamp", marketing_opt_in)) FILTER (WHERE marketing_opt_in IS NOT NULL) AS marketing_opt_in,
    arg_max(email, ("timestamp", email)) FILTER (WHERE email IS NOT NULL) AS email,
    min("timestamp") FILTER (WHERE user_id IS NOT NULL) AS signup_at
  FROM ids GROUP BY person
), touches AS (
  SELECT g.user_id, arg_min(r.context_campaign_source, (r."timestamp", r.context_campaign_source)) AS utm_source
  FROM ({touch_union}) r JOIN graph g ON g.node = coalesce(r.user_id, r.anonymous_id)
  WHERE r.context_campaign_source IS NOT NULL AND g.user_id IN (SELECT user_id FROM people) GROUP BY g.user_id
), activity AS (
  SELECT user_id, {device_os} AS device_os, first_seen AS first_seen_at
  FROM user_activity WHERE user_id IN (SELECT user_id FROM people)
)
SELECT p.user_id, a.device_os, o.utm_source, t.country, coalesce(t.marketing_opt_in, FALSE) AS marketing_opt_in,
       t.email, least(a.first_seen_at, t.signup_at) AS first_seen_at, t.signup_at
FROM people p LEFT JOIN traits t USING (user_id) LEFT JOIN touches o USING (user_id)
LEFT JOIN activity a USING (user_id)
"""


def dim_users_sql(con: duckdb.DuckDBPyConnection, people_filter: str = "TRUE") -> str:
    """Return the SELECT of dim_users rows for the people `people_filter` (over id_graph) keeps."""
    touch = [f"SELECT user_id, anonymous_id, context_campaign_source, \"timestamp\" FROM raw.{t}"
             for t in ("identifies", "pages", "screens") if table_exists(con, "raw", t)]
    # for some people, their ids once (materialised), not the whole graph hashed for each of two joins
    graph = ("(SELECT node, user_id FROM id_graph)" if people_filter == "TRUE" else
             "MATERIALIZED (SELECT node, user_id FROM id_graph SEMI JOIN people USING (user_id))")
    return DIM_USERS_SQL.format(touch_union=" UNION ALL ".join(touch), people_filter=people_filter, graph=graph,
                                device_os=device_of("device_key"))


def build_dim_users(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild dim_users: one row per stitched person who has a user id (needs user_activity)."""
    con.execute(f"CREATE OR REPLACE TABLE dim_users AS {dim_users_sql(con)}")
    return int(scalar(con, "SELECT count(*) FROM dim_users"))


def subscriptions_sql(as_of: datetime, events: str = "fct_events") -> str:
    """Return the SELECT of fct_subscriptions (status as of `as_of`) over `events` (fct_events' columns)."""
    t = ts(as_of)
    return f"""
SELECT user_id,
  CASE WHEN started_at IS NOT NULL AND (cancelled_at IS NULL OR cancelled_at < started_at) THEN 'active'
       WHEN started_at IS NOT NULL THEN 'cancelled'
       WHEN trial_end > {t} THEN 'trial' WHEN trial_start IS NOT NULL THEN 'expired' ELSE 'none' END AS status,
  trial_start, trial_end, trial_start IS NOT NULL AND started_at >= trial_start AS is_upgrade, plan, started_at,
  cancelled_at
FROM (
  SELECT user_id,
    min(event_time) FILTER (WHERE event_name = 'trial_started') AS trial_start,
    trial_start + INTERVAL {TRIAL_DAYS} DAY AS trial_end,
    min(event_time) FILTER (WHERE event_name = 'subscription_started') AS started_at,
    arg_min(properties ->> 'plan', (event_time, properties ->> 'plan')) FILTER (WHERE event_name = 'subscription_started') AS plan,
    max(event_time) FILTER (WHERE event_name = 'subscription_cancelled') AS cancelled_at
  FROM {events}
  WHERE event_name IN ({", ".join(lit(n) for n in SUBSCRIPTION_EVENTS)}) AND event_time <= {t}
  GROUP BY user_id)
"""


def support_sql(events: str = "fct_events") -> str:
    """Return the SELECT of fct_support (one row per ticket) over `events` (fct_events' columns)."""
    return f"""
SELECT c.ticket_id, c.user_id, c.ticket_reason, c.ticket_text, c.created_at, r.resolved_at, r.csat_score
FROM (SELECT properties ->> 'ticket_id' AS ticket_id, any_value(user_id) AS user_id,
             any_value(properties ->> 'ticket_reason') AS ticket_reason,
             any_value(properties ->> 'ticket_text') AS ticket_text, min(event_time) AS created_at
      FROM {events} WHERE event_name = 'support_ticket_created' GROUP BY 1) c
LEFT JOIN (SELECT properties ->> 'ticket_id' AS ticket_id, min(event_time) AS resolved_at,
                  arg_min((properties ->> 'csat_score')::INTEGER, (event_time, (properties ->> 'csat_score')::INTEGER)) AS csat_score
           FROM {events} WHERE event_name = 'support_ticket_resolved' GROUP BY 1) r USING (ticket_id)
"""


def messages_sql(events: str) -> str:
    """Return the SELECT of fct_messages rows from message_* events in `events` (fct_events' columns)."""
    return f"""
SELECT message_id, sent_at, user_id, rule_id, channel,
  CASE WHEN clicked_at IS NOT NULL THEN 'clicked' WHEN opened_at IS NOT NULL THEN 'opened'
       WHEN delivered_at IS NOT NULL THEN 'delivered' ELSE 'sent' END AS status,
  delivered_at, opened_at, clicked_at
FROM (
  SELECT properties ->> 'message_id' AS message_id, any_value(user_id) AS user_id,
    any_value(properties ->> 'rule_id') AS rule_id, any_value(properties ->> 'channel') AS channel,
    min(event_time) FILTER (WHERE event_name = 'message_sent') AS sent_at,
    min(event_time) FILTER (WHERE event_name = 'message_delivered') AS delivered_at,
    min(event_time) FILTER (WHERE event_name = 'message_opened') AS opened_at,
    min(event_time) FILTER (WHERE event_name = 'message_clicked') AS clicked_at
  FROM ({events})
  WHERE event_name IN ('message_sent', 'message_delivered', 'message_opened', 'message_clicked') GROUP BY 1)
"""


# our own sends (rows the delivery adapters wrote), so caps and exposure see them
DELIVERIES_SQL = """
SELECT d.delivery_id, d.delivered_at, coalesce(g.user_id, d.user_id), d.rule_id, d.channel, d.status,
       d.delivered_at, NULL, NULL
FROM mcc.deliveries d LEFT JOIN id_graph g ON g.node = d.user_id
"""


def merge_messages(con: duckdb.DuckDBPyConnection, new_events: str) -> int:
    """Merge the message events of a relation of new fct_events rows into fct_messages; return ids touched."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE messages_new AS {messages_sql(new_events)}")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE messages_merged AS
        SELECT message_id, min(sent_at) AS sent_at, any_value(user_id) AS user_id, any_value(rule_id) AS rule_id,
          any_value(channel) AS channel,
          CASE WHEN min(clicked_at) IS NOT NULL THEN 'clicked' WHEN min(opened_at) IS NOT NULL THEN 'opened'
               WHEN min(delivered_at) IS NOT NULL THEN 'delivered' ELSE 'sent' END AS status,
          min(delivered_at) AS delivered_at, min(opened_at) AS opened_at, min(clicked_at) AS clicked_at
        FROM (SELECT m.* FROM fct_messages m SEMI JOIN messages_new n USING (message_id)
              UNION ALL BY NAME SELECT * FROM messages_new)
        GROUP BY message_id""")
    con.execute("DELETE FROM fct_messages WHERE message_id IN (SELECT message_id FROM messages_merged)")
    con.execute("INSERT INTO fct_messages BY NAME SELECT * FROM messages_merged")
    return int(scalar(con, "SELECT count(*) FROM messages_merged"))


def build_subscriptions_and_support(con: duckdb.DuckDBPyConnection, as_of: datetime) -> None:
    """Rebuild fct_subscriptions (status as of `as_of`) and fct_support: both read a few event types only."""
    con.execute(f"CREATE OR REPLACE TABLE fct_subscriptions AS {subscriptions_sql(as_of)}")
    con.execute(f"CREATE OR REPLACE TABLE fct_support AS {support_sql()}")
    set_meta(con, SUBSCRIPTIONS_AS_OF_KEY, as_of.isoformat(sep=" "))


def refresh_subscriptions_and_support(con: duckdb.DuckDBPyConnection, as_of: datetime, new_rows: str,
                                      moves: str) -> None:
    """Bring fct_subscriptions (to `as_of`) and fct_support up to date after new fct_events rows (`new_rows`,
    already in fct_events) and moved ids (`moves`, old_id -> new_id): rewrite only the rows they reach.

    A person's subscription row changes with their subscription events counted now but not before (after
    the previous as-of time, or new), a move, or a trial that ended since; a ticket's row with its new
    events or its person's move. Rebuilds both when there is no previous as-of time or it is later.
    """
    stored = get_meta(con, SUBSCRIPTIONS_AS_OF_KEY)
    old = datetime.fromisoformat(stored) if stored else None
    if old is None or as_of < old:
        build_subscriptions_and_support(con, as_of)
        return
    names, t = ", ".join(lit(n) for n in SUBSCRIPTION_EVENTS), ts(as_of)
    people = f"""SELECT user_id FROM fct_events WHERE event_name IN ({names}) AND event_time > {ts(old)} AND event_time <= {t}
        UNION SELECT user_id FROM ({new_rows}) WHERE event_name IN ({names}) AND event_time <= {t}
        UNION SELECT old_id FROM ({moves}) UNION SELECT new_id FROM ({moves})
        UNION SELECT user_id FROM fct_subscriptions WHERE status = 'trial' AND trial_end <= {t}"""
    _replace_keyed(con, "fct_subscriptions", "user_id", people, lambda events: subscriptions_sql(as_of, events))
    tickets = f"""SELECT properties ->> 'ticket_id' FROM ({new_rows}) WHERE event_name IN ({", ".join(lit(n) for n in SUPPORT_EVENTS)})
        UNION SELECT ticket_id FROM fct_support WHERE user_id IN (SELECT old_id FROM ({moves}))"""
    _replace_keyed(con, "fct_support", "ticket_id", tickets, support_sql, key_sql="properties ->> 'ticket_id'")
    set_meta(con, SUBSCRIPTIONS_AS_OF_KEY, as_of.isoformat(sep=" "))


def _replace_keyed(con: duckdb.DuckDBPyConnection, table: str, key: str, keys: str, rows: Callable[[str], str],
                   key_sql: str | None = None) -> None:
    """Replace the rows of `table` whose `key` is in `keys` (a SELECT of one column; NULL is a key too)
    with `rows(events)` over the fct_events rows of those keys (`key_sql`: a row's key, default `key`)."""
    con.execute("CREATE OR REPLACE TEMP TABLE refresh_keys (k VARCHAR)")
    con.execute(f"INSERT INTO refresh_keys SELECT DISTINCT * FROM ({keys})")
    events = f"(SELECT * FROM fct_events e SEMI JOIN refresh_keys r ON e.{key_sql or key} IS NOT DISTINCT FROM r.k)"
    con.execute(f"CREATE OR REPLACE TEMP TABLE refresh_rows AS {rows(events)}")
    con.execute(f"DELETE FROM {table} WHERE rowid IN "
                f"(SELECT t.rowid FROM {table} t SEMI JOIN refresh_keys r ON t.{key} IS NOT DISTINCT FROM r.k)")
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM refresh_rows")
    for temp in ("refresh_keys", "refresh_rows"):
        con.execute(f"DROP TABLE {temp}")


def build_facts(con: duckdb.DuckDBPyConnection, as_of: datetime | None = None) -> dict[str, int]:
    """Rebuild fct_subscriptions, fct_support and fct_messages from fct_events (and mcc.deliveries)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS mcc")
    con.execute(DELIVERIES_DDL)
    build_subscriptions_and_support(con, as_of or data_end(con))
    con.execute(f"CREATE OR REPLACE TABLE fct_messages AS {messages_sql('SELECT * FROM fct_events')} "
                f"UNION ALL {DELIVERIES_SQL}")
    return {t: int(scalar(con, f"SELECT count(*) FROM {t}"))
            for t in ("fct_subscriptions", "fct_support", "fct_messages")}
