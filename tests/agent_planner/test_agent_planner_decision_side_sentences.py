"""Sentences beside a ranked list that are not programs: guards ("Hold off on all marketing while a ticket is
open", "Never send promos to people with an open ticket", "Exit when they cancel") and requests about the
answer ("What are the edge cases?", "Suppressions and stop conditions please") never become rules; a
suppression that names what a service rule's audience is made of spares that rule; a bulleted list keeps
its lines when a setting sentence is cut from the prompt."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner

TICKET = T("open_tickets", "gte", 1)


@pytest.mark.parametrize(
    "prompt",
    [
        "High support risk users: resolve support issues first, then win-back, then upgrade offers last. Hold "
        "off on all marketing while a ticket is open. What are the edge cases?",
        "For users with high support risk, first fix their support issues, then win them back, and finally "
        "pitch the upgrade. Pause all promotions while a ticket is open. Suppressions and stop conditions "
        "please.",
    ],
)
def test_guard_and_question_sentences_are_not_rules(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    rules = by_priority(policy)
    assert len(rules) == 3, [r.id for r in rules]
    assert all("support_risk" in names for names in audiences(policy))  # the head's scope reaches every rule
    assert "open_tickets" in audiences(policy)[0]
    service = rules[0]
    assert service.purpose == "service"
    held = [s for s in policy.suppressions if s.condition == TICKET]
    assert held, policy.suppressions
    # the hold on marketing while a ticket is open never silences the support rule itself
    for sup in held:
        assert sup.applies_to != "all" and service.id not in sup.applies_to


def test_never_send_promos_to_people_is_a_suppression(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Set the priority between onboarding emails, support follow-ups, and upgrade promos for users on a "
        "free trial. Support follow-ups win, then onboarding, then upgrade promos. Never send promos to "
        "people with an open ticket.",
    )
    assert [r.id for r in by_priority(policy)] == [
        "support_follow_ups",
        "onboarding_emails",
        "upgrade_promos",
    ]
    assert any(s.condition == TICKET and s.applies_to != "all" for s in policy.suppressions)


def test_exit_when_is_a_stop_and_bullets_survive_a_cut_setting(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priorities for paying subscribers:\n- renewal reminders\n- workout tips\n- upgrade to annual\n"
        "Keep a 10% holdout. Skip anyone with a CSAT below 3. Exit when they cancel.",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["renewal_reminders", "workout_tips", "upgrade_annual"]
    assert all(r.holdout_share == pytest.approx(0.1) for r in rules)
    for rule in rules:
        # cancelled now: a paying subscriber may have cancelled once before and come back
        assert T("subscription_status", "eq", "cancelled") in [s.condition for s in rule.stop_conditions], rule.id
    assert any(s.condition == T("avg_csat", "lt", 3) for s in policy.suppressions)


def test_leave_out_is_a_suppression_and_drop_them_once_a_stop(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: (1) second workout push (2) pricing email. Leave out anyone who opted out of "
        "marketing. Drop them once they compare plans.",
    )
    assert any(s.condition == T("marketing_opt_in", "eq", False) for s in policy.suppressions)
    for rule in by_priority(policy):
        stops = [s.condition for s in rule.stop_conditions]
        assert T("plan_comparisons", "gte", 1) in stops or E("plan_compared") in stops, rule.id
        assert T("marketing_opt_in", "eq", False) not in stops, rule.id


def test_headed_lists_and_exclude_sentences(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: (1) second workout nudge (2) upgrade offer. Suppress: opted-out users, users with open "
        "tickets. Exclude users whose CSAT is 2 or lower. Stop: once they subscribe.",
    )
    rules = by_priority(policy)
    for rule in rules:  # the suppressed states never leak into the audiences
        assert "marketing_opt_in" not in rule.audience.model_dump_json(), rule.id
    conditions = [s.condition for s in policy.suppressions]
    assert T("marketing_opt_in", "eq", False) in conditions
    assert T("avg_csat", "lte", 2) in conditions
    assert T("subscription_status", "eq", "active") in [s.condition for s in rules[1].stop_conditions]


def test_hold_a_named_program_for_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For at-risk users: (1) save offer (2) workout reminder. Hold the save offer for users who got a message "
        "in the last 2 days.",
    )
    assert any(s.condition == E("message_sent", "gte", 1, 2) for s in policy.suppressions)
