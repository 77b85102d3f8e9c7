"""Support diagnosis end to end: `mcc ask` on the generated warehouse finds the planted support-heavy cohort."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
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


@pytest.fixture(scope="module")
def eight_weeks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of 8 weeks: the planted cohort signs up 4 weeks before its end, inside a 4-week window."""
    from warehouse.build import build_warehouse

    path = tmp_path_factory.mktemp("support_wh") / "eight_weeks.duckdb"
    build_warehouse(path, users=4000, days=56)
    return path


def test_over_four_weeks_the_cohort_is_the_change_not_a_standing_difference(eight_weeks: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(eight_weeks), "ask", "Which source is behind the rise in support "
                                      "tickets over the last 4 weeks?", "--json"], catch_exceptions=False)
    d = json.loads(result.output)["result"]
    assert d["segments"][0] == "tiktok" and d["window"]["label"] == "over the last 4 weeks"
    assert any("changed most against the other values, beyond what a survey" in n for n in d["notes"])
    top = d["causes"][0]
    assert top["reason"] == "billing" and top["confidence"] == "high" and "went from" in top["summary"]


def test_a_support_plan_from_the_model_runs_compare_support(warehouse_db: Path) -> None:
    from agent_fakes import ScriptedChatModel, tool_reply
    from langchain_core.messages import AIMessage

    from agent.api import ask
    from agent.llm_planner import LLMPlanner
    from agent.types import DebugPlan, Diagnostic, SupportAsk

    plan = DebugPlan(question="Which source is behind the billing complaints?", metric="support_tickets",
                     dimension="utm_source", segments=["organic", "google", "facebook", "tiktok", "referral", "apple_search"],
                     focus_named=False, support=SupportAsk(reasons=["billing"]))
    text = "TikTok users file far more billing tickets than the other sources."
    model = ScriptedChatModel(replies=[tool_reply("classify", {"intent": "debug"}),
                                       tool_reply("plan_debug", {"answer": plan.model_dump(mode="json")}),
                                       AIMessage(content=text)])
    llm = LLMPlanner(model, name="openai:scripted", tools=[])
    result = ask(plan.question, db=warehouse_db, planner=llm, actor="maya")
    assert result.error is None and isinstance(result.result, Diagnostic)
    assert result.result.segments == ["tiktok", "rest"] and result.result.summary == text
    assert [t.tool for t in result.trace.tools] == ["compare_support", "compare_support"]
    assert any(c.reason == "billing" for c in result.result.causes)
