"""Leaving people out of a running program: the next version of the rule the prompt names, never a rule that
targets the people it asked to leave out."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.exclusions import Exclusion, read_exclusion
from agent.types import Refusal
from orchestrator.spec import ChannelStep, Policy, Rule, TraitCondition, load_spec_file
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NUDGE = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")  # push, then email
POLICY = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
assert isinstance(NUDGE, Rule) and isinstance(POLICY, Policy)


def planner_with(catalog: Catalog, *specs: Rule | Policy) -> CatalogPlanner:
    return CatalogPlanner(catalog, active_specs=lambda: list(specs))


def draft(catalog: Catalog, prompt: str, *specs: Rule | Policy) -> Rule | Policy | Refusal:
    return planner_with(catalog, *specs).draft(prompt, "eligibility", catalog, [])


@pytest.mark.parametrize(
    ("prompt", "program", "people"),
    [
        ("Stop sending upgrade emails to people with open billing tickets", "upgrade emails",
         "people with open billing tickets"),
        ("please don't send the streak push to users in France.", "streak push", "users in France"),
        ("Exclude users in Germany from the second workout push.", "second workout push", "users in Germany"),
        ("keep churned members out of our win-back emails", "win-back emails", "churned members"),
        ("Users with high support risk should not get the upgrade nudge", "upgrade nudge",
         "Users with high support risk"),
        ("Pause the upgrade messaging for android users", "upgrade messaging", "android users"),
    ],
)
def test_one_sentence_asking_to_leave_people_out_names_the_program_and_the_people(
    prompt: str, program: str, people: str
) -> None:
    assert read_exclusion(prompt) == Exclusion(program=program, people=people)


@pytest.mark.parametrize(
    "prompt",
    [
        "Create an upgrade nudge for users who viewed pricing, excluding users with open tickets.",
        "Send the streak push to users in France. Stop once they subscribe.",
        "Stop sending upgrade emails once users subscribe",  # a stop condition of a new rule, no people
        "Target trial users who completed 3 workouts",
    ],
)
def test_prompts_that_describe_who_to_target_are_not_exclusions(prompt: str) -> None:
    assert read_exclusion(prompt) is None


def test_the_named_rule_comes_back_as_its_next_version_with_the_people_suppressed(catalog: Catalog) -> None:
    result = draft(catalog, "Users with high support risk should not get the upgrade nudge", NUDGE, POLICY)
    assert isinstance(result, Rule) and result.id == NUDGE.id
    assert result.audience == NUDGE.audience  # the audience is untouched: nobody new is targeted
    added = result.suppressions[-1]
    assert added.condition == TraitCondition(trait="support_risk", op="eq", value="high")
    assert [s.id for s in result.suppressions[:-1]] == [s.id for s in NUDGE.suppressions]
    assert "should not get the upgrade nudge" in added.description
    assert result.model_copy(update={"suppressions": NUDGE.suppressions}) == NUDGE  # nothing else changed


def test_a_rule_inside_a_policy_changes_in_a_new_version_of_the_whole_policy(catalog: Catalog) -> None:
    result = draft(catalog, "Pause the upgrade messaging for android users", NUDGE, POLICY)
    assert isinstance(result, Policy) and result.id == POLICY.id
    changed = {r.id: r for r in result.rules}
    before = {r.id: r for r in POLICY.rules}
    assert changed["upgrade_messaging"].suppressions[-1].condition == TraitCondition(
        trait="device_os", op="eq", value="android"
    )
    assert all(changed[i] == before[i] for i in before if i != "upgrade_messaging")
    assert result.suppressions == POLICY.suppressions


def test_a_channel_word_keeps_only_the_rules_sent_on_that_channel(catalog: Catalog) -> None:
    digest = NUDGE.model_copy(update={"id": "upgrade_digest", "channels": [ChannelStep(channel="email")]})
    result = draft(catalog, "stop sending upgrade pushes to users in France", NUDGE, digest)
    assert isinstance(result, Rule) and result.id == NUDGE.id  # the digest is email only
    assert result.suppressions[-1].condition == TraitCondition(trait="country", op="eq", value="FR")
    assert "Every channel of the rule stops" in result.suppressions[-1].description
    both = draft(catalog, "stop sending upgrade e-mails to users in France", NUDGE, digest)
    assert isinstance(both, Refusal) and set(both.suggestions) == {"upgrade_nudge", "upgrade_digest"}


def test_a_program_phrase_that_fits_two_running_rules_asks_which(catalog: Catalog) -> None:
    result = draft(catalog, "Stop sending upgrade emails to people with open billing tickets", NUDGE, POLICY)
    assert isinstance(result, Refusal)
    assert "several running rules" in result.reason
    assert set(result.suggestions) == {"upgrade_nudge", "upgrade_messaging (in policy trial_priority)"}


def test_a_program_nobody_runs_is_refused_with_the_running_ones(catalog: Catalog) -> None:
    result = draft(catalog, "Exclude users in Germany from the referral email", NUDGE)
    assert isinstance(result, Refusal) and "names no running rule" in result.reason
    assert result.suggestions == ["upgrade_nudge"]


def test_with_nothing_approved_there_is_nothing_to_change(catalog: Catalog) -> None:
    result = draft(catalog, "Users with high support risk should not get the upgrade nudge")
    assert isinstance(result, Refusal) and "no approved rule or policy runs" in result.reason


def test_people_the_catalog_cannot_express_are_named(catalog: Catalog) -> None:
    result = draft(catalog, "Exclude users who own a smartwatch from the upgrade nudge", NUDGE)
    assert isinstance(result, Refusal) and any("smartwatch" in p for p in result.unmatched_phrases)


def test_people_already_left_out_change_nothing(catalog: Catalog) -> None:
    once = draft(catalog, "Users with high support risk should not get the upgrade nudge", NUDGE)
    assert isinstance(once, Rule)
    again = draft(catalog, "Exclude users with high support risk from the upgrade nudge", once)
    assert isinstance(again, Refusal) and "already leaves these people out" in again.reason
