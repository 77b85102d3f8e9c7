"""End to end over HTTP: the real openai client (through ChatOpenAI) against a scripted local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from agent_fakes import FakeBackend, rule
from openai_server import ScriptedServer, completion
from typer.testing import CliRunner

from agent.api import ask
from agent.llm_planner import LLMPlanner
from agent.providers import chat_model
from agent.types import Rule
from cli.main import app


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    with ScriptedServer([
        completion("classify", {"intent": "eligibility", "reason": "who qualifies"}, usage=(310, 12)),
        completion("submit_draft", {"answer": rule().model_dump(mode="json")}, usage=(2900, 140)),
    ]) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-local")
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        yield srv


def test_the_llm_planner_drafts_and_proposes_over_http(tmp_path: Path, server: ScriptedServer) -> None:
    llm = LLMPlanner(chat_model("scripted-model"), name="openai:scripted-model")  # type: ignore[arg-type]
    backend = FakeBackend()
    result = ask("Create eligibility rules for an upgrade nudge ...", db=tmp_path / "w.duckdb", planner=llm,
                 backend=backend, propose=True, actor="maya")
    assert isinstance(result.result, Rule) and result.proposal_id == "upgrade_nudge"
    assert backend.proposals == [("upgrade_nudge", "maya")]
    assert result.trace.usage.model_dump() == {"model_calls": 2, "input_tokens": 3210, "output_tokens": 152}
    first, second = server.requests
    assert first["path"] == "/v1/chat/completions" and first["auth"] == "Bearer sk-test-local"
    assert first["model"] == "scripted-model"
    assert first["tool_choice"] == {"type": "function", "function": {"name": "classify"}}
    submit = next(t for t in second["tools"] if t["function"]["name"] == "submit_draft")
    assert "$defs" in submit["function"]["parameters"]  # the spec's JSON Schema, recursive refs kept
    assert second["messages"][0]["role"] == "system" and "Catalog (data)" in second["messages"][0]["content"]


def test_mcc_ask_with_an_openai_model_runs_end_to_end_on_a_warehouse(warehouse_db: Path, server: ScriptedServer) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(warehouse_db), "ask", "Create eligibility rules for an upgrade nudge ...",
              "--model", "openai:scripted-model", "--json"], catch_exceptions=False)
    out = json.loads(result.stdout)
    assert result.exit_code == 0 and out["planner"] == "openai:scripted-model"
    assert out["result"]["id"] == "upgrade_nudge" and out["preview"]["rules"][0]["size"] >= 0
    assert out["trace"]["usage"] == {"model_calls": 2, "input_tokens": 3210, "output_tokens": 152}
    # The model was offered the exploration tools, never a proposal, approval or apply tool.
    offered = {t["function"]["name"] for t in server.requests[1]["tools"]}
    assert offered == {"submit_draft", "describe_catalog", "run_sql", "list_active_rules", "rule_performance"}
