"""A database error inside the run's write transaction surfaces as itself, and the run rolls back whole.

Before, restoring the connection's insert-order setting ran in the aborted transaction and raised
"Current transaction is aborted", hiding the error that caused it.
"""

from __future__ import annotations

import importlib

import duckdb
import pytest

from orchestrator.executor import run
from orchestrator.executor.context import RunContext
from orchestrator.executor.plan import RunPlan

run_module = importlib.import_module("orchestrator.executor.run")  # the package's `run` is the function


def _broken_step(ctx: RunContext) -> None:
    ctx.con.execute("SELECT * FROM mcc.no_such_table")


def test_a_failing_write_step_raises_its_own_error_and_leaves_nothing(
    con: duckdb.DuckDBPyConnection, plan: RunPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_module, "WRITE_STEPS", [*run_module.WRITE_STEPS, _broken_step])
    with pytest.raises(duckdb.CatalogException, match="no_such_table"):
        run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert con.execute("SELECT status FROM mcc.runs").fetchall() == [("failed",)]
    assert con.execute("SELECT count(*) FROM mcc.decisions").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM mcc.outbox_waiting").fetchone() == (0,)
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone() == (True,)
    monkeypatch.undo()
    assert run(con, actor="ops", plan=plan, traits_table="user_traits").status == "complete"
