"""Fixtures for the agent's tests: a small generated warehouse, built once and copied per test."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

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
