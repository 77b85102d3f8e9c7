"""What real OpenAI-compatible servers do, scripted on 127.0.0.1, against the real openai client: rate limits
and Retry-After, base URLs as people type them, unknown models, servers without tool calling, rejected
parameters, truncated replies and missing token usage."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend, rule
from langchain_core.tools import StructuredTool
from openai_server import Reply, ScriptedServer, completion, error
from typer.testing import CliRunner

from agent.api import ask
from agent.llm_planner import LLMPlanner
from agent.providers import chat_model
from agent.types import Rule
from cli.main import app
from warehouse.catalog import load_catalog
from warehouse.errors import AgentError

PROMPT = "Email people on a trial who finished 3 workouts"
DRAFT = {"answer": rule().model_dump(mode="json")}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-local")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    for name in ("MCC_MODEL_MAX_RETRIES", "MCC_MODEL_TIMEOUT", "MCC_MODEL_MAX_TOKENS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@contextmanager
def serve(env: pytest.MonkeyPatch, replies: Sequence[dict[str, Any] | Reply], *, models: list[str] | None = None,
          base: str | None = None) -> Iterator[ScriptedServer]:
    with ScriptedServer(replies, models=models) as srv:
        env.setenv("OPENAI_BASE_URL", base.format(root=srv.root) if base else srv.url)
        yield srv


def planner(name: str = "scripted-model") -> LLMPlanner:
    return LLMPlanner(chat_model(name), name=f"openai:{name}")  # type: ignore[arg-type]


def classify(name: str = "scripted-model") -> str:
    return planner(name).classify(PROMPT, load_catalog())


def test_a_429_with_retry_after_is_retried_by_the_client_and_then_answers(env: pytest.MonkeyPatch) -> None:
    limited = error(429, "Rate limit reached for requests", code="rate_limit_exceeded", headers={"Retry-After": "0.01"})
    with serve(env, [limited, limited, completion("classify", {"intent": "eligibility"})]) as srv:
        assert classify() == "eligibility"
        assert len(srv.posts) == 3  # two refusals, each waited out and retried (MCC_MODEL_MAX_RETRIES defaults to 2)


def test_a_5xx_past_the_retries_is_one_line_naming_the_endpoint_and_status(env: pytest.MonkeyPatch) -> None:
    env.setenv("MCC_MODEL_MAX_RETRIES", "1")
    busy = error(503, "The server is overloaded", headers={"retry-after-ms": "10"})
    with serve(env, [busy, busy, busy]) as srv:
        with pytest.raises(AgentError) as caught:
            classify()
        assert len(srv.posts) == 2
        said = str(caught.value)
        assert f"the call to openai:scripted-model at {srv.url} failed (HTTP 503, after 1 retry): The server is overloaded" in said
        assert "MCC_MODEL_MAX_RETRIES (now 1)" in said and "\n" not in said


def test_a_server_that_forbids_retries_is_not_said_to_be_retried(env: pytest.MonkeyPatch) -> None:
    with serve(env, [error(500, "Internal error", headers={"x-should-retry": "false"})]) as srv:
        with pytest.raises(AgentError, match=r"failed \(HTTP 500\): Internal error"):
            classify()
        assert len(srv.posts) == 1


def test_a_server_slower_than_the_timeout_is_named_with_the_setting(env: pytest.MonkeyPatch) -> None:
    env.setenv("MCC_MODEL_TIMEOUT", "0.2")
    env.setenv("MCC_MODEL_MAX_RETRIES", "0")
    with serve(env, [Reply(completion("classify", {"intent": "debug"}), delay=1.0)]) as srv, \
            pytest.raises(AgentError, match=rf"the call to openai:scripted-model at {srv.url} failed \(no answer in time \(MCC_MODEL_TIMEOUT\)\)"):
        classify()


def test_a_retry_after_longer_than_the_client_waits_is_not_retried_and_says_so(env: pytest.MonkeyPatch) -> None:
    with serve(env, [error(429, "Quota exceeded", headers={"Retry-After": "600"})]) as srv:
        with pytest.raises(AgentError, match=r"HTTP 429; the server asked to wait 600 s, longer than the 120 s mcc waits"):
            classify()
        assert len(srv.posts) == 1


@pytest.mark.parametrize("base", ["{root}", "{root}/", "{root}/v1/", "{root}/v1/chat/completions"])
def test_a_base_url_with_or_without_v1_and_a_trailing_slash_reaches_v1(env: pytest.MonkeyPatch, base: str) -> None:
    with serve(env, [completion("classify", {"intent": "question"})], base=base) as srv:
        assert classify() == "question"
        assert srv.posts[0]["path"] == "/v1/chat/completions"


def test_a_gateway_path_and_its_query_are_kept(env: pytest.MonkeyPatch) -> None:
    base = "{root}/openai/deployments/gpt4o/?api-version=2024-06-01"
    with serve(env, [completion("classify", {"intent": "debug"})], base=base) as srv:
        assert classify() == "debug"
        assert srv.posts[0]["path"] == "/openai/deployments/gpt4o/chat/completions?api-version=2024-06-01"
        assert srv.posts[0]["api-key"] == "sk-test-local"  # Azure's header, beside the bearer token


def test_a_plain_server_gets_no_api_key_header(env: pytest.MonkeyPatch) -> None:
    with serve(env, [completion("classify", {"intent": "debug"})]) as srv:
        classify()
        assert srv.posts[0]["api-key"] is None and srv.posts[0]["auth"] == "Bearer sk-test-local"


def test_an_unknown_model_is_named_with_the_models_the_server_lists(env: pytest.MonkeyPatch) -> None:
    missing = error(404, "The model `gpt-4o-mni` does not exist or you do not have access to it.", code="model_not_found")
    with serve(env, [missing], models=["gpt-4o", "gpt-4o-mini", "o3-mini"]) as srv:
        with pytest.raises(AgentError) as caught:
            classify("gpt-4o-mni")
        said = str(caught.value)
        assert f"the model 'gpt-4o-mni' is not served at {srv.url} (HTTP 404" in said
        assert "the server lists: gpt-4o-mini, gpt-4o, o3-mini" in said  # the closest first
        assert srv.requests[-1] == {"path": "/v1/models", "method": "GET"}


@pytest.mark.parametrize(("name", "said"), [
    ("llama3.2", 'model "llama3.2" not found, try pulling it first'),  # Ollama
    ("meta-llama/llama-3-8b", "meta-llama/llama-3-8b is not a valid model ID"),  # OpenRouter
])
def test_a_400_for_an_unknown_model_lists_what_the_server_has(env: pytest.MonkeyPatch, name: str, said: str) -> None:
    with serve(env, [error(400, said)], models=["qwen2.5:7b"]), \
            pytest.raises(AgentError, match=rf"{re.escape(repr(name))} is not served .* the server lists: qwen2.5:7b"):
        classify(name)


def test_a_404_where_no_api_answers_names_the_base_url(env: pytest.MonkeyPatch) -> None:
    with serve(env, [error(404, "Not Found")], base="{root}/api"):
        with pytest.raises(AgentError) as caught:
            classify()
        assert "no chat API answers there" in str(caught.value) and "(usually /v1)" in str(caught.value)


def test_a_server_without_tool_calling_gets_json_in_text_and_the_run_says_so(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_tools = error(400, "registry.ollama.ai/library/gemma2:2b does not support tools")
    fenced = "Here is my answer:\n```json\n" + json.dumps({"tool": "submit_draft", "arguments": DRAFT}) + "\n```"
    replies: list[dict[str, Any] | Reply] = [no_tools, completion(content='{"tool": "classify", "arguments": {"intent": "eligibility"}}'),
               completion(content=fenced)]
    with serve(env, replies) as srv:
        backend = FakeBackend()
        result = ask(PROMPT, db=tmp_path / "w.duckdb", planner=planner(), backend=backend, propose=True, actor="maya")
        assert isinstance(result.result, Rule) and result.proposal_id == "upgrade_nudge"
        first, second, third = srv.posts
        assert "tools" in first and "tools" not in second and "tools" not in third
        assert "This server cannot call tools" in second["messages"][0]["content"]
        assert '"name":"submit_draft"' not in second["messages"][0]["content"]  # only the step's own tool
        assert "- submit_draft:" in third["messages"][0]["content"]
        assert [n for n in result.trace.fallbacks if "turned down tool calling" in n and "gemma2:2b" in n]
        assert result.trace.usage.model_calls == 2


def test_a_refused_tool_choice_is_dropped_and_the_tools_kept(env: pytest.MonkeyPatch) -> None:
    refused = error(400, "tool_choice must be 'auto' or 'none'", param="tool_choice")
    with serve(env, [refused, completion("classify", {"intent": "decision"})]) as srv:
        llm = planner()
        assert llm.classify(PROMPT, load_catalog()) == "decision"
        assert "tool_choice" in srv.posts[0] and "tool_choice" not in srv.posts[1] and srv.posts[1]["tools"]
        assert "now chooses its tool itself" in llm.take_notes()[0]


def test_a_rejected_temperature_is_dropped_once_and_said(env: pytest.MonkeyPatch) -> None:
    refused = error(400, "Unsupported parameter: 'temperature' is not supported with this model.",
                    code="unsupported_parameter", param="temperature")
    with serve(env, [refused, completion("classify", {"intent": "question"}), completion("classify", {"intent": "debug"})]) as srv:
        llm = planner("o3-mini")
        assert llm.classify(PROMPT, load_catalog()) == "question"
        assert srv.posts[0]["temperature"] == 0 and "temperature" not in srv.posts[1]
        notes = llm.take_notes()
        assert len(notes) == 1 and "rejected 'temperature' for openai:o3-mini" in notes[0]
        assert llm.classify(PROMPT, load_catalog()) == "debug" and "temperature" not in srv.posts[2]


def test_a_reply_cut_off_at_the_output_limit_is_reported_not_retried(env: pytest.MonkeyPatch) -> None:
    with serve(env, [completion(content="", finish_reason="length"), completion("classify", {"intent": "debug"})]) as srv:
        with pytest.raises(AgentError, match=r"cut off at its output limit \(finish_reason 'length'\).*MCC_MODEL_MAX_TOKENS"):
            classify()
        assert len(srv.posts) == 1


def test_the_output_limit_setting_reaches_the_server(env: pytest.MonkeyPatch) -> None:
    env.setenv("MCC_MODEL_MAX_TOKENS", "4096")
    with serve(env, [completion("classify", {"intent": "debug"})]) as srv:
        classify()
        assert srv.posts[0]["max_completion_tokens"] == 4096


def test_several_tool_calls_in_one_message_each_get_their_answer_before_feedback(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = {"answer": rule(trait="workout_count").model_dump(mode="json")}
    replies = [completion("classify", {"intent": "eligibility"}),
               completion(calls=[("submit_draft", bad), ("submit_draft", DRAFT)]),
               completion("submit_draft", DRAFT)]
    with serve(env, replies) as srv:
        backend = FakeBackend(reports=[{"errors": [{"path": "audience.trait", "message": "unknown trait 'workout_count'"}],
                                        "warnings": []}, {"errors": [], "warnings": []}])
        result = ask(PROMPT, db=tmp_path / "w.duckdb", planner=planner(), backend=backend)
        assert result.error is None and backend.validated == ["upgrade_nudge", "upgrade_nudge"]
        tool_messages = [m for m in srv.posts[2]["messages"] if m["role"] == "tool"]
        # the second call was not run, and the first one's validation errors came back to it
        assert [m["tool_call_id"] for m in tool_messages] == ["call_1_submit_draft", "call_0_submit_draft"]
        assert "unknown trait 'workout_count'" in tool_messages[1]["content"]


def test_missing_token_usage_counts_the_calls_and_no_tokens(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    replies: list[dict[str, Any] | Reply] = [completion("classify", {"intent": "eligibility"}, usage=None),
               Reply({**completion("submit_draft", DRAFT), "usage": {"prompt_tokens": None, "completion_tokens": None}})]
    with serve(env, replies):
        result = ask(PROMPT, db=tmp_path / "w.duckdb", planner=planner(), backend=FakeBackend())
        assert result.error is None
        assert result.trace.usage.model_dump() == {"model_calls": 2, "input_tokens": 0, "output_tokens": 0}


def test_mcc_ask_prints_each_adaptation_as_a_note(env: pytest.MonkeyPatch, warehouse_db: Path) -> None:
    refused = error(400, "Unsupported value: 'temperature' does not support 0 with this model.", param="temperature")
    replies: list[dict[str, Any] | Reply] = [refused, completion("classify", {"intent": "eligibility"}),
                                             completion("submit_draft", DRAFT)]
    with serve(env, replies) as srv:
        result = CliRunner().invoke(app, ["--db", str(warehouse_db), "ask", PROMPT, "--model", "openai:o1-mini"])
        out = " ".join(result.stdout.split())
        assert result.exit_code == 0, out
        assert f"Note: the server at {srv.url} rejected 'temperature' for openai:o1-mini" in out
        assert "model calls 2" in out


def test_a_server_refusing_the_models_own_tool_choice_gets_json_in_text_with_the_exploration_tools(
    env: pytest.MonkeyPatch,
) -> None:
    def run_sql(sql: str) -> str:
        """Run one read-only SELECT."""
        return '{"rows": [[3]]}'

    refused = error(400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set')
    explore = json.dumps({"tool": "run_sql", "arguments": {"sql": "SELECT 3"}})
    with serve(env, [refused, completion(content=explore), completion(content=json.dumps(DRAFT))]) as srv:
        llm = LLMPlanner(chat_model("vllm-model"), name="openai:vllm-model",  # type: ignore[arg-type]
                         tools=[StructuredTool.from_function(run_sql)])
        assert llm.draft(PROMPT, "eligibility", load_catalog(), []) == rule()
        assert "tools" in srv.posts[0] and "tool_choice" not in srv.posts[0] and "tools" not in srv.posts[1]
        assert "- run_sql: Run one read-only SELECT." in srv.posts[1]["messages"][0]["content"]
        result = srv.posts[2]["messages"][-1]
        assert result["role"] == "user" and result["content"].startswith("Result of run_sql (data):")
        assert '"rows": [[3]]' in result["content"]
        notes = llm.take_notes()
        assert len(notes) == 1 and "turned down tool calling" in notes[0]
        assert [c.tool for c in llm.take_tool_calls()] == ["run_sql"]


def test_a_model_that_writes_its_call_in_tags_despite_the_tools_is_read_without_adapting(env: pytest.MonkeyPatch) -> None:
    tagged = '<tool_call>\n{"name": "classify", "arguments": {"intent": "question"}}\n</tool_call>'
    with serve(env, [completion(content=tagged)]) as srv:
        llm = planner("qwen2.5:7b")
        assert llm.classify(PROMPT, load_catalog()) == "question"
        assert srv.posts[0]["model"] == "qwen2.5:7b" and srv.posts[0]["tools"] and llm.take_notes() == []


def test_a_bad_setting_is_one_line_naming_its_variable(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    env.setenv("MCC_MODEL_TIMEOUT", "soon")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "w.duckdb"), "ask", PROMPT, "--model", "openai:m", "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["where"] == "MCC_MODEL_TIMEOUT" and "'soon'" in out["message"]
    assert "a number of seconds above 0" in out["accepted"]
