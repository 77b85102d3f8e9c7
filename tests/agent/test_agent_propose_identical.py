"""Proposing a draft the registry already holds, word for word, says so instead of 'Proposed'."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from agent.demo import ELIGIBILITY_PROMPT
from cli.main import app
from orchestrator.registry import Registry

runner = CliRunner()


def propose(db: Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["--db", str(db), "ask", ELIGIBILITY_PROMPT, "--propose", "--as", "maya", "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_an_identical_pending_proposal_is_still_the_one_waiting_for_review(warehouse_db: Path) -> None:
    assert propose(warehouse_db)[1]["proposal_id"] == "upgrade_nudge"
    code, again = propose(warehouse_db)
    assert code == 0 and again["proposal_id"] == "upgrade_nudge" and again["error"] is None


def test_a_draft_identical_to_the_approved_version_is_not_reported_as_proposed(warehouse_db: Path) -> None:
    propose(warehouse_db)
    con = duckdb.connect(str(warehouse_db))
    Registry(con).approve("upgrade_nudge", actor="sam")
    con.close()
    code, out = propose(warehouse_db)
    assert code == 1 and out["proposal_id"] is None
    assert "nothing was proposed: upgrade_nudge v1 has exactly this content and is approved" in out["error"]
    assert "change the draft" in out["error"]
    con = duckdb.connect(str(warehouse_db), read_only=True)
    assert [(v.version, v.status) for v in Registry(con, create=False).versions("upgrade_nudge")] == [(1, "approved")]
    con.close()
