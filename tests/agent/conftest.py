"""Fixtures for the agent's tests: a small generated warehouse, built once and copied per test."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from orchestrator.executor.result import RunResult

# The fakes module sits beside the tests; make it importable under its unique name.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a 3,000-user warehouse with the default planted scenarios (the iOS push collapse among them)."""
    from warehouse.build import build_warehouse

    path = tmp_path_factory.mktemp("agent_wh") / "small.duckdb"
    build_warehouse(path, users=3000, days=30)
    return path


@pytest.fixture
def warehouse_db(built_warehouse: Path, tmp_path: Path) -> Path:
    """Return a private copy of the small warehouse that the test may write to."""
    target = tmp_path / "w.duckdb"
    shutil.copy(built_warehouse, target)
    return target


@pytest.fixture
def nudge_ran(warehouse_db: Path) -> tuple[Path, RunResult]:
    """Return the warehouse copy after the example upgrade nudge was proposed, approved by another person and run."""
    from orchestrator.executor import run
    from orchestrator.registry import Registry
    from orchestrator.spec import load_spec_file

    con = duckdb.connect(str(warehouse_db))
    try:
        registry = Registry(con)
        spec = load_spec_file(Path(__file__).parents[2] / "examples" / "upgrade_nudge.yaml")
        registry.propose(spec, "maya")
        registry.approve(spec.id, "sam")
        return warehouse_db, run(con, actor="sam")
    finally:
        con.close()
