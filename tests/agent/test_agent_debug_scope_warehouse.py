"""The debug path end to end, offline: stated scopes reach every query the tools ran, and the diagnosis says so."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from agent.api import ask
from agent.types import Diagnostic


def _in_lists(sql: str) -> dict[str, set[object]]:
    """Return column -> literal values of every `column IN (...)` in the SQL."""
    found: dict[str, set[object]] = {}
    for node in sqlglot.parse_one(sql, dialect="duckdb").find_all(exp.In):
        if isinstance(node.this, exp.Column):
            values = {e.to_py() for e in node.expressions if isinstance(e, (exp.Literal, exp.Boolean))}
            found.setdefault(node.this.name, set()).update(values)
    return found


def _diagnose(prompt: str, db: Path) -> Diagnostic:
    result = ask(prompt, db=db, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result
    assert [t.tool for t in result.trace.tools] == ["compare_funnel", "message_exposure"]
    return result.result


def test_a_second_scope_filters_every_query_and_is_stated(warehouse_db: Path) -> None:
    d = _diagnose("Why did conversion drop on iPhone this week for users who came from TikTok?", warehouse_db)
    assert (d.metric, d.dimension, d.segments[0]) == ("trial_conversion", "device_os", "ios")
    assert d.filters == {"utm_source": ["tiktok"]}
    assert d.sql and all(_in_lists(sql).get("utm_source") == {"tiktok"} for sql in d.sql.values())
    assert any("utm_source=tiktok" in note for note in d.notes) and "utm_source=tiktok" in d.summary
    con = duckdb.connect(str(warehouse_db), read_only=True)
    tiktok_ios = con.execute("SELECT count(*) FROM dim_users WHERE device_os = 'ios' AND utm_source = 'tiktok'").fetchall()[0][0]
    all_ios = con.execute("SELECT count(*) FROM dim_users WHERE device_os = 'ios'").fetchall()[0][0]
    con.close()
    # Sends per user divide by the filtered segment, so the filter shows in the numbers, not only the SQL.
    sent = next(e for e in d.exposure if e.segment == "ios" and e.metric == "sent")
    per_user = next(e for e in d.exposure if (e.segment, e.channel, e.metric) == ("ios", sent.channel, "sends_per_user"))
    assert 0 < tiktok_ios < all_ios and per_user.current * tiktok_ios == pytest.approx(sent.current)


def test_a_modeled_trait_is_compared_and_its_as_of_time_stated(warehouse_db: Path) -> None:
    d = _diagnose("Why did activation drop for runners versus yoga fans in the last 2 weeks?", warehouse_db)
    assert (d.metric, d.dimension, d.segments) == ("activation", "preferred_workout_type", ["running", "yoga"])
    assert d.window.label == "in the last 2 weeks"
    assert any("as of" in note and "data end" in note for note in d.notes)
    assert d.summary.startswith("activation for users with preferred workout type running")
    funnel_sql = next(sql for eid, sql in d.sql.items() if eid.startswith("funnel:"))
    assert _in_lists(funnel_sql)["preferred_workout_type"] == {"running", "yoga"}


def test_a_scope_that_cannot_be_applied_is_reported(warehouse_db: Path) -> None:
    d = _diagnose("Why did trial conversion drop on Android for paying users?", warehouse_db)
    assert (d.dimension, d.segments[0], d.filters) == ("device_os", "android", {})
    assert any(note.startswith("Not applied:") and "subscription_status" in note for note in d.notes)


def test_traits_read_after_an_earlier_window_say_so(warehouse_db: Path) -> None:
    con = duckdb.connect(str(warehouse_db), read_only=True)
    data_end = datetime.fromisoformat(con.execute("SELECT value FROM mcc.meta WHERE key = 'data_end'").fetchall()[0][0])
    con.close()
    earlier = data_end - timedelta(days=3)
    result = ask("Why did conversion drop for yoga fans on iOS?", db=warehouse_db, model="offline", as_of=earlier.isoformat())
    d = result.result
    assert isinstance(d, Diagnostic) and d.window.current_end == earlier.isoformat(sep=" ")
    assert (d.dimension, d.filters) == ("device_os", {"preferred_workout_type": ["yoga"]})
    as_of_note = next(note for note in d.notes if "as of" in note)
    assert data_end.isoformat(sep=" ") in as_of_note and f"current window's end ({d.window.current_end})" in as_of_note
