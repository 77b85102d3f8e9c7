"""Support diagnosis end to end: `mcc ask` on the generated warehouse finds the planted support-heavy cohort."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app


def test_mcc_ask_finds_the_planted_support_cohort(warehouse_db: Path) -> None:
    con = duckdb.connect(str(warehouse_db), read_only=True)
    truth = con.execute("SELECT dimension, segment FROM mcc.scenarios WHERE scenario_id = 'support_heavy_cohort'").fetchall()
    con.close()
    result = CliRunner().invoke(app, ["--db", str(warehouse_db), "ask", "Which acquisition source is behind the rise in "
                                      "support tickets?", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    d = answer["result"]
    assert answer["intent"] == "debug" and d["metric"] == "support_tickets"
    assert truth == [(d["dimension"], d["segments"][0])] == [("utm_source", "tiktok")]
    assert d["segments"][1] == "rest"
    # the cohort's billing tickets and its low CSAT are named among the causes, each with rerunnable evidence
    summaries = " ".join(c["summary"] for c in d["causes"])
    assert "billing tickets" in summaries and "CSAT" in summaries
    assert [t["tool"] for t in answer["trace"]["tools"]] == ["compare_support", "compare_support"]
    con = duckdb.connect(str(warehouse_db), read_only=True)
    for eid in {e for c in d["causes"] for e in c["evidence_ids"]}:
        assert len(con.execute(d["sql"][eid]).fetchall()) == 1, eid
    con.close()
