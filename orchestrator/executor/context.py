"""What every executor step reads: the connection, the run's identity and time, and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from orchestrator.executor.plan import RunPlan

TRAITS = "_mcc_traits"
EVAL = "_mcc_eval"
CANDIDATES = "_mcc_candidates"
FLAG_DEFS = "_mcc_flag_defs"
FLAG_HITS = "_mcc_flag_hits"
RULES = "_mcc_rules"
STEPS = "_mcc_steps"
HISTORY = "_mcc_history"


@dataclass
class RunContext:
    """One run in progress; steps create temp tables on `con` and never commit on their own."""

    con: duckdb.DuckDBPyConnection
    run_id: str
    as_of: datetime
    plan: RunPlan
    actor: str
    traits_source: str | None = None
    events_table: str = "fct_events"
    messages_table: str = "fct_messages"
    timings: dict[str, float] = field(default_factory=dict)


def run_id_for(as_of: datetime) -> str:
    """Return the run id of an as-of time: one run per as-of time is what makes re-runs idempotent."""
    return "run_" + as_of.strftime("%Y%m%dT%H%M%S")
