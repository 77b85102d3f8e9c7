"""A fallback said of one program in a decision prompt ("if they don't open it, a push 2 days later") is that
program's second step, sent only to those who did not open (or click) the first; it is never a program of its
own, and one that names no program it can be told from is said in the edge cases."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.fallback_steps import take_fallbacks
from orchestrator.spec import Rule


def _plan(rule: Rule) -> list[tuple[str, int, str]]:
    return [(s.channel, s.delay_hours, s.only_if) for s in rule.channels]


def test_it_is_the_program_said_just_before(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Lapsed subscribers first get a win-back email; if they don't open it, a push 2 days later. Support "
        "issues beat the win-back.",
    )
    support, win_back = by_priority(policy)
    assert win_back.id == "win_back_email"
    assert all(s.only_if != "previous_not_opened" or s.channel != "push" for s in support.channels)
    assert _plan(win_back) == [("email", 0, "always"), ("push", 48, "previous_not_opened")]


def test_the_channel_named_finds_its_program_and_adds_no_rule(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For android users who haven't worked out in 10 days, send the comeback push before the feature "
        "education email. If they don't open the push, send an email 24 hours later.",
    )
    assert [r.id for r in by_priority(policy)] == ["comeback_push", "feature_education_email"]
    push, education = by_priority(policy)
    assert _plan(push) == [("push", 0, "always"), ("email", 24, "previous_not_opened")]
    assert [s.channel for s in education.channels] == ["email"]


def test_a_click_fallback_by_name_in_a_numbered_list(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: 1) upgrade offer 2) onboarding tips. If they don't click the upgrade offer, send a "
        "text the next day.",
    )
    offer, tips = by_priority(policy)
    assert _plan(offer)[1] == ("sms", 24, "previous_not_clicked")
    assert len(tips.channels) <= 2 and all(s.channel != "sms" for s in tips.channels)


def test_a_fallback_naming_no_program_is_said_not_applied(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: 1) upgrade offer 2) onboarding tips. If they don't open the survey, send a push.",
    )
    assert any("names no one program" in e for e in policy.edge_cases)
    assert all(s.channel != "push" or s.only_if == "always" for r in policy.rules for s in r.channels)


def test_text_without_a_fallback_is_kept_as_it_was() -> None:
    text = "If they don't open the app in 7 days, remind them. Trial users first."
    assert take_fallbacks(text) == (text, [])


def test_a_fallback_after_a_semicolon_leaves_the_ranking_whole(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "At-risk subscribers: save offer before the feedback survey; if they don't open the save offer, send an "
        "SMS a day later. Suppress anyone who contacted support in the last 3 days.",
    )
    offer, survey = by_priority(policy)
    assert (offer.id, survey.id) == ("save_offer", "feedback_survey")
    assert _plan(offer)[1] == ("sms", 24, "previous_not_opened")
    assert all(s.channel != "sms" for s in survey.channels)
