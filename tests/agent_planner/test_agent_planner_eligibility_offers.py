"""Eligibility prompts about what a program offers and the words said after its message: an offer of a state is
for people who can still enter it, the offer's words lend the people nothing, a guard after the message is kept,
a message the people 'should get' names the rule, and a lapse said with no number is the planner's threshold."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition, Rule


def _conditions(rule: Rule) -> list[Condition]:
    return list(rule.audience.conditions) if isinstance(rule.audience, AllOf) else [rule.audience]


@pytest.mark.parametrize(
    "prompt",
    [
        "Create eligibility rules for a trial offer that only targets users who viewed pricing twice",
        "Users who viewed pricing twice, send them a free-trial invite",
    ],
)
def test_an_offer_of_the_trial_is_for_people_not_in_it_nor_past_it(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    conditions = _conditions(rule)
    assert T("pricing_views", "gte", 2) in conditions
    # paying comes after the trial in the catalog's funnel: neither those in a trial nor paying users are offered one
    assert T("subscription_status", "not_in", ["trial", "active"]) in conditions
    assert T("subscription_status", "eq", "trial") not in conditions
    assert [s.condition for s in rule.stop_conditions] == [T("subscription_status", "in", ["trial", "active"])]
    assert rule.conversion is not None and rule.conversion.event == "trial_started"
    assert "is what the program offers" in rule.description


def test_an_offer_named_by_its_event_is_for_people_not_in_its_state(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Send a subscription discount to users from TikTok who compared plans")
    assert T("subscription_status", "ne", "active") in _conditions(rule)
    assert [s.condition for s in rule.stop_conditions] == [T("subscription_status", "eq", "active")]


@pytest.mark.parametrize(
    ("prompt", "kept"),
    [
        # an extension of the trial is offered to people in it; a yoga class names no state anyone enters
        ("Create eligibility rules for a trial extension offer for users whose trial ends in 2 days",
         T("subscription_status", "eq", "trial")),
        ("Create eligibility rules for a yoga class invite that only targets users who like yoga",
         T("preferred_workout_type", "eq", "yoga")),
    ],
)  # fmt: skip
def test_an_offer_of_no_state_is_not_negated(planner: CatalogPlanner, prompt: str, kept: Condition) -> None:
    conditions = _conditions(draft_rule(planner, prompt))
    assert kept in conditions
    assert not any(getattr(c, "op", "") in ("ne", "not_in") for c in conditions), conditions


@pytest.mark.parametrize(
    "prompt",
    [
        "Users who viewed pricing twice, send them an upgrade offer",
        "People who looked at pricing at least twice, email them an upgrade nudge",
    ],
)
def test_the_offers_words_after_the_people_lend_them_no_condition(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    # 'upgrade' names what the message asks for: no past subscription_started is required of the people
    assert _conditions(rule) == [T("pricing_views", "gte", 2), T("subscription_status", "ne", "active")]
    assert rule.id == "upgrade_offer" or rule.id == "upgrade_nudge"


@pytest.mark.parametrize(
    ("prompt", "people"),
    [
        ("Users on iOS who haven't worked out in 10 days, send them a push reminder, and skip anyone with an open "
         "ticket", [T("device_os", "eq", "ios"), T("days_since_last_workout", "gte", 10)]),
        ("For users in Germany who completed 3 workouts, send a digest, but skip anyone with an open ticket",
         [T("country", "eq", "DE"), T("workouts_completed", "gte", 3)]),
    ],
)  # fmt: skip
def test_a_guard_after_the_message_is_kept(planner: CatalogPlanner, prompt: str, people: list[Condition]) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == people
    assert T("open_tickets", "gte", 1) in [s.condition for s in rule.suppressions]


def test_sending_them_a_message_before_a_clause_is_no_request_to_send_now(planner: CatalogPlanner) -> None:
    assert planner.classify("Users on iOS, send them a reminder, but skip anyone with an open ticket", planner.catalog) == (
        "eligibility"
    )
    assert planner.classify("Send them the messages now, and skip anyone with an open ticket", planner.catalog) == (
        "out_of_scope"
    )


@pytest.mark.parametrize(
    ("prompt", "people", "channel"),
    [
        ("Trial users who viewed pricing should get the upgrade email, and skip anyone with an open ticket",
         [T("subscription_status", "eq", "trial"), T("pricing_views", "gte", 1)], "email"),
        ("Users on iOS who haven't worked out in 10 days get a push reminder",
         [T("device_os", "eq", "ios"), T("days_since_last_workout", "gte", 10)], "push"),
        ("For users in Germany who completed 3 workouts, send an email digest and exclude people with open tickets",
         [T("country", "eq", "DE"), T("workouts_completed", "gte", 3), T("open_tickets", "eq", 0)], "email"),
    ],
)  # fmt: skip
def test_a_message_the_people_get_names_the_rule(
    planner: CatalogPlanner, prompt: str, people: list[Condition], channel: str
) -> None:
    rule = draft_rule(planner, prompt)
    # 'get a push' was read as a message_sent event and push disabled; 'upgrade' as a past upgrade
    assert _conditions(rule) == people
    assert [c.channel for c in rule.channels] == [channel]


def test_the_people_s_own_receipt_of_a_message_stays_a_condition(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users who didn't receive a push reminder this week")
    assert rule.audience == E("message_sent", "eq", 0, within=7, channel="push")


@pytest.mark.parametrize(
    "prompt",
    ["Send lapsed users a win-back email", "Create eligibility rules for dormant users on web", "Push inactive folks"],
)
def test_a_lapse_with_no_number_is_the_planners_threshold_said_in_the_rule(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert T("days_since_last_workout", "gte", 14) in _conditions(rule)
    assert "a lapse is taken as 14 days" in rule.description
    assert T("days_since_last_workout", "lt", 14) in [s.condition for s in rule.stop_conditions]


def test_a_lapse_with_a_number_or_a_negated_act_keeps_its_own(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "users lapsed 30+ days").audience == T("days_since_last_workout", "gte", 30)
    # with no period, never: the trait is null for whoever never worked out
    assert draft_rule(planner, "Users who haven't worked out, send a reminder").audience == T(
        "days_since_last_workout", "is_null", None
    )


def test_a_goal_the_audience_already_holds_is_no_stop(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Expired trial users from facebook or google")
    assert T("subscription_status", "eq", "expired") in _conditions(rule)
    # a stop of 'expired' ended every member's rule on its first run
    assert T("subscription_status", "eq", "expired") not in [s.condition for s in rule.stop_conditions]
