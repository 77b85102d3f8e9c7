"""`explain` reads as a sentence: a count of one message is one message."""

from __future__ import annotations

from datetime import timedelta

import duckdb
from orchestrator_run_fixtures import AS_OF

from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from orchestrator.explain import explain


def test_one_message_in_a_cap_window_is_said_in_the_singular(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    con.execute("INSERT INTO fct_messages VALUES ('m-one', ?, 'u01', 'other', 'email', 'delivered', NULL, NULL, NULL)",
                [AS_OF - timedelta(days=1)])
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    caps = [s.detail for r in explain(con, "u01").rules for s in r.steps if s.step == "cap"]
    assert caps and all(d == "1 message in the last 7 days (global cap 3)" for d in caps), caps  # was "1 messages"
