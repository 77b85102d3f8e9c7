"""Runs go forward in time: a run before the latest completed one is refused (a dry run may look back)."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest
from orchestrator_run_fixtures import AS_OF

from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from warehouse.errors import RunError


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def test_a_run_before_the_latest_completed_one_is_refused_and_writes_nothing(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    later = AS_OF + timedelta(days=1)
    run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=later)
    before = (_count(con, "SELECT count(*) FROM mcc.decisions"), _count(con, "SELECT count(*) FROM mcc.outbox"))
    with pytest.raises(RunError, match="before the latest completed run") as refused:
        run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF)
    assert refused.value.where == "--as-of" and f"{later:%Y-%m-%d %H:%M}" in str(refused.value.accepted)
    assert (_count(con, "SELECT count(*) FROM mcc.decisions"), _count(con, "SELECT count(*) FROM mcc.outbox")) == before
    assert _count(con, "SELECT count(*) FROM mcc.runs WHERE status = 'running'") == 0  # the lock was not kept
    assert run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF, dry_run=True).status == "dry run"
    assert run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=later).status == "already complete"
    assert run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=later + timedelta(hours=1)).status == (
        "complete")
