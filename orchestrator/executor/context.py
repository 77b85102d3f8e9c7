"""What every executor step reads: the connection, the run's identity and time, and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
from sqlglot import exp

from orchestrator.executor.plan import RunPlan

TRAITS = "_mcc_traits"
EVAL = "_mcc_eval"
CANDIDATES = "_mcc_candidates"
RULES = "_mcc_rules"
CLOSURES = "_mcc_closures"
STEPS = "_mcc_steps"
HISTORY = "_mcc_history"


@dataclass
class RunContext:
    """One run in progress; steps create temp tables and views on `con` and never commit on their own.

    The decision passes work in wide form, one row per user with columns per rule, each defining a view over
    the previous one (`current`); `decide` unpivots the chain into the view `CANDIDATES`, one row per user
    and rule considered, and `write_decisions` runs it all as one query straight into `mcc.decisions`.
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


def quoted(name: str) -> str:
    """Return a DuckDB identifier for a column name built from rule or flag ids."""
    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")


def literal(value: str) -> str:
    """Return a DuckDB string literal (rule and flag ids come from specs, so never spliced raw)."""
    return exp.Literal.string(value).sql(dialect="duckdb")


def rule_column_name(kind: str, rule_id: str) -> str:
    """Return the name of the wide-form column holding `kind` (audience, suppressed, bucket, ...) of a rule."""
    return f"{kind}:{rule_id}"


def rule_column(kind: str, rule_id: str) -> str:
    """Return that column quoted for SQL."""
    return quoted(rule_column_name(kind, rule_id))
