"""compare_funnel and message_exposure restricted by filters and split by modeled traits, on the fixture.

The fixture's users n < 5 of each platform and period are re-tagged as TikTok users, iOS users prefer yoga
and Android users running, and even-numbered users have push on; the counts below follow from conftest's
FUNNEL table (iOS this week: 10 trials, 8, 3, 2, 1 down the funnel).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
from sqlglot import exp

import tools.exposure
import tools.funnel
from tools.context import ToolContext
from tools.exposure import ExposureComparison, message_exposure
from tools.funnel import FunnelComparison, compare_funnel
from tools.results import ToolError
from warehouse.catalog import load_catalog
from warehouse.connection import Warehouse

STEPS = ["trial_started", "workout_completed", "workout_completed_2", "pricing_viewed", "subscription_started"]


@pytest.fixture
def scoped_ctx(fixture_db: Path, tmp_path: Path) -> Iterator[ToolContext]:
    path = tmp_path / "scoped.duckdb"
    shutil.copy(fixture_db, path)
    con = duckdb.connect(str(path))
    number = "TRY_CAST(split_part(user_id, '-', 3) AS INTEGER)"
    con.execute(f"UPDATE dim_users SET utm_source = 'tiktok' WHERE {number} < 5")
    con.execute("UPDATE user_traits SET preferred_workout_type = CASE device_os WHEN 'ios' THEN 'yoga' ELSE 'running' END")
    con.execute(f"UPDATE user_traits SET push_enabled = coalesce({number} % 2 = 0, FALSE)")
    data_end = datetime.fromisoformat(con.execute("SELECT value FROM mcc.meta WHERE key = 'data_end'").fetchall()[0][0])
    con.close()
    with Warehouse(path) as wh:
        yield ToolContext(warehouse=wh, catalog=load_catalog(), actor="tester", as_of=data_end)


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the SQL each comparison tool sends to the sandbox."""
    sent: list[str] = []
    for module in (tools.funnel, tools.exposure):
        real: Callable[..., Any] = module.fetch

        def spy(ctx: ToolContext, sql: str, *args: Any, _real: Callable[..., Any] = real, **kwargs: Any) -> Any:
            sent.append(sql)
            return _real(ctx, sql, *args, **kwargs)

        monkeypatch.setattr(module, "fetch", spy)
    return sent


def _restricts(sql: str, column: str, values: set[Any]) -> bool:
    """Return whether the SQL has `<column> IN (<values>)` as literals, wherever it is."""
    for node in sqlglot.parse_one(sql, dialect="duckdb").find_all(exp.In):
        target = node.this
        if isinstance(target, exp.Column) and target.name == column:
            found = {e.to_py() for e in node.expressions if isinstance(e, (exp.Literal, exp.Boolean))}
            if found == values:
                return True
    return False


def _counts(result: FunnelComparison, segment: str) -> list[int]:
    by_step = {s.step: s.current_count for s in result.steps if s.segment == segment}
    return [by_step[step] for step in STEPS]


def test_a_filter_restricts_every_funnel_cohort_and_its_evidence(scoped_ctx: ToolContext, ran: list[str]) -> None:
    result = compare_funnel(scoped_ctx, "trial_conversion", "device_os", ["ios", "android"],
                            filters={"utm_source": ["TikTok"]})
    assert isinstance(result, FunnelComparison), result
    assert result.filters == {"utm_source": ["tiktok"]} and result.traits_as_of is None
    assert _counts(result, "ios") == [5, 5, 3, 2, 1]
    assert _counts(result, "android") == [5, 5, 5, 5, 3]
    assert len(ran) == 1 and _restricts(ran[0], "utm_source", {"tiktok"})
    assert all(_restricts(sql, "utm_source", {"tiktok"}) for sql in result.sql.values())


def test_a_filter_restricts_exposure_and_its_population(scoped_ctx: ToolContext, ran: list[str]) -> None:
    result = message_exposure(scoped_ctx, "device_os", ["ios", "android"], filters={"utm_source": ["tiktok"]})
    assert isinstance(result, ExposureComparison), result
    change = {(c.segment, c.channel, c.metric): c for c in result.changes}
    # 20 iOS pushes this week over the 10 iOS TikTok users (21 iOS users unfiltered).
    assert change["ios", "push", "sends_per_user"].current == pytest.approx(2.0)
    assert len(ran) == 1 and _restricts(ran[0], "utm_source", {"tiktok"})


def test_a_modeled_trait_splits_the_funnel_as_of_the_data_end(scoped_ctx: ToolContext, ran: list[str]) -> None:
    result = compare_funnel(scoped_ctx, "trial_conversion", "preferred_workout_type", ["yoga", "running"])
    assert isinstance(result, FunnelComparison), result
    assert result.traits_as_of == scoped_ctx.as_of
    assert _counts(result, "yoga") == [10, 8, 3, 2, 1]
    assert _restricts(ran[0], "preferred_workout_type", {"yoga", "running"})
    tables = {t.name for t in sqlglot.parse_one(ran[0], dialect="duckdb").find_all(exp.Table)}
    assert "user_traits" in tables


def test_a_yes_no_filter_is_a_boolean_literal(scoped_ctx: ToolContext, ran: list[str]) -> None:
    result = compare_funnel(scoped_ctx, "trial_conversion", "device_os", ["ios", "android"],
                            filters={"push_enabled": ["true"]})
    assert isinstance(result, FunnelComparison), result
    assert _counts(result, "ios")[0] == 5 and result.traits_as_of == scoped_ctx.as_of
    assert _restricts(ran[0], "push_enabled", {True})


@pytest.mark.parametrize(("filters", "named"), [
    ({"utm_source": ["myspace"]}, "organic"),
    ({"device_os": ["ios"]}, "another trait"),
    ({"workouts_completed": ["3"]}, "preferred_workout_type"),
])
def test_a_bad_filter_is_refused_naming_what_works(scoped_ctx: ToolContext, filters: dict[str, list[str]], named: str) -> None:
    result = compare_funnel(scoped_ctx, "trial_conversion", "device_os", ["ios", "android"], filters=filters)
    assert isinstance(result, ToolError) and named in (result.accepted or "")
