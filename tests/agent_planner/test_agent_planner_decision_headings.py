"""Headed sentences beside the programs: "Exit criteria: they subscribe" and "Stop conditions: when …" are
stops, "Suppressions: anyone with …" a suppression, "Edge cases: …" asks about the answer and is no program;
"Decide (the priority) between A for X and B for Y" frames the programs and is a decision."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner


def test_headed_stop_and_edge_case_sentences(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Win back users whose trial expired, ahead of the monthly digest for everyone else. Exit criteria: "
        "they subscribe. Edge cases: users who re-start a trial.",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["win_back", "monthly_digest"]
    assert T("subscription_status", "eq", "active") in [s.condition for s in rules[0].stop_conditions]


@pytest.mark.parametrize(
    "prompt",
    [
        "For trial users: (1) second workout (2) upgrade messaging. Exit criteria: they subscribe. Suppressions: "
        "anyone with a CSAT below 3.",
        "Trial users: first the second workout, then upgrade messaging. Stop conditions: when they subscribe. "
        "Suppressions: anyone with a CSAT below 3.",
    ],
)
def test_headed_guards_in_goal_lists(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    rules = by_priority(policy)
    assert len(rules) == 2
    assert any(s.condition == T("avg_csat", "lt", 3) and s.applies_to == "all" for s in policy.suppressions)
    subscribed = [E("subscription_started"), T("subscription_status", "eq", "active")]
    assert any(s.condition in subscribed for s in rules[1].stop_conditions)


@pytest.mark.parametrize(
    ("prompt", "audiences"),
    [
        (
            "Users with open billing tickets shouldn't get upgrade offers. Decide the priority between the "
            "upgrade offer for trial users and the support follow-up for users with an open ticket.",
            # the planner decides: support before upsell, churn save before upsell
            [T("open_tickets", "gte", 1), T("subscription_status", "eq", "trial")],
        ),
        (
            "Decide between the upgrade offer (high intent users) and the churn save (at-risk users).",
            [T("activation_state", "eq", "at_risk"), T("upgrade_intent", "eq", "high")],
        ),
    ],
)
def test_decide_between_frames_the_programs(planner: CatalogPlanner, prompt: str, audiences: list[T]) -> None:
    assert [r.audience for r in by_priority(draft_policy(planner, prompt))] == audiences


def test_decide_between_is_a_decision(planner: CatalogPlanner) -> None:
    prompt = (
        "Decide between the upgrade offer (high intent) and the churn save (at risk). Max 2 messages a week."
    )
    assert planner.classify(prompt, planner.catalog) == "decision"


def test_two_stops_in_one_sentence_reach_their_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priority: 1. support for users with open tickets 2. upgrade offer for high-intent trial users 3. "
        "re-engagement for users inactive 21+ days. Stop the upgrade offer when they subscribe and re-engagement "
        "when they complete a workout.",
    )
    _support, upgrade, reengage = by_priority(policy)
    assert T("subscription_status", "eq", "active") in [s.condition for s in upgrade.stop_conditions]
    assert all("workout" not in s.condition.model_dump_json() for s in upgrade.stop_conditions)
    assert [s.condition for s in reengage.stop_conditions] == [T("days_since_last_workout", "lt", 21)]


def test_a_people_heading_scopes_the_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "iOS users: push the streak saver to users with a 5+ day streak, then the upgrade nudge for users who "
        "compared plans.",
    )
    for rule in by_priority(policy):
        assert T("device_os", "eq", "ios") in rule.audience.conditions, rule.id  # type: ignore[union-attr]


def test_a_negation_in_one_sentence_stays_there(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For Android users in Brazil:\n1. Reactivation push for users inactive 10+ days\n2. Upgrade email for trial "
        "users who viewed pricing\n3. Referral ask for committed users\nNo messages to anyone with an open ticket.",
    )
    for rule in by_priority(policy):
        assert T("country", "eq", "BR") in rule.audience.conditions, rule.id  # type: ignore[union-attr]
    assert any(
        s.condition == T("open_tickets", "gte", 1) and s.id != "open_support_ticket"
        for s in policy.suppressions
    )


def test_we_need_to_choose_between_sending(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "We need to choose between sending the yoga challenge to yoga lovers and the HIIT challenge to users who "
        "prefer HIIT. Yoga wins.",
    )
    assert [r.id for r in by_priority(policy)] == ["yoga_challenge", "hiit_challenge"]


def test_a_stop_heading_before_a_stop_sentence_reads_the_sentence(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Define priorities for users acquired via TikTok: (1) get them to complete 2 workouts, (2) upgrade offer. "
        "Stop conditions: stop the workout program once they hit 2 workouts. Suppress users who opted out.",
    )
    workouts = by_priority(policy)[0]
    assert [s.condition for s in workouts.stop_conditions] == [T("workouts_completed", "gte", 2)]
