"""Write the planted scenarios' ground truth to `mcc.scenarios`, the answers evals score against."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import duckdb

from warehouse.scenarios import Scenario

SCENARIOS_DDL = """CREATE OR REPLACE TABLE mcc.scenarios (
  scenario_id VARCHAR, kind VARCHAR, description VARCHAR, dimension VARCHAR, segment VARCHAR, metric VARCHAR,
  window_start TIMESTAMP, window_end TIMESTAMP, cause VARCHAR, funnel_step VARCHAR, channel VARCHAR,
  is_red_herring BOOLEAN)"""


def write_ground_truth(con: duckdb.DuckDBPyConnection, scenarios: Sequence[Scenario], end: datetime) -> int:
    """Replace `mcc.scenarios` with the rows of the given scenarios; return the row count."""
    con.execute("CREATE SCHEMA IF NOT EXISTS mcc")
    con.execute(SCENARIOS_DDL)
    rows = []
    for scenario in scenarios:
        for t in scenario.truth:
            start, stop = ((end - timedelta(days=t.window_days[0]), end - timedelta(days=t.window_days[1]))
                           if t.window_days else (None, None))
            rows.append([t.scenario_id, t.kind, t.description, t.dimension, t.segment, t.metric, start, stop,
                         t.cause, t.funnel_step, t.channel, t.is_red_herring])
    if rows:
        con.executemany("INSERT INTO mcc.scenarios VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
