"""Audiences typed in a hurry: lists of excepted people, words that open the prompt, chat shorthand for units
and prepositions, and buying words."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal
from orchestrator.spec import AllOf, Condition

UK_BUT_NOT_TRIAL_OR_TICKETS = [
    T("country", "eq", "GB"),
    T("subscription_status", "ne", "trial"),
    T("open_tickets", "eq", 0),
]


def _leaves(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


@pytest.mark.parametrize(
    "prompt",
    [
        "everyone in the UK except trial users and those with open tickets",
        "users in the UK, excluding trial users and anyone with an open ticket",
        "users in the UK except trial users or people with open tickets",
    ],
)
def test_every_person_of_an_exception_list_is_excepted(planner: CatalogPlanner, prompt: str) -> None:
    assert _leaves(draft_rule(planner, prompt).audience) == UK_BUT_NOT_TRIAL_OR_TICKETS


def test_a_kept_condition_after_an_exception_stays_kept(planner: CatalogPlanner) -> None:
    # "and on iOS" names no people: it is said of everyone kept, not excepted
    audience = _leaves(draft_rule(planner, "users in the UK except trial users and on iOS").audience)
    assert T("device_os", "eq", "ios") in audience


@pytest.mark.parametrize(("prompt", "word"), [("sleepy users on iOS", "sleepy"), ("engaged users in Germany", "engaged")])
def test_words_opening_an_audience_are_said_of_the_people(planner: CatalogPlanner, prompt: str, word: str) -> None:
    refused = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(refused, Refusal), refused
    assert word in refused.unmatched_phrases


def test_a_state_opening_an_audience_is_read(planner: CatalogPlanner) -> None:
    names = {getattr(c, "trait", None) for c in _leaves(draft_rule(planner, "dormant users on iOS").audience)}
    assert names == {"days_since_last_workout", "device_os"}


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("target folks on mobile w/ push enabled who did 3+ workouts last wk", E("workout_completed", "gte", 3, 7)),
        ("users who haven't opened the app in over a mo", E("app_opened", "eq", 0, 30)),
        ("users with more than 2 workouts per week", T("workouts_completed_7d", "gt", 2)),
        ("users with more than 2 workouts per wk", T("workouts_completed_7d", "gt", 2)),
        ("users w/o push on ios", T("push_enabled", "eq", False)),
        ("users who haven't bought anything", E("subscription_started", "eq", 0)),
        ("users who bought the annual plan", E("subscription_started", plan="annual")),
        ("users who subscribed to the monthly plan", E("subscription_started", plan="monthly")),
    ],
)
def test_shorthand_and_buying_words(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert expected in _leaves(draft_rule(planner, prompt).audience)


def test_shorthand_in_a_data_question(planner: CatalogPlanner) -> None:
    plan = planner.plan_question("how many ppl w/o push are on android", planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    assert "push_enabled = FALSE" in plan.sql and "device_os = 'android'" in plan.sql


def test_every_word_naming_people_before_who_is_read(planner: CatalogPlanner) -> None:
    prompt = "Tiktok or Instagram users who haven't converted"
    refused = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(refused, Refusal) and refused.unmatched_phrases == ["instagram"]  # it was TikTok users only
    assert T("utm_source", "in", ["tiktok", "google"]) in _leaves(
        draft_rule(planner, "Tiktok or Google users who haven't converted").audience
    )


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("email users with 1-2 open tickets", T("open_tickets", "between", [1, 2])),
        ("users with a csat of 1 to 2", T("avg_csat", "between", [1, 2])),
        ("users inactive for 2-4 weeks", T("days_since_last_workout", "between", [14, 28])),
        ("users with no yoga workouts", E("workout_completed", "eq", 0, workout_type="yoga")),
        ("users who did HIIT workouts but no yoga workouts", E("workout_completed", "eq", 0, workout_type="yoga")),
    ],
)
def test_ranges_and_kinds_of_an_act(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert expected in _leaves(draft_rule(planner, prompt).audience)


@pytest.mark.parametrize(
    ("prompt", "channels", "kept"),
    [
        (
            "Goal: win back churned users. Audience: cancelled in the last 60 days, not in Brazil, opted in. "
            "Channels: email + push.",
            ["email", "push"],
            T("country", "ne", "BR"),
        ),
        (
            "Ticket CX-12: trial conversion is low. Target: trial users on iOS who viewed pricing twice. "
            "Channel: push only.",
            ["push"],
            T("pricing_views", "gte", 2),
        ),
    ],
)
def test_a_brief_with_labelled_lines_is_one_audience_with_its_channels(
    planner: CatalogPlanner, prompt: str, channels: list[str], kept: Condition
) -> None:
    rule = draft_rule(planner, prompt)  # the goal line made it a ranking of 'win back churned users' and the rest
    assert [c.channel for c in rule.channels] == channels
    assert kept in _leaves(rule.audience)


def test_a_channel_line_naming_no_channel_is_refused(planner: CatalogPlanner) -> None:
    prompt = "Audience: users in France. Channel: carrier pigeon."
    refused = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(refused, Refusal), refused


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("users who completed five or more workouts in the last fourteen days", [E("workout_completed", "gte", 5, 14)]),
        ("users with more than a dozen workouts", [T("workouts_completed", "gt", 12)]),
        ("users inactive for forty-five days", [T("days_since_last_workout", "gte", 45)]),
        ("users who registered in the last 24 hours", [T("days_since_signup", "lte", 1)]),
        (
            "users who signed up over a week ago but under a month ago",
            [T("days_since_signup", "gt", 7), T("days_since_signup", "lt", 30)],
        ),
    ],
)
def test_numbers_in_words_and_a_second_time_of_the_same_act(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    assert _leaves(draft_rule(planner, prompt).audience) == expected


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("high momentum users (score 70+) on iOS", T("momentum_score", "gte", 70)),
        ("users with low csat (below 3)", T("avg_csat", "lt", 3)),
    ],
)
def test_a_bare_bound_in_parentheses_defines_a_level_of_the_measure(
    planner: CatalogPlanner, prompt: str, expected: Condition
) -> None:
    # "high momentum users" alone is refused (no number); the parenthesis says which (it was dropped)
    assert expected in _leaves(draft_rule(planner, prompt).audience)
