"""The graph's paths with a scripted planner and backend: drafting, confirmation, retries, limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent_fakes import FakeBackend, ScriptedPlanner, rule

from agent.api import ask
from agent.types import QuestionAnswer, QuestionPlan, Refusal
from warehouse.errors import GuardError

ERRORS = {"errors": [{"path": "audience.trait", "code": "unknown_trait", "message": "unknown trait 'workout_count'",
                      "suggestion": "workouts_completed"}], "warnings": []}
CLEAN = {"errors": [], "warnings": []}


def run(tmp_path: Path, planner: ScriptedPlanner, backend: FakeBackend, **kwargs: Any) -> Any:
    return ask("a prompt", db=tmp_path / "w.duckdb", planner=planner, backend=backend, actor="maya", **kwargs)


def test_a_valid_draft_is_shown_with_its_preview_and_not_proposed(tmp_path: Path) -> None:
    backend = FakeBackend()
    result = run(tmp_path, ScriptedPlanner(drafts=[rule()]), backend)
    assert result.intent == "eligibility"
    assert result.result is not None and result.result.id == "upgrade_nudge"
    assert result.preview == {"audience_size": 42, "audience_sql": "SELECT user_id FROM user_traits"}
    assert result.proposal_id is None and backend.proposals == []
    assert result.trace.steps == ["classify", "draft", "validate", "preview", "finish"]
    assert [t.tool for t in result.trace.tools] == ["validate_rule", "preview_audience"]


def test_confirmation_resumes_and_proposes_as_the_person(tmp_path: Path) -> None:
    backend, seen = FakeBackend(), []

    def confirm(payload: dict[str, Any]) -> bool:
        seen.append(payload)
        return True

    result = run(tmp_path, ScriptedPlanner(drafts=[rule()]), backend, propose=True, confirm=confirm)
    assert seen[0]["draft"]["id"] == "upgrade_nudge" and seen[0]["preview"]["audience_size"] == 42
    assert result.proposal_id == "upgrade_nudge"
    assert backend.proposals == [("upgrade_nudge", "maya")]
    assert result.trace.steps[-3:] == ["confirm", "propose", "finish"]


def test_declining_proposes_nothing(tmp_path: Path) -> None:
    backend = FakeBackend()
    result = run(tmp_path, ScriptedPlanner(drafts=[rule()]), backend, propose=True, confirm=lambda p: False)
    assert result.proposal_id is None and backend.proposals == []
    assert "propose" not in result.trace.steps


def test_validation_errors_go_back_to_the_planner_and_stop_after_three_rounds(tmp_path: Path) -> None:
    planner, backend = ScriptedPlanner(drafts=[rule(trait="workout_count")]), FakeBackend(reports=[ERRORS])
    result = run(tmp_path, planner, backend, propose=True)
    assert result.trace.rounds == 3
    assert planner.feedback_seen == [[], ERRORS["errors"], ERRORS["errors"]]
    assert result.error is not None and "after 3 rounds" in result.error and "audience.trait" in result.error
    assert result.validation["errors"] == ERRORS["errors"]
    assert backend.proposals == []


def test_a_fixed_second_draft_passes(tmp_path: Path) -> None:
    planner = ScriptedPlanner(drafts=[rule(trait="workout_count"), rule()])
    result = run(tmp_path, planner, FakeBackend(reports=[ERRORS, CLEAN]))
    assert result.error is None and result.trace.rounds == 2
    assert result.trace.steps.count("draft") == 2


def test_a_refusal_is_the_result(tmp_path: Path) -> None:
    refusal = Refusal(reason="no trait for 'loves kettlebells'", unmatched_phrases=["loves kettlebells"])
    result = run(tmp_path, ScriptedPlanner(drafts=[refusal]), FakeBackend())
    assert isinstance(result.result, Refusal) and result.result.unmatched_phrases == ["loves kettlebells"]
    assert "validate" not in result.trace.steps


def test_the_recursion_limit_ends_with_a_clear_message(tmp_path: Path) -> None:
    backend = FakeBackend(reports=[ERRORS])
    result = ask("p", db=tmp_path / "w.duckdb", planner=ScriptedPlanner(drafts=[rule()]), backend=backend,
                 recursion_limit=4, propose=True)
    assert result.error is not None and "recursion limit" in result.error and "nothing was proposed" in result.error
    assert backend.proposals == []


def test_out_of_scope_prompts_get_a_refusal(tmp_path: Path) -> None:
    result = run(tmp_path, ScriptedPlanner(intent="out_of_scope"), FakeBackend())
    assert isinstance(result.result, Refusal) and "does not do" in result.result.reason


def test_a_question_is_answered_after_a_refused_query(tmp_path: Path) -> None:
    calls: list[str] = []

    def sql(text: str) -> QuestionAnswer:
        calls.append(text)
        if "DROP" in text:
            raise GuardError("only SELECT is allowed", accepted="one SELECT")
        return QuestionAnswer(question="q", sql=text, columns=["n"], rows=[[7]])

    planner = ScriptedPlanner(intent="question", questions=[
        QuestionPlan(question="q", sql="DROP TABLE dim_users"), QuestionPlan(question="q", sql="SELECT 7 AS n")])
    result = run(tmp_path, planner, FakeBackend(sql=sql))
    assert isinstance(result.result, QuestionAnswer) and result.result.rows == [[7]]
    assert planner.feedback_seen[1][0]["message"] == "only SELECT is allowed"
    assert [t.ok for t in result.trace.tools] == [False, True]


def test_a_question_stops_after_three_refusals(tmp_path: Path) -> None:
    planner = ScriptedPlanner(intent="question", questions=[QuestionPlan(question="q", sql="DROP TABLE x")])
    result = run(tmp_path, planner, FakeBackend())
    assert result.result is None and result.error is not None and "after 3 rounds" in result.error


def test_langgraph_json_serves_the_module_graph_with_its_schemas(monkeypatch: Any) -> None:
    import importlib
    import json

    monkeypatch.delenv("MCC_MODEL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    config = json.loads((Path(__file__).parents[2] / "langgraph.json").read_text())
    module_path, _, name = config["graphs"]["command_center"].partition(":")
    module = importlib.import_module(module_path.removeprefix("./").removesuffix(".py").replace("/", "."))
    compiled = getattr(module, name)
    # Studio builds forms from these; they must not need a model, a key or the network.
    assert set(compiled.get_context_jsonschema()["properties"]) >= {"db", "model", "actor", "max_rounds"}
    assert compiled.get_input_jsonschema()["required"] == ["prompt"]
    assert "proposal_id" in compiled.get_output_jsonschema()["properties"]
