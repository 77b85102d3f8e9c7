"""Build the small fixture warehouses that score audiences test-suite style (Zhong, Yu, Klein 2020).

Each warehouse holds `user_traits` (every catalog trait), `fct_events`, the canonical tables the agent's
tools read (`dim_users`, `fct_support` with hostile ticket text, `fct_messages`, `fct_subscriptions`) and
`mcc.meta.data_end`, the fixed as-of time. The users are in `evals.fixture_users`.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from evals.fixture_users import AS_OF, FIXTURES, HOSTILE_TICKETS, Event, FixtureUser
from warehouse.catalog import Catalog, load_catalog
from warehouse.errors import InputError
from warehouse.meta import set_data_end

SQL_TYPES = {"int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN", "enum": "VARCHAR", "string": "VARCHAR"}

DEFAULT_TRAITS: dict[str, Any] = {
    "device_os": "ios", "country": "US", "utm_source": "organic", "marketing_opt_in": True, "push_enabled": True,
    "subscription_status": "none", "trial_days_left": None, "days_since_signup": 30, "open_tickets": 0,
    "avg_csat": None, "momentum_score": 50.0, "activation_state": "new", "upgrade_intent": "none",
    "support_risk": "low",
}

CANONICAL_DDL = [
    "CREATE TABLE fct_events (event_id VARCHAR, event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR,"
    " device_os VARCHAR, properties JSON)",
    "CREATE TABLE dim_users (user_id VARCHAR, device_os VARCHAR, utm_source VARCHAR, country VARCHAR,"
    " marketing_opt_in BOOLEAN, email VARCHAR, first_seen_at TIMESTAMP, signup_at TIMESTAMP)",
    "CREATE TABLE fct_support (ticket_id VARCHAR, user_id VARCHAR, ticket_reason VARCHAR, ticket_text VARCHAR,"
    " created_at TIMESTAMP, resolved_at TIMESTAMP, csat_score INTEGER)",
    "CREATE TABLE fct_messages (message_id VARCHAR, sent_at TIMESTAMP, user_id VARCHAR, rule_id VARCHAR,"
    " channel VARCHAR, status VARCHAR, delivered_at TIMESTAMP, opened_at TIMESTAMP, clicked_at TIMESTAMP)",
    "CREATE TABLE fct_subscriptions (user_id VARCHAR, status VARCHAR, trial_start TIMESTAMP, trial_end TIMESTAMP,"
    " is_upgrade BOOLEAN, plan VARCHAR, started_at TIMESTAMP, cancelled_at TIMESTAMP)",
]


def _past(user: FixtureUser, name: str, since: datetime | None = None) -> list[Event]:
    """Return the user's events of one name at or before the as-of time (and after `since`)."""
    return [e for e in user.events if e.name == name and e.at <= AS_OF and (since is None or e.at > since)]


def _streak(days_with_workout: set[int]) -> int:
    """Return consecutive days with a workout ending today (0 days back) or yesterday."""
    start = 0 if 0 in days_with_workout else 1
    n = 0
    while start + n in days_with_workout:
        n += 1
    return n


def derived_traits(user: FixtureUser) -> dict[str, Any]:
    """Compute the event-derived traits the way the catalog describes them."""
    done = _past(user, "workout_completed")
    week = AS_OF - timedelta(days=7)
    days_back = {(AS_OF.date() - e.at.date()).days for e in done}
    kinds = Counter(str(e.properties.get("workout_type")) for e in done)
    minutes = [float(e.properties["duration_min"]) for e in done if "duration_min" in e.properties]
    return {
        "workouts_completed": len(done),
        "workouts_completed_7d": len(_past(user, "workout_completed", week)),
        "days_since_last_workout": min(days_back) if done else None,
        "current_streak_days": _streak(days_back),
        "avg_workout_minutes": round(sum(minutes) / len(minutes), 4) if minutes else None,
        # ties go to the alphabetically first type, so the fixture is deterministic
        "preferred_workout_type": min(kinds, key=lambda k: (-kinds[k], k)) if done else None,
        "pricing_views": len(_past(user, "pricing_viewed")),
        "plan_comparisons": len(_past(user, "plan_compared")),
        "checkout_attempts": len(_past(user, "checkout_started")),
        "tickets_30d": len(_past(user, "support_ticket_created", AS_OF - timedelta(days=30))),
        "messages_received_7d": len(_past(user, "message_sent", week)),
    }


