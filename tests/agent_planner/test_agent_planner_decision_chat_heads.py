"""Chat written without a comma or colon after the people ("for trial users upgrade nudge first then streak
challenge") scopes every program (the people reached the first one only, the second went to everyone else), and
a program named by its message ranked above the next with "then" or "before" ("save offer, then re-engagement",
"save offer before re-engagement push") is a decision (it was read as one audience); acts in a relative clause
("users who got the discount offer then purchased") stay one audience. People before a dash ("Lapsed subscribers -
A first, B second") or after a pair ("can u rank A vs B for at risk trial users") are every program's (the
programs without them were refused)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "scope", "count"),
    [
        ("for trial users upgrade nudge first then streak challenge, no more than 1 push a day", TRIAL, 2),
        ("for at risk users save offer before re-engagement push before weekly digest", AT_RISK, 3),
        ("For at-risk users: save offer, then re-engagement. Max 1 push a day and 4 messages a week.", AT_RISK, 2),
    ],
)
def test_every_program_is_for_the_people_said_first(
    planner: CatalogPlanner, prompt: str, scope: object, count: int
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == count
    assert all(scope == r.audience or scope in getattr(r.audience, "conditions", []) for r in rules)


@pytest.mark.parametrize(
    "prompt",
    ["users who got the discount offer then purchased", "Target users who got the welcome series then went quiet"],
)
def test_acts_in_a_relative_clause_stay_one_audience(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "eligibility"


@pytest.mark.parametrize(
    "prompt",
    [
        "Lapsed subscribers - win-back offer first, survey second, and stop the win-back offer when they resubscribe.",
        "Trial users \u2014 upgrade nudge first, then workout tips.",
    ],
)
def test_people_before_a_dash_are_every_programs(planner: CatalogPlanner, prompt: str) -> None:
    first, second = by_priority(draft_policy(planner, prompt))
    assert first.audience == second.audience  # the people said before the dash (the second was refused)


@pytest.mark.parametrize(
    "prompt",
    [
        "hey can u rank save offer vs upgrade nudge for at risk trial users",
        "save offer vs upgrade nudge for at-risk trial users?",
    ],
)
def test_the_people_after_a_pair_are_both_programs(planner: CatalogPlanner, prompt: str) -> None:
    save, nudge = by_priority(draft_policy(planner, prompt))
    assert (save.id, nudge.id) == ("save_offer", "upgrade_nudge")  # retention before upsell (priority_principle)
    for rule in (save, nudge):
        assert AT_RISK in getattr(rule.audience, "conditions", []) and TRIAL in getattr(rule.audience, "conditions", [])


@pytest.mark.parametrize(
    "prompt",
    [
        "New signups (joined in the last 7 days): lead with the welcome email; fall back to the workout tips push for "
        "anyone who hasn't opened the app.",
        "For new signups (joined in the last 7 days): the welcome email first, then the workout tips push for anyone "
        "who hasn't opened the app.",
    ],
)
def test_people_defined_in_brackets_head_every_program(planner: CatalogPlanner, prompt: str) -> None:
    welcome, tips = by_priority(draft_policy(planner, prompt))
    joined = T("days_since_signup", "lte", 7)
    assert welcome.audience == joined  # not the second program's "hasn't opened the app"
    assert joined in getattr(tips.audience, "conditions", []) and "app_opened" in str(tips.audience)
