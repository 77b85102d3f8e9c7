"""A question about a level ("why is conversion so low in India?") is answered with where the segments stand now."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_fakes import WINDOW, FakeBackend, ScriptedPlanner, funnel_rows

from agent.api import ask
from agent.backend import ExposureEvidence, FunnelEvidence
from agent.debug_level import asked_level, asks_rates, level_note
from agent.types import DebugPlan, Diagnostic

STEPS = ["trial_started", "workout_completed", "subscription_started"]
# a: 30% then 10% of 1,000; b: 30% then 25%; c: 30% then 11% (as low as a)
FUNNEL = (funnel_rows("a", [1000, 600, 300], [1000, 500, 100], STEPS)
          + funnel_rows("b", [1000, 600, 300], [1000, 600, 250], STEPS)
          + funnel_rows("c", [1000, 600, 300], [1000, 500, 110], STEPS))


@pytest.mark.parametrize(("question", "level"), [
    ("Why is trial conversion so low in India?", "low"),
    ("why is iOS activation worse than Android", "low"),
    ("Why is our conversion this bad for TikTok users compared to organic?", "low"),
    ("how come activation is way higher on web than on iOS?", "high"),
    ("why did conversion drop on iOS?", None),
    ("why is conversion lower than last week?", None),
    ("why is conversion worse than it was before?", None),
])
def test_a_level_is_read_from_the_question(question: str, level: str | None) -> None:
    assert asked_level(question) == level


def test_the_level_asked_is_confirmed_with_both_segments_current_rates() -> None:
    note = level_note("m", FUNNEL, "a", "b", "low", {})
    assert note == "In the current period m for a is 10.0% against 25.0% for b, so it is lower for a. "


def test_a_level_the_data_do_not_show_is_said() -> None:
    assert level_note("m", FUNNEL, "b", "a", "low", {}).startswith(
        "The question says m is lower for b, but in the current period it is higher: m for b is 25.0% against 10.0% for a")
    assert "the gap is not significant" in level_note("m", FUNNEL, "a", "c", "low", {})


def test_no_level_asked_says_nothing() -> None:
    assert level_note("m", FUNNEL, "a", "b", None, {}) == "" and level_note("m", FUNNEL, "a", None, "low", {}) == ""


def test_the_diagnosis_of_a_level_question_opens_with_it(tmp_path: Path) -> None:
    question = "Why is conversion so much worse for a than for b?"
    backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=FUNNEL, sql={}), exposure=ExposureEvidence(rows=[], sql={}))
    plan = DebugPlan(question=question, metric="m", dimension="device_os", segments=["a", "b"])
    result = ask(question, db=tmp_path / "w.duckdb", planner=ScriptedPlanner(intent="debug", debug=plan), backend=backend)
    assert isinstance(result.result, Diagnostic)
    assert result.result.summary.startswith("In the current period m for a is 10.0% against 25.0% for b")
    assert "m for a went from 30.0% to 10.0%" in result.result.summary


def test_values_said_together_are_compared_with_another_and_said(tmp_path: Path) -> None:
    question = "Why did conversion drop for a and c?"
    backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=FUNNEL, sql={}), exposure=ExposureEvidence(rows=[], sql={}))
    plan = DebugPlan(question=question, metric="m", dimension="device_os", segments=["a", "c", "b"], also=["c"])
    result = ask(question, db=tmp_path / "w.duckdb", planner=ScriptedPlanner(intent="debug", debug=plan), backend=backend)
    assert isinstance(result.result, Diagnostic)
    assert result.result.segments[:2] == ["a", "b"]  # c moved with a, so b is the comparison
    assert result.result.summary.endswith("The question names c too: m for c went from 30.0% to 11.0% (a significant fall).")


@pytest.mark.parametrize(("question", "asks"), [
    ("What's the trial conversion rate by platform?", True),
    ("show me activation by country last week", True),
    ("Why did conversion drop on iOS?", False),
    ("what happened to conversion on iOS this week?", False),
    ("What's behind the drop in activation?", False),
])
def test_a_question_of_the_rates_is_told_from_one_of_a_movement(question: str, asks: bool) -> None:
    assert asks_rates(question) is asks


def test_the_diagnosis_of_a_rates_question_opens_with_each_segment_s_rate(tmp_path: Path) -> None:
    # it narrated the change first, as if a drop had been asked about
    question = "What's the conversion rate by platform?"
    backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=FUNNEL, sql={}), exposure=ExposureEvidence(rows=[], sql={}))
    plan = DebugPlan(question=question, metric="m", dimension="device_os", segments=["a", "b", "c"])
    result = ask(question, db=tmp_path / "w.duckdb", planner=ScriptedPlanner(intent="debug", debug=plan), backend=backend)
    assert isinstance(result.result, Diagnostic)
    assert result.result.summary.startswith(
        "m in the current period: a 10.0% (of 1,000), b 25.0% (of 1,000), c 11.0% (of 1,000). Against the period before: ")
