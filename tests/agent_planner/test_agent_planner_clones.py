"""A new rule made from a running one ("like the upgrade nudge, but for Android users"): the running rule's
audience, channels, caps and stops with the change made, under a new id; the running rule is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.clones import Clone, read_clone
from agent.types import Refusal
from orchestrator.spec import AllOf, ChannelStep, Policy, Rule, TraitCondition, load_spec_file
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NUDGE = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")
POLICY = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
assert isinstance(NUDGE, Rule) and isinstance(POLICY, Policy)


def draft(catalog: Catalog, prompt: str, *specs: Rule | Policy) -> Rule | Policy | Refusal:
    return CatalogPlanner(catalog, active_specs=lambda: list(specs)).draft(prompt, "eligibility", catalog, [])


@pytest.mark.parametrize(("prompt", "program", "change"), [
    ("Create a rule like the upgrade nudge for Android users", "upgrade nudge", "for Android users"),
    ("same as the upgrade nudge but email only", "upgrade nudge", "but email only"),
    ("A copy of the second workout rule, but only for users in Germany.", "second workout rule",
     "but only for users in Germany"),
    ("Make a version of upgrade nudge for iOS users", "upgrade nudge", "for iOS users"),
    ("clone the upgrade nudge with a 20% holdout", "upgrade nudge", "with a 20% holdout"),
])
def test_a_request_for_a_rule_like_a_running_one_names_the_program_and_the_change(
    prompt: str, program: str, change: str
) -> None:
    assert read_clone(prompt) == Clone(program=program, change=change)


@pytest.mark.parametrize("prompt", [
    "Create eligibility rules for an upgrade nudge that only targets users who completed 3 workouts",
    "Create a rule for users like power users who worked out 5 times",
    "Stop sending the upgrade nudge to users in France",
])
def test_other_requests_are_not_copies(prompt: str) -> None:
    assert read_clone(prompt) is None


def test_the_copy_keeps_the_running_rule_and_adds_the_people(catalog: Catalog) -> None:
    copy = draft(catalog, "Create a rule like the upgrade nudge, but for Android users", NUDGE, POLICY)
    assert isinstance(copy, Rule) and copy.id == "upgrade_nudge_android"
    assert isinstance(copy.audience, AllOf)
    assert copy.audience.conditions[:-1] == NUDGE.audience.conditions  # type: ignore[union-attr]
    assert copy.audience.conditions[-1] == TraitCondition(trait="device_os", op="eq", value="android")
    # everything else is the running rule's
    assert (copy.channels, copy.stop_conditions, copy.holdout_share, copy.conversion, copy.priority) == (
        NUDGE.channels, NUDGE.stop_conditions, NUDGE.holdout_share, NUDGE.conversion, NUDGE.priority)
    assert "Like upgrade_nudge" in copy.description


def test_a_rule_inside_a_policy_is_copied_alone(catalog: Catalog) -> None:
    second = next(r for r in POLICY.rules if r.id == "second_workout_help")
    copy = draft(catalog, "a copy of the second workout help rule, but only for users in Germany", NUDGE, POLICY)
    assert isinstance(copy, Rule) and copy.id == "second_workout_help_germany"
    assert copy.channels == second.channels and copy.stop_conditions == second.stop_conditions


def test_a_change_that_changes_nothing_is_refused(catalog: Catalog) -> None:
    already = NUDGE.model_copy(update={"id": "email_nudge", "channels": [ChannelStep(channel="email")]})
    refused = draft(catalog, "same as the email nudge but email only", already)
    assert isinstance(refused, Refusal) and "changes nothing in email_nudge" in refused.reason


def test_no_running_rule_by_that_name_drafts_the_prompt_as_any_other(catalog: Catalog) -> None:
    drafted = draft(catalog, "Create a nudge like a welcome email for users in Germany", NUDGE)
    assert not (isinstance(drafted, Rule) and drafted.id.startswith("upgrade_nudge"))
    # with no running rules at all, likewise: the prompt's own words are drafted (here, iOS users)
    fresh = draft(catalog, "Create a rule like the upgrade nudge but for iOS users")
    assert not (isinstance(fresh, Refusal) and "running rule" in fresh.reason)
