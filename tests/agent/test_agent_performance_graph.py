"""The performance path through the graph with a scripted backend: routed before any planner reads the prompt,
read in words from the tool's figures, and refused plainly when the prompt names no rule that ran."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

from agent_fakes import FakeBackend, ScriptedPlanner
from scipy import stats

from agent.api import ask
from agent.performance_reading import read_performance, users_per_arm
from agent.types import Performance, Refusal
from orchestrator.measure.models import RuleMeasure
from orchestrator.measure.stats import Arm, relative_lift
from tools.performance import PerformanceReport, RanRule, Reach, RulePerformance

AS_OF = datetime(2026, 11, 2)
RAN = [RanRule(rule_id="upgrade_nudge"), RanRule(rule_id="second_workout", policy_id="trial_policy")]


def measured(rule_id: str, sent: tuple[int, int], held: tuple[int, int], contamination: int = 0) -> RuleMeasure:
    treatment, control = Arm(n=sent[0], conversions=sent[1]), Arm(n=held[0], conversions=held[1])
    return RuleMeasure(rule_id=rule_id, metric="subscription_started", window_days=14, treatment=treatment,
                       control=control, treatment_rate=treatment.rate, control_rate=control.rate,
                       lift=relative_lift(control, treatment), contamination=contamination)


def report(*items: RulePerformance) -> PerformanceReport:
    return PerformanceReport(as_of=AS_OF, rules=list(items))


def test_a_question_about_a_rule_never_reaches_the_planner(tmp_path: Path) -> None:
    planner = ScriptedPlanner(intent="eligibility")
    nudge = RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (4000, 480), (1000, 80)),
                            reach=Reach(run_id="run_1", as_of=AS_OF, outcomes={"send": 900, "holdout": 100}))
    backend = FakeBackend(ran=RAN, performance=report(nudge, RulePerformance(rule=RAN[1])))
    result = ask("Is the upgrade nudge working?", db=tmp_path / "w.duckdb", planner=planner, backend=backend, actor="maya")
    assert result.intent == "performance" and planner.usage.model_calls == 0
    assert isinstance(result.result, Performance)
    [reading] = result.result.rules
    # 12% of 4,000 sent against 8% of 1,000 held out: +50%, clearly above zero
    assert reading.verdict == "lift" and reading.lift is not None and abs(reading.lift - 0.5) < 1e-9
    assert "lifts subscription_started" in result.result.summary and "900 sent" in result.result.summary


def test_a_prompt_naming_no_rule_that_ran_is_refused_with_the_ones_that_did(tmp_path: Path) -> None:
    backend = FakeBackend(ran=RAN, performance=report())
    result = ask("How is the referral campaign doing?", db=tmp_path / "w.duckdb", planner=ScriptedPlanner(),
                 backend=backend, actor="maya")
    assert result.intent == "performance" and isinstance(result.result, Refusal)
    assert result.result.suggestions == ["upgrade_nudge", "second_workout", "trial_policy"]


def test_readings_say_no_clear_effect_and_what_it_would_take() -> None:
    item = RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (200, 22), (50, 5), contamination=3))
    answer = read_performance(report(item), "q")
    [reading] = answer.rules
    assert reading.verdict == "no_clear_effect"
    needed = users_per_arm(0.11, 0.10)
    assert needed is not None and f"about {needed:,} users in each arm" in reading.reading
    assert any("3 held-out user(s) of upgrade_nudge were messaged anyway" in c for c in answer.next_checks)


def test_a_rule_doing_worse_than_no_message_says_so_and_a_rule_without_a_metric_is_not_measured() -> None:
    worse = RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (5000, 250), (5000, 400)))
    answer = read_performance(report(worse, RulePerformance(rule=RAN[1])), "q")
    assert [r.verdict for r in answer.rules] == ["negative", "no_conversion_event"]
    assert "worse than no message: upgrade_nudge" in answer.summary and "no conversion event: second_workout" in answer.summary


def test_users_per_arm_matches_the_textbook_formula() -> None:
    # n = (z(0.975) + z(0.8))^2 (p1 q1 + p2 q2) / (p1 - p2)^2; 10% vs 12%: 7.849 * 0.1956 / 0.0004 = 3,838.1
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert users_per_arm(0.10, 0.12) == math.ceil(z**2 * (0.09 + 0.12 * 0.88) / 0.02**2) == 3839
    assert users_per_arm(0.1, 0.1) is None


def test_the_people_and_period_said_reach_the_tool(tmp_path: Path) -> None:
    backend = FakeBackend(ran=RAN, performance=report(RulePerformance(rule=RAN[0])))
    result = ask("How did the upgrade nudge do last month for Android users?", db=tmp_path / "w.duckdb",
                 planner=ScriptedPlanner(), backend=backend, actor="maya")
    assert backend.performance_filters == {"device_os": ["android"]} and backend.performance_by is None
    assert backend.performance_period is not None and backend.performance_period.label == "last month"
    assert isinstance(result.result, Performance)
    assert any("first decided last month" in n for n in result.result.notes)


def test_a_planner_that_reads_performance_the_router_missed_goes_down_the_same_path(tmp_path: Path) -> None:
    # the router does not read "how's ... going"; a model planner may classify it as performance itself
    planner = ScriptedPlanner(intent="performance")
    nudge = RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (4000, 480), (1000, 80)))
    backend = FakeBackend(ran=RAN, performance=report(nudge))
    result = ask("how's that nudge thing going lol", db=tmp_path / "w.duckdb", planner=planner, backend=backend,
                 actor="maya")
    assert planner.usage.model_calls == 1 and result.intent == "performance"
    assert isinstance(result.result, Performance) and [r.rule_id for r in result.result.rules] == ["upgrade_nudge"]


def test_nobody_decided_in_the_period_is_said_plainly() -> None:
    empty = RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (0, 0), (0, 0)))
    [reading] = read_performance(report(empty), "q").rules
    assert reading.verdict == "not_measurable" and "no run decided anyone" in reading.reading


def test_a_question_that_asks_for_a_ranking_orders_the_rules_by_lift_and_says_how_far_to_trust_it() -> None:
    extra = RanRule(rule_id="lapsed_winback")
    items = [
        RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (4000, 400), (1000, 90))),  # +11%, unclear
        RulePerformance(rule=RAN[1]),  # no conversion event: last
        RulePerformance(rule=extra, measure=measured("lapsed_winback", (4000, 480), (1000, 80))),  # +50%, clear
    ]
    answer = read_performance(report(*items), "rank our rules by lift")
    assert [r.rule_id for r in answer.rules] == ["lapsed_winback", "upgrade_nudge", "second_workout"]
    assert "Ranked by lift: lapsed_winback +50.0%, upgrade_nudge +11.1%." in answer.summary
    assert "Only the clear ones" in answer.summary
    # a question that asks for no order keeps the report's order and says nothing of ranks
    plain = read_performance(report(*items), "how are our rules doing?")
    assert [r.rule_id for r in plain.rules] == ["upgrade_nudge", "second_workout", "lapsed_winback"]
    assert "Ranked" not in plain.summary


def test_a_ranking_of_lifts_none_of_them_clear_says_the_order_could_change() -> None:
    items = [RulePerformance(rule=RAN[0], measure=measured("upgrade_nudge", (200, 20), (50, 6))),
             RulePerformance(rule=RAN[1], measure=measured("second_workout", (200, 24), (50, 5)))]
    answer = read_performance(report(*items), "Which rule converts best?")
    assert [r.rule_id for r in answer.rules] == ["second_workout", "upgrade_nudge"]
    assert "None of these lifts is clear yet" in answer.summary
