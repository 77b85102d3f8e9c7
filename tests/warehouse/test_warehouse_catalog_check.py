"""The trait model and the catalog cannot drift apart: a build checks them against each other."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.catalog import load_catalog
from warehouse.errors import CatalogError
from warehouse.models import traits


def test_a_trait_the_catalog_lacks_is_caught(small_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = traits.traits_sql
    monkeypatch.setattr(traits, "traits_sql",
                        lambda as_of, activity, **kw: f"SELECT *, 1 AS lucky_number FROM ({original(as_of, activity, **kw)})")
    con = duckdb.connect(str(small_warehouse))
    with pytest.raises(CatalogError, match="lucky_number"):
        traits.build_traits(con, table="traits_drift")


def test_a_catalog_trait_the_model_lacks_is_caught(small_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = traits.traits_sql
    monkeypatch.setattr(traits, "traits_sql",
                        lambda as_of, activity, **kw: f"SELECT * EXCLUDE (momentum_score) FROM ({original(as_of, activity, **kw)})")
    con = duckdb.connect(str(small_warehouse))
    with pytest.raises(CatalogError, match="momentum_score"):
        traits.build_traits(con, table="traits_drift")


def test_built_traits_respect_catalog_values_and_ranges(small_warehouse: Path) -> None:
    con = duckdb.connect(str(small_warehouse), read_only=True)
    for spec in load_catalog().traits:
        if spec.values:
            found = {r[0] for r in con.execute(f"SELECT DISTINCT {spec.name} FROM user_traits").fetchall()}
            assert found - {None} <= set(spec.values), spec.name
        if spec.min is not None or spec.max is not None:
            lo, hi = con.execute(f"SELECT min({spec.name}), max({spec.name}) FROM user_traits").fetchall()[0]
            assert spec.min is None or lo is None or lo >= spec.min, spec.name
            assert spec.max is None or hi is None or hi <= spec.max, spec.name
