"""The tool's own words are said when asked ("what's the difference between a suppression and a stop condition?")."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_fakes import FakeBackend, ScriptedPlanner, rule
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.glossary import TERMS, read_glossary_question
from agent.graph import build_graph


@pytest.mark.parametrize(("prompt", "terms"), [
    ("what's the difference between a suppression and a stop condition?", ["suppression", "stop condition"]),
    ("What is a holdout?", ["holdout"]), ("how does the frequency cap work?", ["frequency cap"]),
    ("holdout vs control group", ["holdout", "control group"]), ("what does priority mean?", ["priority"]),
    ("How is a holdout different from the global control group?", ["holdout", "control group"]),
])
def test_the_terms_asked_about_are_read(prompt: str, terms: list[str]) -> None:
    assert read_glossary_question(prompt) == terms


@pytest.mark.parametrize("prompt", ["what is the holdout of the upgrade nudge?", "what's the holdout share of the "
                                    "upgrade nudge?", "what is momentum score?", "users with a priority support plan"])
def test_questions_about_one_rule_or_the_catalog_are_not(prompt: str) -> None:
    assert read_glossary_question(prompt) is None


def test_the_answer_says_each_term_and_drafts_nothing(tmp_path: Path) -> None:
    backend = FakeBackend()
    planner = ScriptedPlanner(intent="eligibility", drafts=[rule()] * 5)  # a model that drafts whatever it reads
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=planner, backend_override=backend)
    out = build_graph(checkpointer=InMemorySaver()).invoke(
        {"prompt": "what's the difference between a suppression and a stop condition?"},
        {"configurable": {"thread_id": "g"}}, context=context)
    answer = out["result"]  # was: "This asks for something the command center does not do"
    assert answer["kind"] == "answer" and backend.proposals == []
    assert [row[:2] for row in answer["rows"]] == [["suppression", TERMS["suppression"][1]],
                                                   ["stop condition", TERMS["stop condition"][1]]]
