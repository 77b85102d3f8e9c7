"""'help' and greetings get what the agent does; a file to write is refused with how to get the rows; 'which rule has
the biggest audience?' previews every running rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend, ScriptedPlanner, rule
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from agent.help_answer import CAPABILITIES, asks_for_help
from agent.nodes.refusals import asks_file_export
from agent.rule_audience import asks_every_audience, every_audience_answer


def _ask(tmp_path: Path, prompt: str, backend: FakeBackend | None = None) -> dict[str, Any]:
    backend = backend or FakeBackend()
    planner = ScriptedPlanner(intent="eligibility", drafts=[rule()] * 5)  # a model that drafts whatever it reads
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=planner, backend_override=backend)
    out: dict[str, Any] = build_graph(checkpointer=InMemorySaver()).invoke(
        {"prompt": prompt}, {"configurable": {"thread_id": "h"}}, context=context)
    return out


@pytest.mark.parametrize("prompt", ["help", "What can you do?", "hi there", "how do I create a rule?", "thanks!"])
def test_help_and_greetings_get_what_the_agent_does(tmp_path: Path, prompt: str) -> None:
    out = _ask(tmp_path, prompt)
    assert out["intent"] == "question" and out["result"]["kind"] == "answer"  # was: "does not do" refusal
    assert out["result"]["rows"] == CAPABILITIES


@pytest.mark.parametrize("prompt", ["help users complete a second workout", "hi-intent users get an upgrade offer",
                                    "Thanks to users who referred a friend, send a reward"])
def test_requests_that_open_with_those_words_are_not_help(prompt: str) -> None:
    assert not asks_for_help(prompt)


@pytest.mark.parametrize(("prompt", "export"), [
    ("export the trial users to a csv", True), ("download a spreadsheet of users who churned", True),
    ("can you save the at-risk users to a file", True),
    ("Send an email to users who exported a workout plan", False), ("users who downloaded the app", False),
])
def test_a_file_to_write_is_told_how_to_get_the_rows(tmp_path: Path, prompt: str, export: bool) -> None:
    assert asks_file_export(prompt) is export
    if export:
        refusal = _ask(tmp_path, prompt)["result"]
        assert refusal["kind"] == "refusal" and refusal["reason"].startswith("The agent writes no files")


@pytest.mark.parametrize("prompt", ["which rule has the biggest audience?", "rank our rules by audience size",
                                    "What rules reach the most people?", "show me the audience sizes of all our rules"])
def test_every_running_audience_is_asked_for(prompt: str) -> None:
    assert asks_every_audience(prompt)


def _preview(rule_id: str, size: int) -> dict[str, Any]:
    return {"base": 1000, "rules": [{"rule_id": rule_id, "priority": 1, "size": size, "share": size / 1000,
                                     "eligible": size, "holdout": {"expected_treatment": size, "expected_holdout": 0},
                                     "sends": {"sends_per_day": 1.0}, "sample_user_ids": []}]}


def test_every_audience_is_ranked_largest_first() -> None:
    answer = every_audience_answer([_preview("small", 10), _preview("large", 400), _preview("middle", 90)])
    assert [row[0] for row in answer.rows] == ["large", "middle", "small"]
    assert answer.question.endswith("the largest is large (400 users)")


def test_with_nothing_running_the_answer_says_so(tmp_path: Path) -> None:
    refusal = _ask(tmp_path, "which rule has the biggest audience?")["result"]
    assert refusal["kind"] == "refusal" and "nothing runs" in refusal["reason"]
