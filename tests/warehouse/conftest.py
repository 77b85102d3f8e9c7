"""Shared fixtures for the warehouse tests: one small built warehouse per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.build import build_warehouse


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a 600-user, 30-day warehouse with the default scenarios once for the session."""
    path = tmp_path_factory.mktemp("wh") / "small.duckdb"
    build_warehouse(path, users=600, days=30, seed=11)
    return path
