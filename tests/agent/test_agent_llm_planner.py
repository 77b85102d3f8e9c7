"""The LLM planner with a scripted chat model: calls and tokens, feedback, and every misbehaviour bounded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend, ScriptedChatModel, rule, tool_reply
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import StructuredTool

from agent.api import ask
from agent.llm_planner import LLMPlanner
from agent.types import QuestionAnswer, Rule
from orchestrator.spec import Policy, iter_conditions
from warehouse.catalog import load_catalog
from warehouse.errors import AgentError, GuardError

PROMPT = "Create eligibility rules for an upgrade nudge that only targets users who completed 3 workouts."


def draft_args(trait: str = "workouts_completed") -> dict[str, Any]:
    return {"answer": rule(trait=trait).model_dump(mode="json")}


class CatalogCheckingBackend(FakeBackend):
    """Validates trait names against the real catalog, as the orchestrator's validator does."""

    def validate(self, spec: Rule | Policy) -> dict[str, list[dict[str, Any]]]:
        catalog = load_catalog()
        leaves = iter_conditions(spec.audience) if isinstance(spec, Rule) else []
        errors = [
            {"path": "audience.trait", "code": "unknown_trait", "message": f"unknown trait {leaf.trait!r}",
             "suggestion": ", ".join(catalog.closest(leaf.trait, kind="trait"))}
            for leaf in leaves if getattr(leaf, "trait", None) and not catalog.has_trait(leaf.trait)  # type: ignore[union-attr]
        ]
        return {"errors": errors, "warnings": []}


def exploration_tools(log: list[str]) -> list[StructuredTool]:
    def describe_catalog() -> str:
        """Describe the catalog."""
        log.append("describe_catalog")
        return "traits: workouts_completed"

    def run_sql(sql: str) -> dict[str, Any]:
        """Run one read-only SELECT."""
        log.append(sql)
        if "workout_count" in sql:
            return {"kind": "tool_error", "tool": "run_sql", "error": "GuardError",
                    "message": 'Binder Error: column "workout_count" not found'}
        return {"columns": ["n"], "rows": [[3]]}

    return [StructuredTool.from_function(describe_catalog), StructuredTool.from_function(run_sql)]


def planner(replies: list[AIMessage], tools: list[StructuredTool] | None = None) -> tuple[LLMPlanner, ScriptedChatModel]:
    model = ScriptedChatModel(replies=replies)
    return LLMPlanner(model, name="openai:scripted", tools=tools or []), model


def run(tmp_path: Path, llm: LLMPlanner, backend: FakeBackend | None = None, **kwargs: Any) -> Any:
    backend = backend or CatalogCheckingBackend()
    return ask(PROMPT, db=tmp_path / "w.duckdb", planner=llm, backend=backend, actor="maya", **kwargs), backend


def test_an_eligibility_prompt_whose_first_draft_validates_takes_two_calls(tmp_path: Path) -> None:
    llm, model = planner([tool_reply("classify", {"intent": "eligibility"}), tool_reply("submit_draft", draft_args())])
    result, backend = run(tmp_path, llm, propose=True)
    assert isinstance(result.result, Rule) and result.proposal_id == "upgrade_nudge"
    assert backend.proposals == [("upgrade_nudge", "maya")]
    assert result.trace.usage.model_dump() == {"model_calls": 2, "input_tokens": 200, "output_tokens": 40}
    assert result.planner == "openai:scripted"
    # The catalog reaches the model as data in the system prompt, formatted at call time.
    assert "trait workouts_completed (int" in model.requests[1][0].content


def test_validation_errors_reach_the_model_as_a_tool_message_it_can_fix(tmp_path: Path) -> None:
    llm, model = planner([
        tool_reply("classify", {"intent": "eligibility"}),
        tool_reply("submit_draft", draft_args("workout_count"), call_id="d1"),
        tool_reply("submit_draft", draft_args(), call_id="d2"),
    ])
    result, _ = run(tmp_path, llm)
    assert result.error is None and result.trace.rounds == 2
    feedback = model.requests[2][-1]
    assert isinstance(feedback, ToolMessage) and feedback.tool_call_id == "d1" and feedback.status == "error"
    assert "unknown trait 'workout_count'" in feedback.content and "workouts_completed" in feedback.content


def test_exploration_tool_results_go_back_to_the_model(tmp_path: Path) -> None:
    log: list[str] = []
    llm, model = planner([
        tool_reply("classify", {"intent": "eligibility"}),
        tool_reply("run_sql", {"sql": "SELECT count(*) AS n FROM user_traits"}, call_id="x1"),
        tool_reply("submit_draft", draft_args(), call_id="d1"),
    ], exploration_tools(log))
    result, _ = run(tmp_path, llm)
    assert log == ["SELECT count(*) AS n FROM user_traits"]
    assert isinstance(model.requests[2][-1], ToolMessage) and '"rows": [[3]]' in model.requests[2][-1].content
    assert result.trace.usage.model_calls == 3
    assert [(t.tool, t.ok) for t in result.trace.tools] == [("run_sql", True), ("validate_rule", True), ("preview_audience", True)]


