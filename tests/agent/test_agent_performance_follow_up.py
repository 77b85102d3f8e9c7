"""In a chat thread, a follow-up to a performance answer ("and on iOS?", "what about the second workout rule?",
"rank them by lift") measures the last question again with what it changes; anything else starts afresh."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend
from langgraph.checkpoint.memory import InMemorySaver

from agent.catalog_planner import CatalogPlanner
from agent.context import Context
from agent.graph import build_graph
from agent.performance_follow_up import AskedPerformance, reads_as_follow_up
from agent.performance_scope import followed_by, performance_scope
from orchestrator.measure.models import RuleMeasure
from orchestrator.measure.stats import Arm, relative_lift
from tools.performance import PerformanceReport, RanRule, RulePerformance
from warehouse.catalog import load_catalog

AS_OF = datetime(2026, 11, 2)
RAN = [RanRule(rule_id="upgrade_nudge"), RanRule(rule_id="second_workout", policy_id="trial_policy")]


def measured(rule_id: str, sent: tuple[int, int], held: tuple[int, int]) -> RuleMeasure:
    treatment, control = Arm(n=sent[0], conversions=sent[1]), Arm(n=held[0], conversions=held[1])
    return RuleMeasure(rule_id=rule_id, metric="subscription_started", window_days=14, treatment=treatment,
                       control=control, treatment_rate=treatment.rate, control_rate=control.rate,
                       lift=relative_lift(control, treatment), contamination=0)


def thread(tmp_path: Path) -> tuple[Any, dict[str, Any], Context, FakeBackend]:
    report = PerformanceReport(as_of=AS_OF, rules=[
        RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (400, 40), (100, 9))),
        RulePerformance(rule=RAN[1], measure=measured("second_workout", (400, 60), (100, 10)))])
    backend = FakeBackend(ran=RAN, performance=report)
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=CatalogPlanner(load_catalog()),
                      backend_override=backend)
    config = {"configurable": {"thread_id": "t"}, "recursion_limit": 40}
    return build_graph(checkpointer=InMemorySaver()), config, context, backend


def measured_rules(out: dict[str, Any]) -> list[str]:
    return [r["rule_id"] for r in out["result"]["rules"]]


def test_follow_ups_change_the_people_the_rule_and_the_order_and_keep_the_rest(tmp_path: Path) -> None:
    graph, config, context, backend = thread(tmp_path)
    first = graph.invoke({"prompt": "How is the upgrade nudge doing?"}, config, context=context)
    assert first["intent"] == "performance" and measured_rules(first) == ["upgrade_nudge"]

    on_ios = graph.invoke({"prompt": "and on iOS?"}, config, context=context)
    assert on_ios["intent"] == "performance" and measured_rules(on_ios) == ["upgrade_nudge"]
    assert backend.performance_filters == {"device_os": ["ios"]}
    assert on_ios["result"]["notes"][0] == "Following up on 'How is the upgrade nudge doing?'."

    other_rule = graph.invoke({"prompt": "what about the second workout rule?"}, config, context=context)
    assert measured_rules(other_rule) == ["second_workout"] and backend.performance_filters == {"device_os": ["ios"]}

    android = graph.invoke({"prompt": "Android?"}, config, context=context)  # a filter on the same trait replaces it
    assert measured_rules(android) == ["second_workout"] and backend.performance_filters == {"device_os": ["android"]}

    split = graph.invoke({"prompt": "split by country"}, config, context=context)
    assert backend.performance_by == "country" and backend.performance_filters == {"device_os": ["android"]}
    assert "then 'and on iOS?'; 'what about the second workout rule?'; 'Android?'" in split["result"]["notes"][0]


def test_a_pronoun_question_and_a_ranking_follow_up_the_rules_asked_about(tmp_path: Path) -> None:
    graph, config, context, _ = thread(tmp_path)
    graph.invoke({"prompt": "How are the upgrade nudge and the second workout rule doing?"}, config, context=context)
    ranked = graph.invoke({"prompt": "rank them by lift"}, config, context=context)
    assert ranked["intent"] == "performance" and measured_rules(ranked) == ["second_workout", "upgrade_nudge"]
    assert "Ranked by lift" in ranked["result"]["summary"]
    again = graph.invoke({"prompt": "is it working for android users?"}, config, context=context)
    assert again["intent"] == "performance" and measured_rules(again) == ["upgrade_nudge", "second_workout"]


def test_another_request_ends_the_follow_ups(tmp_path: Path) -> None:
    graph, config, context, _ = thread(tmp_path)
    graph.invoke({"prompt": "How is the upgrade nudge doing?"}, config, context=context)
    drafted = graph.invoke({"prompt": "Create a rule for iOS users who viewed pricing twice"}, config, context=context)
    assert drafted["intent"] == "eligibility"
    # the performance question is no longer the last one: "and on Android?" is not a follow-up to it
    later = graph.invoke({"prompt": "and on Android?"}, config, context=context)
    assert later["intent"] != "performance"


@pytest.mark.parametrize("prompt", [
    "and on iOS?", "what about the second workout rule?", "rank them by lift", "last month?", "split by platform",
    "ok, and for users in France?", "only new users", "how about Android", "is it working on web?",
    "compare October vs September", "compare iOS and Android",
])
def test_short_continuations_read_as_follow_ups(prompt: str) -> None:
    assert reads_as_follow_up(prompt)


@pytest.mark.parametrize("prompt", [
    "Why did it drop on iOS?",  # a diagnosis
    "only iOS users who viewed pricing twice, send them a push",  # a draft
    "Create a rule for Android users",
    "How many users completed a second workout last week in Germany and France on Android?",  # a question of its own
    "looks good",
    "Is the second workout rule working?",  # asks afresh, naming its rule
    "Compare workouts in October vs September",  # its own subject over two periods: measured "first decided in october"
    "compare app opens between August and September",
])
def test_requests_and_full_questions_are_not_follow_ups(prompt: str) -> None:
    assert not reads_as_follow_up(prompt)


def test_a_follow_up_replaces_each_part_it_names_and_keeps_the_others() -> None:
    catalog = load_catalog()
    earlier = AskedPerformance(question="q", filters={"device_os": ["ios"], "country": ["FR"]}).scope()
    later = followed_by(earlier, performance_scope("and on Android?", [], catalog))
    assert later.filters == {"country": ["FR"], "device_os": ["android"]} and later.by is None
    split = followed_by(later, performance_scope("split by platform", [], catalog))
    assert split.by == "device_os" and split.filters == {"country": ["FR"]}
    back = followed_by(split, performance_scope("just iOS", [], catalog))
    assert back.by is None and back.filters == {"country": ["FR"], "device_os": ["ios"]}


@pytest.mark.parametrize("prompt", ["how is it doing on android?", "and how did it do on iOS?", "how did they do last month?"])
def test_how_it_went_said_of_the_rules_just_measured_is_a_follow_up(prompt: str) -> None:
    # "how is email doing on web?" asks for a diagnosis of a channel; said of "it", the rules just measured
    assert reads_as_follow_up(prompt)
