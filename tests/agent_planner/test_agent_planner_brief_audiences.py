"""A brief pasted from a ticket or a thread says who after its "Audience:" label; the sentences before it are
background, never conditions."""

from __future__ import annotations

from agent_planner_helpers import E, T

from agent.catalog_planner.brief_audience import audience_of_brief
from agent.catalog_planner.eligibility import draft_eligibility
from agent.catalog_planner.lexicon import build_lexicon
from orchestrator.spec import AllOf, Rule
from warehouse.catalog import Catalog


def test_the_audience_label_after_background_is_the_audience(catalog: Catalog) -> None:
    prompt = (
        "JIRA LC-412: Q3 winback. Context: retention dipped 4% last month after the pricing change. We want "
        "people who went quiet.\nAudience: users with 10 or more workouts who haven't completed a workout in 14 "
        "to 30 days."
    )
    rule = draft_eligibility(prompt, catalog, build_lexicon(catalog))
    assert isinstance(rule, Rule) and isinstance(rule.audience, AllOf)
    assert rule.audience.conditions == [
        T("workouts_completed", "gte", 10), E("workout_completed", "eq", 0, within=14), E("workout_completed", within=30)
    ]


def test_settings_after_the_label_are_kept(catalog: Catalog) -> None:
    prompt = "From the growth sync. Sarah wants a nudge for churned folks. Target: users who cancelled in the last 30 days, email only, 10% holdout"
    rule = draft_eligibility(prompt, catalog, build_lexicon(catalog))
    assert isinstance(rule, Rule)
    assert rule.audience == E("subscription_cancelled", within=30)
    assert [c.channel for c in rule.channels] == ["email"]
    assert rule.holdout_share == 0.1


def test_a_label_that_opens_the_prompt_or_a_heading_is_left_alone() -> None:
    assert audience_of_brief("Audience: users on iOS") == "Audience: users on iOS"
    assert audience_of_brief("Eligibility for the comeback push: lapsed users") == "Eligibility for the comeback push: lapsed users"
    assert audience_of_brief("Ticket CX-88: CSAT is falling. Segment: users with csat under 3") == "Segment: users with csat under 3"