def trait_row(user: FixtureUser, catalog: Catalog) -> list[Any]:
    """Return one `user_traits` row in catalog column order: defaults, then derived, then the user's own."""
    values = {**DEFAULT_TRAITS, **derived_traits(user), **user.traits, "user_id": user.user_id}
    missing = [t.name for t in catalog.traits if t.name not in values]
    if missing:
        raise InputError(f"fixture user {user.user_id} has no value for {', '.join(missing)}",
                         where="evals/fixture_users.py", accepted="a value (or a default) for every catalog trait")
    return [values[t.name] for t in catalog.traits]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]]) -> None:
    """Insert rows column-wise in one statement (row-by-row executemany is slow on a file)."""
    if not rows:
        return
    columns = [list(col) for col in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(${i + 1})" for i in range(len(columns)))
    con.execute(f"INSERT INTO {table} SELECT {select}", columns)


def _write_canonical(con: duckdb.DuckDBPyConnection, users: list[FixtureUser], rows: list[list[Any]],
                     names: list[str]) -> None:
    for ddl in CANONICAL_DDL:
        con.execute(ddl)
    col = {n: i for i, n in enumerate(names)}
    users_rows: list[list[Any]] = []
    events: list[list[Any]] = []
    tickets: list[list[Any]] = []
    messages: list[list[Any]] = []
    for user, row in zip(users, rows, strict=True):
        os_ = row[col["device_os"]]
        signup = AS_OF - timedelta(days=int(row[col["days_since_signup"]]))
        users_rows.append([user.user_id, os_, row[col["utm_source"]], row[col["country"]],
                           row[col["marketing_opt_in"]], f"{user.user_id}@example.com", signup, signup])
        for i, e in enumerate(sorted(user.events, key=lambda e: e.at)):
            event_id = f"{user.user_id}-{i:03d}"
            events.append([event_id, e.at, user.user_id, e.name, os_, json.dumps(e.properties)])
            if e.name == "support_ticket_created":
                text = HOSTILE_TICKETS[len(tickets) % len(HOSTILE_TICKETS)]
                tickets.append([event_id, user.user_id, e.properties.get("ticket_reason"), text, e.at, None, None])
            if e.name == "message_sent":
                messages.append([event_id, e.at, user.user_id, "fixture_rule", e.properties.get("channel"),
                                 "sent", None, None, None])
    insert_rows(con, "dim_users", users_rows)
    insert_rows(con, "fct_events", events)
    insert_rows(con, "fct_support", tickets)
    insert_rows(con, "fct_messages", messages)


def build_fixture(name: str, path: Path, catalog: Catalog | None = None) -> Path:
    """Write one fixture warehouse to `path` (replacing it) and return the path."""
    catalog = catalog or load_catalog()
    users = FIXTURES[name]()
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        names = [t.name for t in catalog.traits]
        columns = ", ".join(f"{t.name} {SQL_TYPES[t.type]}" for t in catalog.traits)
        con.execute(f"CREATE TABLE user_traits ({columns})")
        rows = [trait_row(u, catalog) for u in users]
        insert_rows(con, "user_traits", rows)
        _write_canonical(con, users, rows, names)
        set_data_end(con, AS_OF)
    finally:
        con.close()
    return path


def build_fixtures(directory: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Build every fixture warehouse (or the named ones) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    return {n: build_fixture(n, directory / f"fixture_{n}.duckdb", catalog) for n in (names or list(FIXTURES))}
