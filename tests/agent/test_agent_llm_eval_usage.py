"""An eval run with an openai: model whose server reports no token usage: each case counts its model calls and
0 tokens, and the run completes (the real openai client, a scripted server on 127.0.0.1, the eval runner)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openai_server import Reply, ScriptedServer, completion

from agent.api import ask
from agent.llm_planner import LLMPlanner
from agent.providers import chat_model
from agent.types import AskResult
from evals.runner import EvalOptions, run_evals
from evals.workspace import Workspace

DATASET = """
family: eligibility
cases:
  - id: three_plus
    prompt: people who finished three or more workouts
    gold: {condition: {kind: trait, trait: workouts_completed, op: gte, value: 3}}
"""
SPEC = {"kind": "rule", "id": "three_plus", "description": "three or more workouts",
        "audience": {"kind": "trait", "trait": "workouts_completed", "op": "gte", "value": 3}}


def test_an_eval_case_on_a_server_without_token_usage_counts_calls_and_no_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine_elig.yaml").write_text(DATASET)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-local")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    replies: list[dict[str, Any] | Reply] = [completion("classify", {"intent": "eligibility"}, usage=None),
                                             completion("submit_draft", {"answer": SPEC}, usage=None)]
    with ScriptedServer(replies) as srv, Workspace(tmp_path / "ws") as ws:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.url)

        def llm_ask(prompt: str, *, db: str | Path, model: str = "offline", propose: bool = False,
                    actor: str | None = None) -> AskResult:
            planner = LLMPlanner(chat_model("local-model"), name="openai:local-model")  # type: ignore[arg-type]
            return ask(prompt, db=db, planner=planner, propose=propose, actor=actor)

        report = run_evals(EvalOptions(dataset_dirs=[tmp_path / "data"], include_builtin=False), ask=llm_ask, workspace=ws)
    case = report.cases[0]
    assert case["passed"], case
    assert (case["model_calls"], case["input_tokens"], case["output_tokens"]) == (2, 0, 0)
    assert len(srv.posts) == 2
