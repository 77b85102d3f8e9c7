"""What every executor step reads: the connection, the run's identity and time, and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from orchestrator.executor.plan import RunPlan

TRAITS = "_mcc_traits"
EVAL = "_mcc_eval"
CANDIDATES = "_mcc_candidates"
RULES = "_mcc_rules"
STEPS = "_mcc_steps"
HISTORY = "_mcc_history"


@dataclass
class RunContext:
    """One run in progress; steps create temp tables and views on `con` and never commit on their own.

    The decision passes each define a view over the previous one (`current`), so DuckDB plans the whole
    chain as one query; `decide` materialises it once into `CANDIDATES`.
    """

    con: duckdb.DuckDBPyConnection
    run_id: str
    as_of: datetime
    plan: RunPlan
    actor: str
    traits_source: str | None = None
    events_table: str = "fct_events"
    messages_table: str = "fct_messages"
    timings: dict[str, float] = field(default_factory=dict)
    current: str = ""

    def advance(self, step: str, select_sql: str) -> None:
        """Define the candidates after `step` as a view over the previous ones."""
        name = f"_mcc_after_{step}"
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {select_sql}")
        self.current = name


def run_id_for(as_of: datetime) -> str:
    """Return the run id of an as-of time: one run per as-of time is what makes re-runs idempotent."""
    return "run_" + as_of.strftime("%Y%m%dT%H%M%S")
