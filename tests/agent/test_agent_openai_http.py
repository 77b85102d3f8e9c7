"""End to end over HTTP: the real openai client (through ChatOpenAI) against a scripted local server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend, rule
from typer.testing import CliRunner

from agent.api import ask
from agent.llm_planner import LLMPlanner
from agent.providers import chat_model
from agent.types import Rule
from cli.main import app


def completion(name: str, args: dict[str, Any], prompt_tokens: int, completion_tokens: int) -> dict[str, Any]:
    """Return a chat.completions body whose message calls one tool."""
    call = {"id": f"call_{name}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "scripted-model",
        "choices": [{"index": 0, "finish_reason": "tool_calls",
                     "message": {"role": "assistant", "content": None, "tool_calls": [call]}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


class ScriptedServer:
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1 that replies from a script and keeps requests."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        self.replies = replies
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                payload = json.dumps(outer.replies.pop(0)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    srv = ScriptedServer([
        completion("classify", {"intent": "eligibility", "reason": "who qualifies"}, 310, 12),
        completion("submit_draft", {"answer": rule().model_dump(mode="json")}, 2900, 140),
    ])
    srv.thread.start()
    monkeypatch.setenv("OPENAI_BASE_URL", srv.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-local")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    yield srv
    srv.httpd.shutdown()


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
    assert offered == {"submit_draft", "describe_catalog", "run_sql", "list_active_rules"}
