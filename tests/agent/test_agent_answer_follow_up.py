"""In a chat thread, a follow-up to a diagnosis or a data answer ("and on Android?", "what about last week?") asks
the last question again with that part changed, in words the planner reads as it read the first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend
from langgraph.checkpoint.memory import InMemorySaver

from agent.answer_follow_up import follow_up_prompt
from agent.catalog_planner import CatalogPlanner
from agent.context import Context
from agent.graph import build_graph
from agent.types import QuestionAnswer
from warehouse.catalog import load_catalog

WHY = ("Why did conversion drop on iOS this week? Compare funnel steps and message exposure for iOS vs Android "
       "and summarize likely causes.")


@pytest.mark.parametrize(("previous", "follow_up", "asked"), [
    ("Why did conversion drop on iOS this week?", "and on Android?", "Why did conversion drop on Android this week?"),
    ("Why did conversion drop on iOS this week?", "what about last month?", "Why did conversion drop on iOS last month?"),
    # a period matched with the space before it keeps it ("dropin October" was read as no period)
    ("Why did activation drop last week?", "and in October?", "Why did activation drop in October?"),
    ("Why did conversion drop on iOS this week?", "ok, what about web since Monday?",
     "Why did conversion drop on web since Monday?"),
    ("Why did conversion drop on iOS this week?", "and for trial users?",
     "Why did conversion drop on iOS this week for trial users?"),
    # the segment compared with changes places with the one asked about; a new one takes the old one's places
    (WHY, "what about Android?", WHY.replace("iOS", "@").replace("Android", "iOS").replace("@", "Android")),
    (WHY, "and web?", WHY.replace("iOS", "web")),
    ("How many trial users viewed pricing in France in the last 7 days?", "what about Germany?",
     "How many trial users viewed pricing in Germany in the last 7 days?"),
    ("How many trial users viewed pricing?", "what about active subscribers?",
     "How many active subscribers viewed pricing?"),
    # a channel takes the place of the channel asked about ("… this week push?" was asked)
    ("what changed for ios email this week?", "what about push?", "what changed for ios push this week?"),
    ("why did push delivery drop on iOS?", "and email?", "why did email delivery drop on iOS?"),
])
def test_the_part_a_follow_up_names_takes_the_place_of_the_same_part(previous: str, follow_up: str, asked: str) -> None:
    assert follow_up_prompt(previous, follow_up, load_catalog()) == asked


def thread(tmp_path: Path) -> tuple[Any, dict[str, Any], Context, list[str]]:
    queries: list[str] = []

    def answer(sql: str) -> QuestionAnswer:
        queries.append(sql)
        return QuestionAnswer(question="q", sql=sql, columns=["users"], rows=[[3]])

    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=CatalogPlanner(load_catalog()),
                      backend_override=FakeBackend(sql=answer))
    config = {"configurable": {"thread_id": "t"}, "recursion_limit": 40}
    return build_graph(checkpointer=InMemorySaver()), config, context, queries


def test_a_data_question_asked_again_for_another_country_queries_that_country(tmp_path: Path) -> None:
    graph, config, context, queries = thread(tmp_path)
    first = graph.invoke({"prompt": "How many trial users viewed pricing in France?"}, config, context=context)
    assert first["intent"] == "question" and "'FR'" in queries[-1]
    again = graph.invoke({"prompt": "what about Germany?"}, config, context=context)
    assert again["intent"] == "question" and again["prompt"] == "How many trial users viewed pricing in Germany?"
    assert "'DE'" in queries[-1] and "'FR'" not in queries[-1]
    assert graph.get_state(config).values["last_answered"]["prompt"] == again["prompt"]  # the next follows this one


def test_a_draft_in_between_ends_the_follow_ups(tmp_path: Path) -> None:
    graph, config, context, _ = thread(tmp_path)
    graph.invoke({"prompt": "How many trial users viewed pricing in France?"}, config, context=context)
    graph.invoke({"prompt": "Create eligibility rules for trial users who viewed pricing twice"}, config, context=context)
    assert graph.get_state(config).values["last_answered"] is None
    later = graph.invoke({"prompt": "what about Germany?"}, config, context=context)
    assert later["prompt"] == "what about Germany?"  # read as itself, not as the question two messages back
