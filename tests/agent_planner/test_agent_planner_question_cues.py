"""Data questions asked with no question word, or with a slip in it, are questions: a breakdown of acts, a trait's
spread, an extreme value, a measure compared between two groups; a cap or a send request stays a rule."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan


@pytest.mark.parametrize(
    ("prompt", "read"),
    [
        ("Messages clicked by channel last week", "AS channel"),
        ("Support tickets by reason this month", "AS ticket_reason"),
        ("Workouts completed per day last week", "AS day"),
        ("Distribution of users by lifecycle stage", "GROUP BY activation_state"),
        ("How are users distributed across upgrade intent levels?", "GROUP BY upgrade_intent"),
        ("Max streak by country", "MAX(current_streak_days)"),
        ("Longest streak by platform", "MAX(current_streak_days)"),
        ("how mnay users are on iOS", "device_os = 'ios'"),
        ("avarage workouts for trail users", "AVG(workouts_completed)"),
        ("iOS vs Android: average workouts completed", "device_os IN ('ios', 'android')"),
        ("Compare average streak between trial and paid users", "subscription_status IN ('trial', 'active')"),
        ("compare runners and yoga lovers on median momentum", "MEDIAN(momentum_score)"),
        ("Do yoga users or runners have a higher momentum score?", "AVG(momentum_score)"),
    ],
)
def test_a_question_without_a_question_word_is_answered(planner: CatalogPlanner, prompt: str, read: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "question"
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    assert read in plan.sql


@pytest.mark.parametrize(
    ("prompt", "intent"),
    [
        ("max 2 pushes per week for trial users", "eligibility"),
        ("Send a push to trial users by each channel", "eligibility"),
        # a grouping word of acts inside a rule ("per day", "daily", "across channels") asks nothing
        ("max 1 push per day for trial users", "eligibility"),
        ("Remind lapsed users daily by push until they work out", "eligibility"),
        ("at most one message per day across channels for at-risk users", "eligibility"),
        ("re-engage churned users by each channel", "eligibility"),
        ("Compare activation between organic and TikTok users", "debug"),
    ],
)
def test_a_cap_a_send_or_a_metric_comparison_is_not_a_question(planner: CatalogPlanner, prompt: str, intent: str) -> None:
    assert planner.classify(prompt, planner.catalog) == intent
