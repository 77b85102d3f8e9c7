"""Reported movements run end to end offline: a Diagnostic with funnel and exposure evidence for the named segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.api import ask
from agent.types import Diagnostic

# (prompt, dimension, focus segment): one of each kind of report
CASES = [
    ("Users in Germany stopped paying this week — what happened?", "country", "DE"),
    ("We sent fewer push messages to Android users and conversion fell.", "device_os", "android"),
    ("Opens jumped on web but conversion didn't.", "device_os", "web"),
    ("People with billing tickets on iOS are cancelling more.", "device_os", "ios"),
    ("Fewer TikTok users are activating this week, what's going on?", "utm_source", "tiktok"),
]


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from warehouse.build import build_warehouse

    path = tmp_path_factory.mktemp("planner_debug") / "small.duckdb"
    build_warehouse(path, users=600, days=21)
    return path


@pytest.mark.parametrize(("prompt", "dimension", "focus"), CASES, ids=[c[0][:40] for c in CASES])
def test_reported_movement_gets_a_diagnostic(small_warehouse: Path, prompt: str, dimension: str, focus: str) -> None:
    result = ask(prompt, db=small_warehouse, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result.error
    d = result.result
    assert (d.dimension, d.segments[0]) == (dimension, focus) and len(d.segments) >= 2
    assert [t.tool for t in result.trace.tools] == ["compare_funnel", "message_exposure"]
    # the funnel and the exposure both cover the focus and a comparison segment, in both periods
    assert {f.segment for f in d.funnel} == set(d.segments)
    assert {e.segment for e in d.exposure} >= {focus}
    assert all(f.evidence_id in d.sql for f in d.funnel) and d.next_checks
