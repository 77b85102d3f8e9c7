"""compare_support on the hand-made warehouse plus a few known tickets: exact counts, rates, hours and CSAT."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from tools.context import ToolContext
from tools.langchain import make_tools
from tools.results import ToolError
from tools.support import SupportComparison, SupportRow, compare_support
from warehouse.catalog import load_catalog
from warehouse.connection import Warehouse

# the fixture's analysis time and the starts of its two weekly periods (tests/tools/conftest.py)
AS_OF = datetime(2026, 3, 1)
CUR, PREV = AS_OF - timedelta(days=7), AS_OF - timedelta(days=14)
# (ticket, user, reason, created, resolved, csat); the fixture already holds t1 (ios, bug, open) and t2
# (android, billing, created 3 days before the end, resolved at the end, CSAT 4).
TICKETS = [
    ("s1", "ios-current-1", "billing", CUR + timedelta(days=1), CUR + timedelta(days=1, hours=10), 1),
    ("s2", "ios-current-2", "billing", CUR + timedelta(days=2), CUR + timedelta(days=2, hours=10), 2),
    ("s3", "ios-current-3", "billing", CUR + timedelta(days=2), None, None),
    ("s4", "ios-previous-0", "billing", PREV + timedelta(days=2), PREV + timedelta(days=2, hours=2), 5),
    ("s5", "ios-current-4", "Charged twice!! refund me", CUR + timedelta(days=3), None, None),
]


@pytest.fixture
def support_ctx(fixture_db: Path, tmp_path: Path) -> Iterator[ToolContext]:
    path = tmp_path / "support.duckdb"
    shutil.copy(fixture_db, path)
    con = duckdb.connect(str(path))
    con.executemany("INSERT INTO fct_support VALUES (?, ?, ?, 'text', ?, ?, ?)", TICKETS)
    con.close()
    with Warehouse(path) as wh:
        yield ToolContext(warehouse=wh, catalog=load_catalog(), actor="tester", as_of=AS_OF)


def _rows(result: SupportComparison | ToolError) -> dict[tuple[str, str], SupportRow]:
    assert isinstance(result, SupportComparison), result
    return {(r.segment, r.reason): r for r in result.rows}


def test_one_segment_is_compared_with_the_rest_pooled(support_ctx: ToolContext) -> None:
    result = compare_support(support_ctx, dimension="device_os", segments=["iOS"])
    rows = _rows(result)
    assert isinstance(result, SupportComparison)
    assert result.segments == ["ios", "rest"] and result.rest == ["android", "web"]
    ios = rows[("ios", "all")]
    # ios is active: 10 current trial users and the old user working out (11); 10 previous trial users
    assert (ios.previous_active, ios.current_active) == (10, 11)
    # t1 (bug), s1-s3 (billing) and s5 (a free-text reason) are this week's; s4 last week's
    assert (ios.previous_tickets, ios.current_tickets, ios.ticket_delta) == (1, 5, 4)
    assert ios.current_per_1k == pytest.approx(5000 / 11) and ios.previous_per_1k == pytest.approx(100.0)
    billing = rows[("ios", "billing")]
    assert (billing.previous_tickets, billing.current_tickets) == (1, 3)
    assert (billing.current_resolved, billing.current_median_hours, billing.current_rated) == (2, 10.0, 2)
    assert billing.current_csat == pytest.approx(1.5) and billing.previous_csat == 5.0
    assert billing.csat_delta == pytest.approx(-3.5) and billing.median_hours_delta == pytest.approx(8.0)
    rest = rows[("rest", "billing")]
    # t2 is resolved exactly at the end of the current window: it counts (start < t <= end)
    assert (rest.current_active, rest.current_tickets, rest.current_resolved) == (12, 1, 1)
    assert (rest.current_median_hours, rest.current_csat) == (72.0, 4.0)


def test_reasons_come_from_the_catalog_and_free_text_is_never_a_label(support_ctx: ToolContext) -> None:
    result = compare_support(support_ctx, dimension="device_os", segments=["ios", "android"])
    rows = _rows(result)
    assert isinstance(result, SupportComparison)
    assert result.reasons == ["billing", "bug", "account", "workout_content", "other"]
    assert rows[("ios", "unlisted")].current_tickets == 1
    assert not any("refund" in r.reason for r in result.rows)
    assert ("android", "unlisted") not in rows  # no android ticket carries an unlisted reason


def test_a_reason_nobody_records_is_refused_by_name(support_ctx: ToolContext) -> None:
    result = compare_support(support_ctx, dimension="device_os", segments=["ios"], reasons=["refund"])
    assert isinstance(result, ToolError)
    assert "'refund'" in result.message and result.accepted is not None and "billing" in result.accepted
    asked = compare_support(support_ctx, dimension="device_os", segments=["ios"], reasons=["Workout content"])
    assert isinstance(asked, SupportComparison) and asked.focus_reasons == ["workout_content"]


def test_a_segment_the_dimension_does_not_have_is_refused(support_ctx: ToolContext) -> None:
    result = compare_support(support_ctx, dimension="device_os", segments=["blackberry"])
    assert isinstance(result, ToolError) and "blackberry" in result.message and "android" in (result.accepted or "")


def test_no_segment_surveys_every_value_and_evidence_reruns(support_ctx: ToolContext) -> None:
    result = compare_support(support_ctx, dimension="device_os", filters={"utm_source": ["organic"]})
    rows = _rows(result)
    assert isinstance(result, SupportComparison) and result.segments == ["ios", "android", "web"]
    # the old iOS user came from google: the filter leaves 10 current iOS users
    assert rows[("ios", "all")].current_active == 10 and rows[("web", "all")].current_active == 0
    con = duckdb.connect(str(support_ctx.warehouse.path), read_only=True)
    for key in (("ios", "billing"), ("android", "all")):
        row = rows[key]
        cursor = con.execute(result.sql[row.evidence_id])
        rerun = [dict(zip([d[0] for d in cursor.description or []], r, strict=True)) for r in cursor.fetchall()]
        assert len(rerun) == 1
        assert (rerun[0]["previous_tickets"], rerun[0]["current_tickets"]) == (row.previous_tickets, row.current_tickets)
    con.close()


def test_the_model_can_call_it_and_reads_a_refusal_as_an_error_message(support_ctx: ToolContext) -> None:
    tool = next(t for t in make_tools(support_ctx) if t.name == "compare_support")
    assert "reasons" in tool.args and "ctx" not in tool.args
    content = tool.invoke({"dimension": "device_os", "segments": ["ios"], "reasons": ["billing"]})
    assert '"focus_reasons":["billing"]' in content and '"segment":"rest"' in content
    refused = tool.invoke({"type": "tool_call", "id": "c1", "name": "compare_support",
                           "args": {"dimension": "device_os", "reasons": ["refund"]}})
    assert refused.status == "error" and "refund" in refused.content
