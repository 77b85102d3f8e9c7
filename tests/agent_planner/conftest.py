"""Shared fixtures for the catalog planner tests: the shipped catalog, its planner, and condition builders."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from warehouse.catalog import Catalog, load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def planner(catalog: Catalog) -> CatalogPlanner:
    return CatalogPlanner(catalog)
