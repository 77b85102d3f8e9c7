"""Words said of the people an eligibility rule targets: one the catalog cannot read is named in a refusal that
says what people can be chosen by (never dropped, leaving a wider audience), and a slip of a catalog word is
mended only when the prompt cannot be read as typed."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.refusals import refusal_for
from agent.types import Refusal


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        (
            "Create eligibility rules for the mothers day promo that only targets female users who like yoga.",
            "female",
        ),
        ("Create eligibility rules for the dad promo that targets male users on iOS", "male"),
        (
            "Create eligibility rules for the family plan that only targets parents with at least 3 workouts",
            "parents",
        ),
        ("create eligibility rules for the spring promo targeting users aged 25-34 in the US", "aged 25-34"),
    ],
)
def test_a_people_word_the_catalog_lacks_is_refused_by_name(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    intent = planner.classify(prompt, planner.catalog)
    refusal = planner.draft(prompt, intent, planner.catalog, [])
    assert isinstance(refusal, Refusal), refusal
    assert phrase in refusal.unmatched_phrases
    # nothing is like the phrase: the refusal says what the catalog does choose people by, not spelling neighbours
    assert "People can be chosen by" in refusal.reason and "preferred_workout_type" in refusal.reason
    assert "user_id" not in refusal.suggestions
    assert set(refusal.suggestions) <= {t.name for t in planner.catalog.traits if t.filterable}


def test_framing_before_the_people_is_no_condition(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner, "Create eligibility rules for the app tour that only targets existing users on Android"
    )
    assert rule.audience == T("device_os", "eq", "android")


def test_a_near_phrase_is_still_offered(planner: CatalogPlanner) -> None:
    refusal = refusal_for(["workout complete"], ["message_sent"], planner.catalog, what="audience phrase")
    assert "workouts_completed" in refusal.suggestions and "message_sent" not in refusal.suggestions
    assert "People can be chosen by" not in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "audience", "note"),
    [
        (
            "create eligibilty rules for the upgrade nudge that only targets trail users who looked at pricing more "
            "than 3 times",
            [T("subscription_status", "eq", "trial"), T("pricing_views", "gt", 3)],
            "'trail' read as 'trial'",
        ),
        (
            "Create eligibility rules for the promo that only targets users in Grmany who are activted",
            [T("country", "eq", "DE"), T("activation_state", "eq", "activated")],
            "'grmany' read as 'germany'",
        ),
    ],
)
def test_a_slip_is_mended_when_the_prompt_cannot_be_read_as_typed(
    planner: CatalogPlanner, prompt: str, audience: list[object], note: str
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.kind == "all" and rule.audience.conditions == audience
    assert note in rule.description
