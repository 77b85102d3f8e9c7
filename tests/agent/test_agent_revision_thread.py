"""In a chat thread, a short change ("make it email only") redrafts the thread's last valid draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent_fakes import FakeBackend
from langgraph.checkpoint.memory import InMemorySaver

from agent.catalog_planner import CatalogPlanner
from agent.context import Context
from agent.graph import build_graph
from agent.types import QuestionAnswer
from warehouse.catalog import load_catalog

FIRST = "Create eligibility rules for an upgrade nudge for trial users who viewed pricing twice"


def thread(tmp_path: Path) -> tuple[Any, dict[str, Any], Context]:
    catalog = load_catalog()
    backend = FakeBackend(sql=lambda sql: QuestionAnswer(question="q", sql=sql, columns=["users"], rows=[[3]]))
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=CatalogPlanner(catalog),
                      backend_override=backend)
    config = {"configurable": {"thread_id": "t"}, "recursion_limit": 40}
    return build_graph(checkpointer=InMemorySaver()), config, context


def test_a_change_redrafts_the_last_draft_and_keeps_its_id(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    first = graph.invoke({"prompt": FIRST}, config, context=context)["result"]
    assert first["kind"] == "rule"
    changed = graph.invoke({"prompt": "make it push only and hold out 20%"}, config, context=context)
    result = changed["result"]
    assert changed["intent"] == "eligibility" and result["id"] == first["id"]
    assert [c["channel"] for c in result["channels"]] == ["push"] and result["holdout_share"] == 0.2
    assert result["audience"] == first["audience"]
    assert changed["steps"][-5:] == ["classify", "draft", "validate", "preview", "finish"]
    state = graph.get_state(config).values
    assert any(c.startswith("holdout_share: 10% -> 20%") for c in state["changes"]), state["changes"]
    assert any(c.startswith("channels") for c in state["changes"])


def test_a_question_in_between_keeps_the_draft_on_the_table(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    first = graph.invoke({"prompt": FIRST}, config, context=context)["result"]
    asked = graph.invoke({"prompt": "How many trial users viewed pricing twice?"}, config, context=context)
    assert asked["intent"] == "question"
    later = graph.invoke({"prompt": "also exclude users in France"}, config, context=context)["result"]
    assert later["id"] == first["id"] and later["suppressions"][-1]["condition"]["value"] == "FR"


def test_without_a_draft_or_for_an_approval_a_short_message_is_read_as_itself(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    alone = graph.invoke({"prompt": "make it email only"}, config, context=context)
    assert alone["result"]["kind"] == "refusal"  # nothing to change: read afresh, and nothing in it to draft
    graph.invoke({"prompt": FIRST}, config, context=context)
    approval = graph.invoke({"prompt": "approve it and send it now"}, config, context=context)
    assert approval["intent"] == "out_of_scope" and approval["result"]["kind"] == "refusal"


def test_chat_says_which_draft_a_change_is_about() -> None:
    from agent.chat import describe_update

    said = describe_update("classify", {"intent": "eligibility", "revising": {"id": "trial_pricing"}})
    assert said == "understood the request as: a change to the draft trial_pricing"
    assert describe_update("classify", {"intent": "debug"}) == "understood the request as: debug"


def test_a_value_no_rule_can_hold_is_refused_with_the_range_not_a_traceback(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    far = graph.invoke({"prompt": "users who viewed pricing in the last 5000 days, send a push"}, config, context=context)
    assert far["result"]["kind"] == "refusal" and far["error"] is None
    assert "within_days" in far["result"]["reason"] and "3650" in far["result"]["reason"] and "5000" in far["result"]["reason"]
    graph.invoke({"prompt": FIRST}, config, context=context)
    much = graph.invoke({"prompt": "hold out 80%"}, config, context=context)
    assert much["result"]["kind"] == "refusal" and "holdout_share" in much["result"]["reason"]


def test_a_data_question_over_a_window_no_query_can_hold_is_refused_with_the_range(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    out = graph.invoke({"prompt": "How many 99999 days push delivery?"}, config, context=context)
    assert out["intent"] == "question" and out["error"] is None
    assert out["result"]["kind"] == "refusal" and "99999" in out["result"]["reason"]
