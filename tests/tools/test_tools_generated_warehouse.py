"""On a generated warehouse (engineer B's build, default scenarios) the tools surface the planted cause."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tools.context import ToolContext
from tools.exposure import ExposureComparison, message_exposure
from tools.funnel import FunnelComparison, compare_funnel
from warehouse.build import build_warehouse
from warehouse.catalog import load_catalog
from warehouse.connection import Warehouse, connect

DROP = -0.15  # a rate move this large is a finding; the fixture's noise stays well inside it


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "gen.duckdb"
    build_warehouse(path, users=1500, days=60, seed=7)
    return path


@pytest.fixture
def gen_ctx(generated: Path) -> Iterator[ToolContext]:
    with Warehouse(generated) as wh:
        # as_of None: the tools use the warehouse's own data end.
        yield ToolContext(warehouse=wh, catalog=load_catalog(), actor="tester")


@pytest.fixture(scope="module")
def cause(generated: Path) -> dict[str, Any]:
    con = connect(generated, read_only=True)
    try:
        cursor = con.execute("SELECT * FROM mcc.scenarios WHERE kind = 'cause' AND NOT is_red_herring")
        columns = [d[0] for d in cursor.description]
        (row,) = cursor.fetchall()
    finally:
        con.close()
    return dict(zip(columns, row, strict=True))


def test_the_funnel_breaks_for_the_planted_segment_at_the_planted_step(gen_ctx: ToolContext, cause: dict[str, Any]) -> None:
    other = "android" if cause["segment"] != "android" else "ios"
    result = compare_funnel(gen_ctx, cause["metric"], cause["dimension"], [cause["segment"], other])
    assert isinstance(result, FunnelComparison), result
    assert result.periods.current_end == cause["window_end"]
    focus = [s for s in result.steps if s.segment == cause["segment"]]
    first_break = next(s for s in focus if (s.rate_delta or 0) <= DROP)
    assert first_break.step == cause["funnel_step"]
    control = next(s for s in result.steps if s.segment == other and s.step == cause["funnel_step"])
    assert (control.rate_delta or 0) > DROP


def test_exposure_shows_the_planted_channel_collapse(gen_ctx: ToolContext, cause: dict[str, Any]) -> None:
    other = "android" if cause["segment"] != "android" else "ios"
    result = message_exposure(gen_ctx, cause["dimension"], [cause["segment"], other])
    assert isinstance(result, ExposureComparison), result
    rates = {(c.segment, c.channel): c for c in result.changes if c.metric == "delivery_rate"}
    assert rates[cause["segment"], cause["channel"]].delta < -0.5
    assert rates[other, cause["channel"]].delta > DROP


def test_the_planted_numbers_are_reproduced_by_their_evidence(gen_ctx: ToolContext, cause: dict[str, Any]) -> None:
    # The fixture tests rerun every evidence query; here only the ones a diagnosis of the cause would cite.
    funnel = compare_funnel(gen_ctx, cause["metric"], cause["dimension"], [cause["segment"], "android"])
    exposure = message_exposure(gen_ctx, cause["dimension"], [cause["segment"], "android"])
    assert isinstance(funnel, FunnelComparison) and isinstance(exposure, ExposureComparison)
    cited = [s for s in funnel.steps if s.step == cause["funnel_step"]]
    pushed = [c for c in exposure.changes if c.channel == cause["channel"] and c.metric == "delivery_rate"]
    assert len(cited) == 2 and len(pushed) == 2
    with gen_ctx.warehouse.sandbox() as con:
        for step in cited:
            cursor = con.execute(funnel.sql[step.evidence_id])
            row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))  # type: ignore[arg-type]
            assert (row["previous_count"], row["current_count"]) == (step.previous_count, step.current_count)
        for change in pushed:
            cursor = con.execute(exposure.sql[change.evidence_id])
            row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))  # type: ignore[arg-type]
            assert (row["previous_delivery_rate"], row["current_delivery_rate"]) == pytest.approx(
                (change.previous, change.current)
            )
