"""Requests to run, apply or approve are refused; questions with a condition the catalog lacks refuse by name."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal


@pytest.mark.parametrize(
    "prompt",
    [
        "run the executor now",
        "Run the executor",
        "execute the campaign",
        "send the messages now",
        "send all pending emails",
        "publish the policy",
        "activate this rule for trial users",
        "deliver the queued pushes",
        "apply the draft",
        "start the campaign now",
        "please run mcc run for me",
    ],
)
def test_running_or_applying_is_a_reviewers_act(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "out_of_scope"
    refusal = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert "mcc run" in refusal.reason and "reviewer" in refusal.reason


@pytest.mark.parametrize(
    "prompt",
    [
        "create a rule that sends a push to trial users",
        "send a nudge to trial users who viewed pricing",
        "help users complete a workout",
        "Run a campaign for trial users who viewed pricing",
        "Send the welcome emails to users who signed up this week",
    ],
)
def test_drafting_requests_with_sending_words_stay_drafts(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "eligibility"


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("How many users have a credit card that expires this month?", "credit card"),
        ("How many trial users own a smartwatch?", "own smartwatch"),
        ("What share of paying users have a referral coupon?", "coupon"),
    ],
)
def test_question_with_an_unmapped_condition_refuses_naming_it(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, Refusal), plan
    assert phrase in plan.unmatched_phrases


def test_question_words_around_catalog_terms_still_plan(planner: CatalogPlanner) -> None:
    for prompt in ("How many users use the app on Android", "How many users are at risk right now"):
        assert isinstance(planner.plan_question(prompt, planner.catalog, []), QuestionPlan), prompt
