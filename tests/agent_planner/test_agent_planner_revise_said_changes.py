"""Changes to a draft said as a marketer says them. A new number for a condition the draft has ('make it 3 pricing
views', 'change the number of workouts to 2', 'at least 5 workouts', 'require 3 pricing views') replaces that
condition: it was refused, or added beside the old one ('pricing_views >= 2 and >= 3'); a comparison said with the
number is the new one's, none said keeps the old one's. Another value of a trait the draft names replaces it or joins
it ('make it android', 'android too'); channel, holdout and cap changes in their everyday words ('no push, email only',
'turn off the holdout', 'only send once a week')."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T

from agent.catalog_planner import CatalogPlanner
from agent.revision_cues import reads_as_revision
from agent.types import Refusal
from orchestrator.spec import AllOf, Policy, Rule

RULE = "Create a rule for trial users who viewed pricing twice"
POLICY = ("For trial users: (1) a second-workout push for users with exactly 1 workout (2) an upgrade email for users "
          "who viewed pricing twice")
TRIAL = T("subscription_status", "eq", "trial")


def _revise(planner: CatalogPlanner, prompt: str, message: str) -> Rule | Policy | Refusal:
    draft = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(draft, (Rule, Policy))
    return planner.revise(message, draft, planner.catalog, [])


@pytest.mark.parametrize("message", ["make it 3 pricing views", "actually, 3 pricing views instead",
                                     "change pricing views to 3", "at least 3 pricing views", "require 3 pricing views"])
def test_a_new_number_replaces_the_condition_on_the_same_measure(planner: CatalogPlanner, message: str) -> None:
    revised = _revise(planner, RULE, message)
    assert isinstance(revised, Rule) and revised.audience == AllOf(conditions=[TRIAL, T("pricing_views", "gte", 3)])


def test_an_added_condition_on_another_measure_or_side_is_still_added(planner: CatalogPlanner) -> None:
    pushed = _revise(planner, RULE, "also require push enabled")
    assert isinstance(pushed, Rule) and pushed.audience == AllOf(
        conditions=[TRIAL, T("pricing_views", "gte", 2), T("push_enabled", "eq", True)])
    ranged = _revise(planner, RULE, "require fewer than 10 pricing views")  # an upper bound beside the lower: a range
    assert isinstance(ranged, Rule) and T("pricing_views", "lt", 10) in ranged.audience.conditions  # type: ignore[union-attr]
    assert T("pricing_views", "gte", 2) in ranged.audience.conditions  # type: ignore[union-attr]


def test_a_number_for_a_measure_the_draft_lacks_is_refused_with_how_to_add_it(planner: CatalogPlanner) -> None:
    refused = _revise(planner, RULE, "at least 5 workouts")
    assert isinstance(refused, Refusal) and "has no condition on what 'at least 5 workouts' counts" in refused.reason
    assert "also require at least 5 workouts" in refused.reason


def test_in_a_policy_the_rules_with_the_condition_change_and_its_comparison_is_kept(planner: CatalogPlanner) -> None:
    revised = _revise(planner, POLICY, "make it 3 pricing views, and change the number of workouts to 2")
    assert isinstance(revised, Policy)
    first, second = (r.audience.conditions for r in revised.rules)  # type: ignore[union-attr]
    assert first == [TRIAL, T("workouts_completed", "eq", 2)]  # "exactly 1" stays exact
    assert second == [TRIAL, T("pricing_views", "gte", 3)]
    said = _revise(planner, POLICY, "at least 2 workouts")  # a comparison said replaces an exact number
    assert isinstance(said, Policy) and said.rules[0].audience.conditions[1] == T("workouts_completed", "gte", 2)  # type: ignore[union-attr]


def test_other_people_said_instead_replace_the_audience(planner: CatalogPlanner) -> None:
    revised = _revise(planner, RULE, "users in Germany instead")
    assert isinstance(revised, Rule) and revised.audience == T("country", "eq", "DE")


@pytest.mark.parametrize("message", ["require 3 pricing views", "at least 4 pricing views", "exactly 2 workouts",
                                     "4 pricing views instead", "users in Germany instead"])
def test_such_messages_read_as_a_change_to_the_draft_on_the_table(message: str) -> None:
    # they were drafted afresh: a new rule 'require_3_pricing' that lost the trial condition
    assert reads_as_revision(message)


@pytest.mark.parametrize("message", ["Create a rule for users in Spain", "Why did conversion drop instead of rising?",
                                     "Create eligibility rules for an upgrade nudge for users with at least 3 workouts"])
def test_new_requests_and_questions_still_are_not_changes(message: str) -> None:
    assert not reads_as_revision(message)


IOS_RULE = "Create a rule for trial users on iOS who viewed pricing twice"


@pytest.mark.parametrize(("message", "devices"), [
    ("make it android", "android"), ("switch to android users", "android"), ("android instead of ios", "android"),
    ("android only", "android"),  # the same trait narrowed to another value: that value, not iOS and Android at once
    ("android too", ["ios", "android"]), ("include android as well", ["ios", "android"]),
    ("not just ios, android too", ["ios", "android"]),
])
def test_another_value_of_a_trait_the_audience_names_replaces_or_joins_it(
    planner: CatalogPlanner, message: str, devices: str | list[str]
) -> None:
    assert reads_as_revision(message)  # a change to the draft, not a new rule for android users
    revised = _revise(planner, IOS_RULE, message)
    assert isinstance(revised, Rule) and isinstance(revised.audience, AllOf)
    op = "eq" if isinstance(devices, str) else "in"
    assert revised.audience.conditions == [TRIAL, T("device_os", op, devices), T("pricing_views", "gte", 2)]


def test_paid_users_in_place_of_trial_users_and_a_filler_word_inside_a_value(planner: CatalogPlanner) -> None:
    paid = _revise(planner, IOS_RULE, "make it for paid users")
    assert isinstance(paid, Rule) and T("subscription_status", "eq", "active") in paid.audience.conditions  # type: ignore[union-attr]
    # "and" opening "android" is no filler word to skip (it was read as 'roid')
    assert not isinstance(_revise(planner, IOS_RULE, "android only"), Refusal)


@pytest.mark.parametrize(("message", "changed"), [
    ("no push, email only", "channels"), ("remove the email follow-up", "channels"), ("drop the email fallback", "channels"),
    ("turn off the holdout", "holdout_share"), ("only send once a week", "frequency_cap"),
    ("just twice a week", "frequency_cap"),
])
def test_channel_holdout_and_cap_changes_said_as_marketers_say_them(
    planner: CatalogPlanner, message: str, changed: str
) -> None:
    draft = planner.draft(IOS_RULE, planner.classify(IOS_RULE, planner.catalog), planner.catalog, [])
    revised = _revise(planner, IOS_RULE, message)  # each was refused ('no', '1') or named no part of the draft
    assert isinstance(draft, Rule) and isinstance(revised, Rule)
    differs = [f for f in ("channels", "holdout_share", "frequency_cap", "audience") if getattr(draft, f) != getattr(revised, f)]
    assert differs == [changed]
    if message == "no push, email only":
        assert [s.channel for s in revised.channels] == ["email"]


TRIAL_POLICY = ("Define a priority order for trial users: (1) help users complete a second workout, (2) handle support "
                "issues, (3) upgrade messaging. Write the suppressions and stop conditions.")


def test_a_rule_of_the_policy_said_as_the_subject_of_its_change(planner: CatalogPlanner) -> None:
    draft = planner.draft(TRIAL_POLICY, "decision", planner.catalog, [])
    assert isinstance(draft, Policy)
    as_dict = draft.model_dump(mode="json")
    for message in ("upgrade messaging should only go to users who viewed pricing", "Support issues should be the top priority"):
        assert reads_as_revision(message, as_dict)  # a change to the policy on the table, not a new request
    narrowed = planner.revise("upgrade messaging should only go to users who viewed pricing", draft, planner.catalog, [])
    assert isinstance(narrowed, Policy)
    upgrade = next(r for r in narrowed.rules if r.id == "upgrade_messaging")
    assert T("pricing_views", "gte", 1) in upgrade.audience.conditions  # type: ignore[union-attr]
    moved = planner.revise("Support issues should be the top priority", draft, planner.catalog, [])
    assert isinstance(moved, Policy) and min(moved.rules, key=lambda r: r.priority).id == "support_issues"
