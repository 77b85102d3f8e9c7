"""Eligibility requests that name only their program, and audiences of nothing the catalog holds: a program named
for its people ('the power-user program') targets them; one that names no people, or people in words the catalog
cannot read, is refused by name; people named by a trait the catalog lacks are refused saying what it has."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition


def _refusal(planner: CatalogPlanner, prompt: str) -> Refusal:
    assert planner.classify(prompt, planner.catalog) == "eligibility"
    result = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(result, Refusal), result
    return result


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("Create eligibility rules for the power-user program", T("activation_state", "eq", "committed")),
        ("Create eligibility rules for the loyalty program for power users", T("activation_state", "eq", "committed")),
        ("Define the audience for the trial users program", T("subscription_status", "eq", "trial")),
    ],
)
def test_a_program_named_for_its_people_targets_them(planner: CatalogPlanner, prompt: str, audience: Condition) -> None:
    # the request's words ('Create eligibility rules') were refused as people, the name cut as the message
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    ("prompt", "named"),
    [
        ("Create eligibility rules for the yoga challenge", "yoga challenge"),
        ("Create eligibility rules for the new program", "new program"),
        ("Create eligibility rules for the power-user program for heavy users", "heavy"),
    ],
)
def test_a_program_that_names_no_people_it_can_read_is_refused_by_name(
    planner: CatalogPlanner, prompt: str, named: str
) -> None:
    refusal = _refusal(planner, prompt)
    assert refusal.unmatched_phrases == [named]
    assert "People can be chosen by device_os" in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "named"),
    [("Users in Japan", "japan"), ("Users with NPS below 6", "nps"), ("customers on Windows phones", "windows")],
)
def test_people_named_by_what_the_catalog_lacks_are_refused_saying_what_it_has(
    planner: CatalogPlanner, prompt: str, named: str
) -> None:
    refusal = _refusal(planner, prompt)
    assert any(named in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases
    # the refusal names what people can be chosen by (as out of scope it said only that nothing matched)
    assert "country" in refusal.reason or "country = GB" in refusal.suggestions


def test_a_verb_reaching_people_of_unknown_words_is_refused_as_an_audience(planner: CatalogPlanner) -> None:
    refusal = _refusal(planner, "Invite heavy users to the beta program")
    # out of scope, it said only that nothing matched
    assert any("heavy" in p for p in refusal.unmatched_phrases) and "People can be chosen by" in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "people"),
    [
        ("Users who have subscribed before, send them a re-subscribe offer",
         [E("subscription_started"), T("subscription_status", "ne", "active")]),
        ("Folks who cancelled: email them a resubscribe deal", [T("subscription_status", "eq", "cancelled")]),
    ],
)  # fmt: skip
def test_the_message_sent_to_the_people_just_named_is_their_program(
    planner: CatalogPlanner, prompt: str, people: list[Condition]
) -> None:
    # the message clause has catalog words ('subscribe'): it was ranked as a second program, or after a colon
    # read as people who had subscribed
    rule = draft_rule(planner, prompt)
    assert list(getattr(rule.audience, "conditions", [rule.audience])) == people
    assert [s.condition for s in rule.stop_conditions] == [T("subscription_status", "eq", "active")]


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("Create eligibility rules for a power-user program that only targets users who completed 20 workouts",
         T("workouts_completed", "gte", 20)),
        ("Power-user program: users with 10+ workouts and a streak of 5",
         AllOf(conditions=[T("workouts_completed", "gte", 10), T("current_streak_days", "gte", 5)])),
    ],
)  # fmt: skip
def test_an_audience_counting_what_the_name_means_defines_it(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    # the catalog's committed (8+ workouts and one in 7 days) was added beside the heavy users the prompt defines
    rule = draft_rule(planner, prompt)
    assert rule.audience == audience
    assert "activation_state = committed is not added" in rule.description


def test_an_audience_of_another_kind_leaves_the_name_to_say_who(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Create eligibility rules for the power-user program that only targets users on iOS")
    assert rule.audience == AllOf(conditions=[T("activation_state", "eq", "committed"), T("device_os", "eq", "ios")])
