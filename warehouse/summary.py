"""Describe a built warehouse: tables and row counts, trait distributions, planted scenarios, data window."""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse.meta import get_meta
from warehouse.models.sql import quote
from warehouse.sqlutil import rows, table_exists

DISTRIBUTION_TRAITS = ("activation_state", "upgrade_intent", "support_risk", "preferred_workout_type", "device_os",
                       "subscription_status")
SCENARIO_COLUMNS = ("scenario_id", "kind", "dimension", "segment", "metric", "window_start", "window_end", "cause",
                    "funnel_step", "channel", "is_red_herring", "description")


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return the row count of every table in schemas main, raw and mcc."""
    out: dict[str, int] = {}
    for schema, name in rows(con, "SELECT schema_name, table_name FROM duckdb_tables() "
                                  "WHERE schema_name IN ('main', 'raw', 'mcc') ORDER BY schema_name, table_name"):
        label = name if schema == "main" else f"{schema}.{name}"
        out[label] = int(rows(con, f"SELECT count(*) FROM {quote(schema)}.{quote(name)}")[0][0])
    return out


def trait_distributions(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Return value -> users for the enum traits people look at first."""
    if not table_exists(con, "main", "user_traits"):
        return {}
    out: dict[str, dict[str, int]] = {}
    for trait in DISTRIBUTION_TRAITS:
        found = rows(con, f"SELECT coalesce({quote(trait)}::VARCHAR, '(none)'), count(*) FROM user_traits "
                          "GROUP BY 1 ORDER BY 2 DESC, 1")
        out[trait] = {str(value): int(n) for value, n in found}
    return out


def planted_scenarios(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Return the rows of mcc.scenarios."""
    if not table_exists(con, "mcc", "scenarios"):
        return []
    found = rows(con, f"SELECT {', '.join(SCENARIO_COLUMNS)} FROM mcc.scenarios ORDER BY is_red_herring, scenario_id")
    return [dict(zip(SCENARIO_COLUMNS, r, strict=True)) for r in found]


def describe_warehouse(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return what the warehouse holds, for `mcc warehouse status` and the demo."""
    meta = {k: get_meta(con, k) for k in ("data_start", "data_end", "seed", "users", "days", "scenarios")}
    return {
        "window": {"start": meta["data_start"], "end": meta["data_end"]},
        "build": {"seed": meta["seed"], "users": meta["users"], "days": meta["days"], "scenarios": meta["scenarios"]},
        "tables": table_counts(con),
        "traits": trait_distributions(con),
        "scenarios": planted_scenarios(con),
    }