def test_invalid_json_three_times_is_a_clear_failure_and_nothing_is_proposed(tmp_path: Path) -> None:
    bad = AIMessage(content="", invalid_tool_calls=[
        {"name": "submit_draft", "args": "{'answer': oops", "id": "b", "error": "Expecting value", "type": "invalid_tool_call"}])
    llm, _ = planner([tool_reply("classify", {"intent": "eligibility"}), bad, bad, bad])
    result, backend = run(tmp_path, llm, propose=True)
    assert result.error is not None and "no valid submit_draft answer after 3 attempts" in result.error
    assert "nothing was proposed" in result.error
    assert result.proposal_id is None and backend.proposals == []


def test_unknown_traits_every_round_stop_after_three_rounds(tmp_path: Path) -> None:
    replies = [tool_reply("classify", {"intent": "eligibility"})] + [
        tool_reply("submit_draft", draft_args("loves_kettlebells"), call_id=f"d{i}") for i in range(3)
    ]
    llm, _ = planner(replies)
    result, backend = run(tmp_path, llm, propose=True)
    assert result.trace.rounds == 3 and "after 3 rounds" in result.error
    assert backend.proposals == []


def test_a_schema_mismatch_is_fed_back_then_bounded(tmp_path: Path) -> None:
    wrong = tool_reply("submit_draft", {"answer": {"kind": "rule", "id": "Bad Id!", "description": "x"}})
    llm, model = planner([tool_reply("classify", {"intent": "eligibility"}), wrong, wrong, wrong])
    result, backend = run(tmp_path, llm, propose=True)
    assert "answer.rule.id" in model.requests[2][-1].content
    assert result.error is not None and backend.proposals == []


def test_endless_exploration_is_cut_off(tmp_path: Path) -> None:
    log: list[str] = []
    looping = [tool_reply("run_sql", {"sql": "SELECT workout_count FROM user_traits"}, call_id=f"x{i}") for i in range(10)]
    llm, _ = planner([tool_reply("classify", {"intent": "eligibility"}), *looping], exploration_tools(log))
    result, backend = run(tmp_path, llm, propose=True)
    assert result.error is not None and "more than 6 exploration tool calls" in result.error
    assert len(log) == 6 and backend.proposals == []
    assert [t.tool for t in result.trace.tools] == ["run_sql"] * 6  # each refused call is in the trace
    assert not any(t.ok for t in result.trace.tools)


def test_a_hallucinated_column_in_a_question_is_refused_and_bounded(tmp_path: Path) -> None:
    def sql(text: str) -> QuestionAnswer:
        raise GuardError('Binder Error: column "workout_count" not found', accepted="columns of user_traits")

    replies = [tool_reply("classify", {"intent": "question"})] + [
        tool_reply("plan_question", {"answer": {"kind": "question_plan", "question": "q",
                                                "sql": "SELECT avg(workout_count) FROM user_traits"}})
        for _ in range(3)
    ]
    llm, model = planner(replies)
    result, _ = run(tmp_path, llm, backend=FakeBackend(sql=sql))
    assert result.error is not None and "after 3 rounds" in result.error
    assert "workout_count" in model.requests[2][-1].content  # the refusal went back to the model


def test_a_plain_text_answer_without_a_tool_call_is_bounded() -> None:
    llm, _ = planner([AIMessage(content="I think it's eligibility.")] * 3)
    with pytest.raises(AgentError, match="no valid classify answer"):
        llm.classify(PROMPT, load_catalog())


def test_a_grounded_model_summary_is_kept_and_an_invented_one_is_not(tmp_path: Path) -> None:
    from agent_fakes import WINDOW, exposure_rows, funnel_rows

    from agent.backend import ExposureEvidence, FunnelEvidence
    from agent.types import DebugPlan, Diagnostic

    steps = ["trial_started", "workout_completed", "workout_completed_2", "pricing_viewed", "subscription_started"]
    funnel = funnel_rows("ios", [1000, 700, 420, 300, 120], [1000, 690, 280, 200, 80], steps) + funnel_rows(
        "android", [1000, 700, 420, 300, 120], [1000, 705, 425, 305, 122], steps)
    exposure = exposure_rows("ios", "push", (5000, 5000), (0.92, 0.40)) + exposure_rows("android", "push", (5000, 5000), (0.92, 0.91))
    plan = DebugPlan(question="why", metric="trial_conversion", dimension="device_os", segments=["ios", "android"])
    summaries = {"iOS push delivery fell from 92.0% to 40.0% while Android held at 91.0%.": True,
                 "iOS conversion fell 41% because 2,500 pushes failed.": False}
    for text, kept in summaries.items():
        llm, _ = planner([tool_reply("classify", {"intent": "debug"}),
                          tool_reply("plan_debug", {"answer": plan.model_dump(mode="json")}), AIMessage(content=text)])
        backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=funnel), exposure=ExposureEvidence(rows=exposure))
        result, _ = run(tmp_path, llm, backend)
        assert isinstance(result.result, Diagnostic) and result.trace.usage.model_calls == 3
        assert (result.result.summary == text) is kept
        assert bool(result.trace.fallbacks) is not kept


