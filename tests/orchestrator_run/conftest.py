"""Fixtures for the orchestrator run tests (data in orchestrator_run_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_fixtures import POLICY, build_tables

from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan, build_plan
from orchestrator.spec import parse_spec


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    build_tables(con)
    con.close()
    return path


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(db_path))
    yield connection
    connection.close()


@pytest.fixture
def plan() -> RunPlan:
    return build_plan([(parse_spec(POLICY), 1)])


@pytest.fixture
def queued(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> duckdb.DuckDBPyConnection:
    """The fixture warehouse after one run: its outbox holds the messages to deliver."""
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    return con
