"""Fixtures for the end-to-end CLI tests: one small generated warehouse per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from warehouse.build import build_warehouse


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a 300-user, 14-day warehouse once for the session (about a second)."""
    path = tmp_path_factory.mktemp("cli_wh") / "built.duckdb"
    build_warehouse(path, users=300, days=14, seed=5)
    return path


@pytest.fixture
def warehouse_copy(built_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the session's warehouse this test may write to."""
    path = tmp_path / "wh.duckdb"
    shutil.copyfile(built_warehouse, path)
    return path
