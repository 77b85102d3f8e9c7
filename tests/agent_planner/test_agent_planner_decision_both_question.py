"""A question about the overlap before a stated order ("If a trial user qualifies for both A and B, which wins?
Set the priority: A first, then B, then C") says who the programs are for; the order after it ranks them.
Without an order after it, the question itself is the request (ordered by the priority principle)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.both_choice import rank_both_choice
from orchestrator.spec import TraitCondition


@pytest.mark.parametrize(("prompt", "ids", "people"), [
    ("If a trial user qualifies for both the support follow-up and the upgrade push, which wins? "
     "Set the priority: support first, then upgrade, then the weekly tips email.",
     ["support", "upgrade", "weekly_tips_email"], ("subscription_status", "trial")),
    ("When an Android user is eligible for both the win-back email and the survey, which one should go first? "
     "Win-back first, then the survey, then the newsletter.",
     ["win_back", "survey", "newsletter"], ("device_os", "android")),
])
def test_the_people_of_the_question_scope_every_program_of_the_order(
    planner: CatalogPlanner, prompt: str, ids: list[str], people: tuple[str, str],
) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in policy.rules] == ids  # no program drafted from the question's words
    trait, value = people
    for rule in policy.rules:
        said = [rule.audience, *getattr(rule.audience, "conditions", [])]
        assert TraitCondition(trait=trait, op="eq", value=value) in said, rule.id


def test_a_question_with_no_order_after_it_is_left_as_the_request() -> None:
    question = "If a trial user qualifies for both the support follow-up and the upgrade push, which wins?"
    assert rank_both_choice(question) == question
    assert rank_both_choice(question + " Support first.") == (
        "Trial users can qualify for both the support follow-up and the upgrade push. Support first.")
