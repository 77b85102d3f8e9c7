"""A tiny hand-built warehouse with fixed inputs, so compiled audiences have exact expected user ids."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.catalog import Catalog, load_catalog

AS_OF = "2026-01-10 00:00:00"
SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "enum": "VARCHAR", "string": "VARCHAR"}

# Only the traits the tests use are set; every other catalog trait is NULL.
USERS: list[dict[str, Any]] = [
    dict(user_id="u1", device_os="ios", country="US", subscription_status="trial", workouts_completed=3,
         pricing_views=2, open_tickets=0, marketing_opt_in=True, activation_state="activated", trial_days_left=5),
    dict(user_id="u2", device_os="android", country="GB", subscription_status="trial", workouts_completed=1,
         pricing_views=0, open_tickets=1, marketing_opt_in=True, activation_state="new", trial_days_left=9),
    dict(user_id="u3", device_os="web", country="US", subscription_status="active", workouts_completed=10,
         pricing_views=5, open_tickets=0, marketing_opt_in=False, activation_state="committed"),
    dict(user_id="u4", device_os="ios", country="DE", subscription_status="trial", workouts_completed=0,
         pricing_views=1, open_tickets=0, marketing_opt_in=True, activation_state="new", trial_days_left=12),
    dict(user_id="u5", device_os=None, country=None, subscription_status="none", workouts_completed=2,
         pricing_views=0, open_tickets=2, marketing_opt_in=None, activation_state="activated"),
    dict(user_id="u6", device_os="android", country="US", subscription_status="trial", workouts_completed=5,
         pricing_views=3, open_tickets=0, marketing_opt_in=True, activation_state="at_risk", trial_days_left=1),
]

EVENTS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("u1", "2026-01-09 10:00:00", "workout_completed", {"workout_type": "yoga", "duration_min": 20}),
    ("u1", "2026-01-05 10:00:00", "workout_completed", {"workout_type": "strength", "duration_min": 40}),
    ("u1", "2025-12-20 10:00:00", "workout_completed", {"workout_type": "strength", "duration_min": 35}),
    ("u1", "2026-01-08 09:00:00", "pricing_viewed", {}),
    ("u1", "2026-01-08 09:05:00", "pricing_viewed", {}),
    ("u2", "2026-01-09 08:00:00", "workout_completed", {"workout_type": "hiit", "duration_min": 15}),
    ("u2", "2026-01-07 08:00:00", "support_ticket_created", {"ticket_reason": "billing"}),
    ("u3", "2026-01-09 07:00:00", "workout_completed", {"workout_type": "cardio", "duration_min": 30}),
    ("u3", "2026-01-08 07:00:00", "workout_completed", {"workout_type": "cardio", "duration_min": 45}),
    ("u3", "2026-01-01 07:00:00", "pricing_viewed", {}),
    ("u4", "2026-01-10 00:00:00", "pricing_viewed", {}),  # exactly at as-of: inside the window
    ("u6", "2026-01-09 12:00:00", "pricing_viewed", {}),
    ("u6", "2026-01-09 12:01:00", "pricing_viewed", {}),
    ("u6", "2026-01-09 12:02:00", "pricing_viewed", {}),
    ("u6", "2025-12-01 12:00:00", "workout_completed", {"workout_type": "running", "duration_min": 50}),
    ("u6", "2026-01-11 12:00:00", "workout_completed", {"workout_type": "running", "duration_min": 50}),  # future
]


def build_fixture_warehouse(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """Create user_traits (every catalog trait), fct_events and mcc.meta with the rows above."""
    columns = ", ".join(f"{t.name} {SQL_TYPES[t.type]}" for t in catalog.traits)
    con.execute(f"CREATE TABLE user_traits ({columns})")
    names = catalog.trait_names
    placeholders = ", ".join("?" for _ in names)
    con.executemany(
        f"INSERT INTO user_traits ({', '.join(names)}) VALUES ({placeholders})",
        [[user.get(name) for name in names] for user in USERS],
    )
    con.execute(
        "CREATE TABLE fct_events (event_id VARCHAR, event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR,"
        " device_os VARCHAR, properties JSON)"
    )
    con.executemany(
        "INSERT INTO fct_events VALUES (?, ?, ?, ?, NULL, ?)",
        [[f"e{i}", t, u, name, json.dumps(props)] for i, (u, t, name, props) in enumerate(EVENTS)],
    )
    con.execute("CREATE SCHEMA IF NOT EXISTS mcc")
    con.execute("CREATE TABLE IF NOT EXISTS mcc.meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO mcc.meta VALUES ('data_end', ?)", [AS_OF])


@pytest.fixture(scope="session")
def fixture_builder() -> Callable[[duckdb.DuckDBPyConnection, Catalog], None]:
    """The builder of the fixture warehouse, for a fixture that loads it somewhere else (another engine)."""
    return build_fixture_warehouse


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def db_path(tmp_path: Path, catalog: Catalog) -> Path:
    """A fixture warehouse file (closed again, for CLI tests that open it themselves)."""
    path = tmp_path / "fixture.duckdb"
    con = duckdb.connect(str(path))
    build_fixture_warehouse(con, catalog)
    con.close()
    return path


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(db_path))
    yield connection
    connection.close()
