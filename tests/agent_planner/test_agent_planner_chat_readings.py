"""Readings of prompts as marketers and analysts type them: acts the warehouse does not record, a plan term said
of people, a message's topic, "mobile", states an act leaves in the past, and requests pasted from chat."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_helpers import T, draft_policy, draft_rule
from agent_planner_question_helpers import answer

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, Policy

MOBILE = T("device_os", "in", ["ios", "android"])


def _leaves(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


def _refusal(planner: CatalogPlanner, prompt: str) -> Refusal:
    intent = planner.classify(prompt, planner.catalog)
    refused = planner.draft(prompt, intent, planner.catalog, [])
    assert isinstance(refused, Refusal), refused
    return refused


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("Send a thank-you push to users who refer a friend", "refer a friend"),
        ("people referring friends get a badge email", "referring friends"),
        ("push users who have referred someone", "referred"),
        ("users who referred 2 friends this month get a reward email", "referred friends"),
    ],
)
def test_an_act_said_with_an_acquisition_source_word_is_refused_by_name(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    refused = _refusal(planner, prompt)
    assert refused.unmatched_phrases == [phrase]
    assert any(s.startswith("utm_source = referral") for s in refused.suggestions)


@pytest.mark.parametrize(
    "prompt",
    ["Email users who came from a referral", "email referred users", "users who were referred by a friend"],
)
def test_people_who_arrived_by_referral_keep_the_acquisition_source(planner: CatalogPlanner, prompt: str) -> None:
    assert T("utm_source", "eq", "referral") in _leaves(draft_rule(planner, prompt).audience)


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("Email annual subscribers about the new feature", "annual subscribers"),
        ("push to monthly subscribers who haven't worked out in 10 days", "monthly subscribers"),
        ("annual plan subscribers on iOS", "annual plan subscribers"),
    ],
)
def test_a_plan_term_said_of_people_is_reported_not_dropped(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    refused = _refusal(planner, prompt)
    assert phrase in refused.unmatched_phrases and all(p in phrase for p in refused.unmatched_phrases)
    assert any("recorded only on subscription_started" in s for s in refused.suggestions)


def test_a_property_value_of_an_unrelated_event_beside_people_is_no_plan_term(planner: CatalogPlanner) -> None:
    # "other" is a ticket's reason in the catalog; it says nothing about trial users' subscriptions
    assert draft_rule(planner, "the upgrade nudge for other trial users").audience == T(
        "subscription_status", "eq", "trial"
    )


@pytest.mark.parametrize(
    ("prompt", "audience", "channels"),
    [
        ("workout reminders for android users", T("device_os", "eq", "android"), None),
        ("yoga class promo for runners", T("preferred_workout_type", "eq", "running"), None),
        ("the pricing email for everyone on trial", T("subscription_status", "eq", "trial"), ["email"]),
        ("Email trial users about the new pricing", T("subscription_status", "eq", "trial"), ["email"]),
        ("Push runners about the new yoga classes", T("preferred_workout_type", "eq", "running"), ["push"]),
    ],
)
def test_a_message_topic_is_no_condition_on_the_people(
    planner: CatalogPlanner, prompt: str, audience: Condition, channels: list[str] | None
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience == audience
    if channels is not None:
        assert [c.channel for c in rule.channels] == channels


def test_people_words_after_a_message_label_are_still_held_to_the_catalog(planner: CatalogPlanner) -> None:
    assert _refusal(planner, "Send a push to sleepy users in Germany").unmatched_phrases


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Push to mobile users who are inactive 5 days", MOBILE),
        ("target folks on mobile w/ push enabled who did 3+ workouts last week", MOBILE),
        ("send the feature announcement email to everyone opted in on mobile", MOBILE),
        ("email users not on mobile", T("device_os", "not_in", ["ios", "android"])),
        ("Email desktop users who opted in", T("device_os", "eq", "web")),
    ],
)
def test_mobile_is_either_phone_system(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert expected in _leaves(draft_rule(planner, prompt).audience)


@pytest.mark.parametrize(
    ("prompt", "intent"),
    [
        ("hey team, quick one — how many trial users viewed pricing this week?", "question"),
        ("@analytics how many users are at risk? thanks!", "question"),
        ("hey all — quick q: what share of android users have push enabled?", "question"),
        ("@growth can we prioritize win-back over onboarding for lapsed users? thanks!", "decision"),
        ("morning folks! need an audience of users in Brazil who haven't opened the app in 2 weeks pls", "eligibility"),
    ],
)
def test_chat_framing_does_not_change_the_intent(planner: CatalogPlanner, prompt: str, intent: str) -> None:
    assert planner.classify(prompt, planner.catalog) == intent


def test_chat_framing_names_no_rule(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "@growth can we push at-risk users on android? thanks!")
    assert rule.id == "push_at_risk"
    assert [c.channel for c in rule.channels] == ["push"]
    assert draft_rule(planner, "hey team, quick one — can we email trial users who viewed pricing twice?").id == (
        "email_trial"
    )


def _programs(policy: Policy) -> list[tuple[str, Condition]]:
    return [(r.id, r.audience) for r in sorted(policy.rules, key=lambda r: r.priority)]


def test_if_otherwise_is_a_program_and_the_rest(planner: CatalogPlanner) -> None:
    viewed = T("pricing_views", "gte", 1)
    policy = draft_policy(planner, "if they've viewed pricing, send the discount email, otherwise send the feature tour")
    assert _programs(policy) == [("discount_email", viewed), ("feature_tour", T("pricing_views", "eq", 0))]
    at_risk = draft_policy(planner, "if someone is at risk, send the win-back push, if not send the weekly digest")
    assert _programs(at_risk) == [
        ("win_back_push", T("activation_state", "eq", "at_risk")),
        ("weekly_digest", T("activation_state", "ne", "at_risk")),
    ]


USERS = [
    # user_id, country, subscription_status, device_os
    ("u1", "US", "cancelled", "ios"),
    ("u2", "US", "active", "android"),
    ("u3", "DE", "active", "web"),
    ("u4", "DE", "cancelled", "web"),
    ("u5", "FR", "trial", "ios"),
]
EVENTS = [
    ("2026-01-30 10:00", "u1", "subscription_cancelled"),
    ("2026-01-02 10:00", "u4", "subscription_cancelled"),  # more than 30 days before the data's end
    ("2025-12-01 10:00", "u1", "subscription_started"),
    ("2025-12-01 10:00", "u2", "trial_started"),
    ("2025-12-10 10:00", "u2", "subscription_started"),
    ("2025-12-01 10:00", "u3", "subscription_started"),  # a direct purchase: no trial
    ("2025-12-01 10:00", "u4", "trial_started"),
    ("2025-12-05 10:00", "u4", "subscription_started"),
    ("2026-01-25 10:00", "u5", "trial_started"),
    ("2026-02-05 10:00", "u5", "workout_completed"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "chat.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE user_traits(user_id VARCHAR, country VARCHAR, subscription_status VARCHAR, device_os VARCHAR)"
    )
    con.executemany("INSERT INTO user_traits VALUES (?, ?, ?, ?)", USERS)
    con.execute("CREATE TABLE fct_events(event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR, properties JSON)")
    con.executemany("INSERT INTO fct_events VALUES (?, ?, ?, '{}')", EVENTS)
    return con


def _answer(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str) -> list[tuple[object, ...]]:
    return answer(planner, con, prompt)


@pytest.mark.parametrize(
    ("prompt", "count"),
    [
        # u1 cancelled in the window (and is no longer active); u4 cancelled before it
        ("how many paying customers cancelled in the last 30 days", 1),
        # last month is January, the calendar month before the data's end (Feb 5): both cancelled in it
        ("How many subscribers cancelled last month?", 2),
    ],
)
def test_people_named_by_the_state_an_act_ended_are_counted_by_the_act(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int
) -> None:
    assert _answer(planner, con, prompt) == [(count,)]


def test_a_ranking_by_trial_conversions_counts_trials_that_converted(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    # u2 (US) and u4 (DE) started a trial and then paid; u3 paid directly, u5 is still on trial
    rows = _answer(planner, con, "Top 5 countries by trial conversions")
    assert sorted(rows) == [("DE", 1), ("US", 1)]


def test_a_state_no_act_ends_stays_a_condition(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    # starting a trial keeps a trial user on trial: u5 is counted as a trial user; u2 and u4 started one and paid
    assert _answer(planner, con, "how many trial users started a trial in the last 30 days") == [(1,)]


def test_mobile_in_a_data_question(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    assert _answer(planner, con, "how many mobile users are there") == [(3,)]
    assert _answer(planner, con, "How many users on mobile cancelled in the last 30 days?") == [(1,)]
    # "this month" is the calendar month of the data's end (Feb 1 to 5): u1 cancelled in January
    assert _answer(planner, con, "How many users on mobile cancelled this month?") == [(0,)]


def test_framing_words_that_open_a_request_are_kept(planner: CatalogPlanner) -> None:
    # "morning" greets only with punctuation or people after it; here it names the message
    rule = draft_rule(planner, "morning workout reminders for android users")
    assert rule.id == "morning_workout_reminders" and rule.audience == T("device_os", "eq", "android")
    # what people asked about is said of them, not the message's topic
    assert "asked annual plan" in _refusal(planner, "users who asked about the annual plan").unmatched_phrases
