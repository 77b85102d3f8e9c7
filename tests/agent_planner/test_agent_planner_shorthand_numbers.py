"""Chat shorthand digits: '4' for 'for' and '2' for 'to' before the people addressed ('a rule 4 users who …',
'send a push 2 ppl who …' were refused naming '4' and '2'); a digit before what a count counts, or after a word
that takes a number, stays a count."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.chat_shorthand import spell_out
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("pls make a rule 4 users who opened the app 5+ times this wk", E("app_opened", count=5, within=7)),
        ("send a push 2 ppl who did 3 workouts in the last 7 days", E("workout_completed", count=3, within=7)),
        ("can u set up a reminder 2 trial users who r 2 days from the end of their trial",
         AllOf(conditions=[T("subscription_status", "eq", "trial"), T("trial_days_left", "lte", 2)])),
        ("eligibility rules 4 the win-back email: ppl who cancelled in the last 30 days",
         E("subscription_cancelled", within=30)),
    ],
)  # fmt: skip
def test_a_digit_before_the_people_is_a_preposition(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    "text",
    [
        "users who completed 4 workouts",
        "in the last 2 weeks",
        "at least 4 users",
        "between 2 and 4 new users",
        "users who did 2 yoga workouts",
        "users who got 2 pushes",
    ],
)
def test_a_digit_that_counts_stays_a_count(text: str) -> None:
    assert spell_out(text) == text


def test_a_chat_request_with_counts_of_them_reads_whole(planner: CatalogPlanner) -> None:
    # 'yo' before 'can we' greets (the rule was 'yo_can_finish'); '0 of them' counts this week's workouts
    rule = draft_rule(
        planner,
        "yo can we get an eligibility rule for the 'finish strong' push - ppl who started 2+ workouts this wk but "
        "finished 0 of them, android only, max 1 push/day",
    )
    assert rule.id == "finish_strong_push"
    assert rule.audience == AllOf(
        conditions=[
            E("workout_started", count=2, within=7),
            E("workout_completed", "eq", 0, within=7),
            T("device_os", "eq", "android"),
        ]
    )
    assert [c.channel for c in rule.channels] == ["push"]
    assert rule.frequency_cap is not None and (rule.frequency_cap.max_sends, rule.frequency_cap.per_days) == (
        1,
        1,
    )
