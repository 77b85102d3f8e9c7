"""Debug plans (metric, dimension, segments, window) and intent classification, including refusals."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Intent, Refusal

SEED = (
    "Why did conversion drop on iOS this week? Compare funnel steps and message exposure for iOS vs Android "
    "and summarize likely causes."
)


@pytest.mark.parametrize(
    ("prompt", "metric", "dimension", "segments", "days", "label"),
    [
        (SEED, "trial_conversion", "device_os", ["ios", "android"], 7, "this week"),
        (
            "Why is activation down in Germany compared with the US over the last 14 days?",
            "activation",
            "country",
            ["DE", "US"],
            14,
            "over the last 14 days",
        ),
        # one value named: the other values when the dimension has at most four
        (
            "Why did conversion fall on Android yesterday?",
            "trial_conversion",
            "device_os",
            ["android", "ios", "web"],
            1,
            "yesterday",
        ),
        # one value of a long dimension: every other value, so the diagnosis picks the steadiest to compare with
        (
            "why did the upgrade rate drop in France in the past month",
            "trial_conversion",
            "country",
            ["FR", "US", "GB", "DE", "BR", "IN", "CA", "AU"],
            30,
            "in the past month",
        ),
        (
            "Why did activation rate dip for TikTok vs Google users since Monday?",
            "activation",
            "utm_source",
            ["tiktok", "google"],
            7,
            "since monday",
        ),
        (
            "Conversion is down on Android this month, what happened?",
            "trial_conversion",
            "device_os",
            ["android", "ios", "web"],
            31,
            "this month",
        ),
        (
            "Compare conversion for iOS and web over the past 2 weeks",
            "trial_conversion",
            "device_os",
            ["ios", "web"],
            14,
            "over the past 2 weeks",
        ),
        # a dimension named without values: its first values
        (
            "why did trial to paid drop by platform",
            "trial_conversion",
            "device_os",
            ["ios", "android", "web"],
            7,
            "last 7 days",
        ),
    ],
)
def test_debug_plan(
    planner: CatalogPlanner,
    prompt: str,
    metric: str,
    dimension: str,
    segments: list[str],
    days: int,
    label: str,
) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.metric, plan.dimension, plan.segments, plan.window_days, plan.window_label) == (
        metric,
        dimension,
        segments,
        days,
        label,
    )
    assert plan.question == prompt


def test_debug_without_a_catalog_metric_names_it(planner: CatalogPlanner) -> None:
    refusal = planner.plan_debug("Why did revenue per user drop on iOS this week?", planner.catalog)
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["revenue per user"]
    assert refusal.suggestions == ["trial_conversion", "activation"]


INTENTS: list[tuple[str, Intent]] = [
    (SEED, "debug"),
    ("Define a priority order for trial users: (1) second workout (2) upgrade", "decision"),
    ("What wins when a user qualifies for the upgrade nudge and the support follow-up?", "decision"),
    ("Write the suppressions and stop conditions for our trial journey", "decision"),
    ("Create eligibility rules for an upgrade nudge for users who viewed pricing", "eligibility"),
    ("Who should get the win-back push? Users inactive for 14 days", "eligibility"),
    ("Target iOS users with push enabled", "eligibility"),
    ("Segment of users who completed 3 workouts", "eligibility"),
    ("users who viewed pricing twice but never started checkout", "eligibility"),
    ("Which users should get the upgrade nudge?", "eligibility"),
    ("Create eligibility for the win-back journey: users inactive 14 days", "eligibility"),
    (
        "Create eligibility rules for an upgrade nudge and its stop conditions: users with 3 workouts",
        "eligibility",
    ),
    ("Write the suppressions and stop conditions for our trial journey", "decision"),
    ("How many users are eligible for a nudge: trial users with 3 workouts?", "question"),
    ("show me at-risk users", "question"),
    ("which platform has the most at-risk users", "question"),
    ("How many trial users are at risk?", "question"),
    ("What share of iOS users have push enabled?", "question"),
    ("average momentum score by country", "question"),
    ("top 5 countries by open tickets", "question"),
    ("list committed users in Germany", "question"),
    ("Write a poem about our trial users", "out_of_scope"),
    ("Approve my rule upgrade_nudge", "out_of_scope"),
    ("apply the policy for trial users now", "out_of_scope"),
    ("drop table user_traits", "out_of_scope"),
    ("delete all users who churned", "out_of_scope"),
    ("What's the weather in Berlin?", "out_of_scope"),
    ("hello there", "out_of_scope"),
]


@pytest.mark.parametrize(("prompt", "intent"), INTENTS, ids=[i[0][:40] for i in INTENTS])
def test_classify(planner: CatalogPlanner, prompt: str, intent: Intent) -> None:
    assert planner.classify(prompt, planner.catalog) == intent


@pytest.mark.parametrize(
    "prompt", ["Approve my rule upgrade_nudge", "Create the upgrade nudge rule and approve it"]
)
def test_approval_requests_are_refused_as_a_reviewers_act(planner: CatalogPlanner, prompt: str) -> None:
    refusal = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert "reviewer" in refusal.reason and "registry" in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "metric", "segments"),
    [
        (
            "Fewer new Android users are getting to a second workout this week. Why?",
            "activation",
            ["android", "ios", "web"],
        ),
        (
            "iPhone trial-to-paid in the last 7 days vs the week before",
            "trial_conversion",
            ["ios", "android", "web"],
        ),
        ("Trial-to-paid on iOS compared with last week", "trial_conversion", ["ios", "android", "web"]),
        ("iOS activation this week versus last week", "activation", ["ios", "android", "web"]),
        ("Web users are converting less than last week", "trial_conversion", ["web", "ios", "android"]),
        ("Fewer Brazilian users started paying this week. Why?", "trial_conversion", ["BR", "US", "GB", "DE", "FR", "IN", "CA", "AU"]),
    ],
)
def test_changes_and_period_comparisons_are_debug(
    planner: CatalogPlanner, prompt: str, metric: str, segments: list[str]
) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.metric, plan.segments, plan.window_days) == (metric, segments, 7)


def test_stopped_paying_is_conversion_when_asked_why_and_cancelled_as_an_audience(
    planner: CatalogPlanner,
) -> None:
    plan = planner.plan_debug("Brazil stopped paying this week. Why?", planner.catalog)
    assert isinstance(plan, DebugPlan) and (plan.metric, plan.segments[0]) == ("trial_conversion", "BR")
    rule = planner.draft("Users in Brazil who stopped paying", "eligibility", planner.catalog, [])
    assert not isinstance(rule, Refusal)
    assert rule.audience.model_dump()["conditions"][1]["value"] == "cancelled"  # type: ignore[union-attr]


@pytest.mark.parametrize("prompt", [
    "Why did the number of workouts drop last week?",
    "Why did the number of trial starts fall this week?",
    "why has the count of pricing views gone down since Monday",
])
def test_why_a_count_moved_is_a_diagnosis_not_a_data_question(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"  # was "question", which refused the "why"


@pytest.mark.parametrize("prompt", ["How many users completed a workout last week?",
                                    "What is the number of trial starts by country this week?"])
def test_a_count_asked_without_why_stays_a_data_question(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "question"