def test_a_change_to_a_draft_reaches_the_model_with_the_draft_as_data() -> None:
    changed = rule().model_copy(update={"holdout_share": 0.2})
    llm, model = planner([tool_reply("submit_draft", {"answer": changed.model_dump(mode="json")})])
    result = llm.revise("hold out 20% instead", rule(), load_catalog(), [])
    assert result == changed
    asked = model.requests[0][-1].content
    assert "hold out 20% instead" in asked and '"id":"upgrade_nudge"' in asked


def test_calls_in_one_message_run_in_order_and_the_first_valid_answer_is_taken(tmp_path: Path) -> None:
    log: list[str] = []
    both = AIMessage(content="", tool_calls=[
        {"name": "run_sql", "args": {"sql": "SELECT count(*) AS n FROM user_traits"}, "id": "x1", "type": "tool_call"},
        {"name": "submit_draft", "args": draft_args(), "id": "d1", "type": "tool_call"},
        {"name": "submit_draft", "args": draft_args("another"), "id": "d2", "type": "tool_call"},
    ])
    llm, _ = planner([tool_reply("classify", {"intent": "eligibility"}), both], exploration_tools(log))
    result, _ = run(tmp_path, llm)
    assert log == ["SELECT count(*) AS n FROM user_traits"]
    assert isinstance(result.result, Rule) and result.result.audience.trait == "workouts_completed"  # type: ignore[union-attr]
    assert result.trace.usage.model_calls == 2


def test_a_draft_written_as_text_is_validated_and_its_feedback_comes_as_a_user_message(tmp_path: Path) -> None:
    bare = rule(trait="workout_count").model_dump(mode="json")  # the spec itself, without {"answer": ...}
    llm, model = planner([
        tool_reply("classify", {"intent": "eligibility"}),
        AIMessage(content=f"Here is the rule:\n```json\n{json.dumps(bare)}\n```"),
        AIMessage(content=json.dumps({"name": "submit_draft", "arguments": draft_args()})),
    ])
    result, _ = run(tmp_path, llm)
    assert result.error is None and result.trace.rounds == 2
    feedback = model.requests[2][-1]
    assert isinstance(feedback, HumanMessage) and "Error from submit_draft" in feedback.content
    assert "unknown trait 'workout_count'" in feedback.content


def test_a_tool_call_cut_off_at_the_output_limit_is_reported_at_once() -> None:
    cut = AIMessage(content="", response_metadata={"finish_reason": "length"}, invalid_tool_calls=[
        {"name": "classify", "args": '{"intent": "elig', "id": "c", "error": "Unterminated string", "type": "invalid_tool_call"}])
    llm, model = planner([cut, tool_reply("classify", {"intent": "eligibility"})])
    with pytest.raises(AgentError, match=r"cut off at its output limit .* before it gave a complete classify answer"):
        llm.classify(PROMPT, load_catalog())
    assert len(model.requests) == 1


def test_a_tool_written_as_text_that_is_not_offered_is_refused_and_nothing_is_proposed(tmp_path: Path) -> None:
    approve = AIMessage(content=json.dumps({"tool": "approve_rule", "arguments": {"rule_id": "upgrade_nudge"}}))
    llm, model = planner([tool_reply("classify", {"intent": "eligibility"}), approve, approve, approve])
    result, backend = run(tmp_path, llm, propose=True)
    assert result.error is not None and "unknown tool 'approve_rule'; use one of submit_draft" in result.error
    assert backend.proposals == [] and backend.validated == []
    refusal = model.requests[2][-1]
    assert isinstance(refusal, HumanMessage) and refusal.content.startswith("Error from approve_rule (data):")


def test_a_summary_keeps_the_answer_and_drops_the_reasoning_in_think_tags() -> None:
    from agent_fakes import WINDOW

    from agent.types import Diagnostic

    diagnostic = Diagnostic(question="why", metric="trial_conversion", dimension="device_os", segments=["ios"],
                            window=WINDOW, funnel=[], exposure=[], causes=[], next_checks=[], summary="", sql={})
    said = "iOS push delivery fell from 92.0% to 40.0%."
    llm, _ = planner([AIMessage(content=f"<think>Maybe 55%? No: 92.0 to 40.0.</think>\n\n{said}")])
    assert llm.summarize(diagnostic) == said
    cut, _ = planner([AIMessage(content="<think>Let me look at each step", response_metadata={"finish_reason": "length"})])
    with pytest.raises(AgentError, match="cut off at its output limit"):
        cut.summarize(diagnostic)
