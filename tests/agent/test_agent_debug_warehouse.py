"""The debug path, offline, on a generated warehouse: the planted iOS push cause is named first."""

from __future__ import annotations

from pathlib import Path

import duckdb

from agent.api import ask
from agent.demo import DEBUG_PROMPT
from agent.types import Diagnostic


def test_the_planted_ios_push_collapse_ranks_first(warehouse_db: Path) -> None:
    result = ask(DEBUG_PROMPT, db=warehouse_db, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic)
    d = result.result
    assert d.segments[:2] == ["ios", "android"] and d.dimension == "device_os" and d.window.label
    con = duckdb.connect(str(warehouse_db), read_only=True)
    truth = con.execute(
        "SELECT channel, funnel_step FROM mcc.scenarios WHERE kind = 'cause' AND segment = 'ios'"
    ).fetchall()
    top = d.causes[0]
    assert truth == [(top.channel, top.step)] == [("push", "workout_completed_2")]
    assert top.confidence == "high"
    # Every cited evidence id has SQL, and that SQL reproduces its row on the warehouse as is.
    for eid in {e for c in d.causes for e in c.evidence_ids}:
        assert con.execute(d.sql[eid]).fetchall(), eid
    con.close()
    assert [t.tool for t in result.trace.tools] == ["compare_funnel", "message_exposure"]
