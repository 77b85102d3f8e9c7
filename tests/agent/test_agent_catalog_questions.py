"""Questions about the catalog itself are answered from it: what a name means, what exists, whether a thing is tracked."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_fakes import FakeBackend, ScriptedPlanner, rule
from langgraph.checkpoint.memory import InMemorySaver

from agent.catalog_questions import read_catalog_question
from agent.context import Context
from agent.graph import build_graph
from warehouse.catalog import load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize(("prompt", "names"), [
    ("What does momentum_score mean?", [("trait", "momentum_score")]),
    ("what is momentum score", [("trait", "momentum_score")]),
    ("How is support_risk computed?", [("trait", "support_risk")]),
    ("what does trial conversion mean?", [("metric", "trial_conversion")]),
    ("define upgrade intent", [("trait", "upgrade_intent")]),
])
def test_a_definition_question_names_the_entries(prompt: str, names: list[tuple[str, str]]) -> None:
    ask = read_catalog_question(prompt, CATALOG)
    assert ask is not None and ask.asked == "define" and ask.names == names


@pytest.mark.parametrize(("prompt", "topics"), [
    ("Which traits can I use?", ["traits"]), ("what events do we track?", ["events"]), ("list the metrics", ["metrics"]),
    ("what can I target on?", ["traits", "events"]), ("show me all the available events", ["events"]),
])
def test_a_listing_question_names_its_topics(prompt: str, topics: list[str]) -> None:
    ask = read_catalog_question(prompt, CATALOG)
    assert ask is not None and ask.asked == "list" and ask.topics == topics


@pytest.mark.parametrize("prompt", [
    "what is the average momentum score?", "What is trial conversion this week?", "what is the share of iOS users?",
    "Users who viewed pricing twice, send them a push", "Why did conversion drop on iOS this week?",
    "do we have users in France?", "what does a good upgrade nudge look like?", "which users are at risk?",
])
def test_questions_about_users_or_requests_are_left_to_their_paths(prompt: str) -> None:
    assert read_catalog_question(prompt, CATALOG) is None


def _graph(tmp_path: Path) -> tuple[object, Context, FakeBackend]:
    backend = FakeBackend()
    planner = ScriptedPlanner(intent="eligibility", drafts=[rule()] * 10)  # a model that drafts whatever it reads
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=planner, backend_override=backend)
    return build_graph(checkpointer=InMemorySaver()), context, backend


def test_the_answer_is_the_catalog_entry_not_a_draft(tmp_path: Path) -> None:
    graph, context, backend = _graph(tmp_path)
    out = graph.invoke({"prompt": "what does momentum_score mean?"}, {"configurable": {"thread_id": "d"}},
                       context=context)  # type: ignore[attr-defined]
    answer = out["result"]
    assert out["intent"] == "question" and answer["kind"] == "answer" and backend.proposals == []
    assert [row[0] for row in answer["rows"]] == ["momentum_score"]
    assert answer["rows"][0][4] == CATALOG.trait("momentum_score").description


def test_something_untracked_is_said_missing_with_the_value_that_says_it(tmp_path: Path) -> None:
    graph, context, _ = _graph(tmp_path)
    out = graph.invoke({"prompt": "Is there an event for referrals?"}, {"configurable": {"thread_id": "r"}},
                       context=context)  # type: ignore[attr-defined]
    answer = out["result"]  # was: a rule for users whose utm_source is referral
    assert answer["kind"] == "answer" and answer["question"] == "No event for 'referrals' in the catalog"
    assert "a trait value says it: utm_source = referral" in answer["notes"]
    assert [row[0] for row in answer["rows"]] == ["utm_source"]
    tracked = graph.invoke({"prompt": "do we track workouts?"}, {"configurable": {"thread_id": "w"}},
                           context=context)["result"]  # type: ignore[attr-defined]
    assert tracked["question"] == "'workouts' is in the catalog as workout_completed"


def test_a_listing_holds_every_trait_of_the_catalog(tmp_path: Path) -> None:
    graph, context, _ = _graph(tmp_path)
    answer = graph.invoke({"prompt": "which traits can I use?"}, {"configurable": {"thread_id": "l"}},
                          context=context)["result"]  # type: ignore[attr-defined]
    assert [row[0] for row in answer["rows"]] == CATALOG.trait_names
