"""Changing the draft on the table: each clause of a chat message is one edit, read exactly or refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.revise import clauses, revise_spec
from agent.revision_cues import Reviser, reads_as_revision
from agent.types import Refusal
from orchestrator.spec import AllOf, ChannelStep, FrequencyCap, Policy, Rule, TraitCondition, load_spec_file
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NUDGE = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")  # push, then email if unopened; holdout 10%; cap 2/7
POLICY = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
assert isinstance(NUDGE, Rule) and isinstance(POLICY, Policy)


def revised(planner: CatalogPlanner, catalog: Catalog, message: str, previous: Rule | Policy = NUDGE) -> Rule | Policy:
    result = revise_spec(message, previous, catalog, planner.lexicon)
    assert not isinstance(result, Refusal), result
    return result


def unchanged_but(before: Rule | Policy, after: Rule | Policy, *fields: str) -> bool:
    """True when the two specs differ in nothing but `fields`."""
    return after.model_copy(update={f: getattr(before, f) for f in fields}) == before


@pytest.mark.parametrize(
    "message",
    ["make it email only", "ok, hold out 20% instead", "Can you also exclude users in France?", "only iOS users",
     "cap it at 2 per week", "stop once they subscribe", "call it pricing follow-up", "add an SMS fallback after 2 days",
     "no holdout", "Actually, switch to push then email", "drop the email step"],
)
def test_short_edits_read_as_changes_to_the_draft(message: str) -> None:
    assert reads_as_revision(message)


@pytest.mark.parametrize(
    "message",
    ["Create eligibility rules for an upgrade nudge for users who viewed pricing",
     "Why did conversion drop on iOS this week?", "How many trial users completed 3 workouts?",
     "Define a priority order for trial users: (1) second workout, (2) upgrade",
     "Only " + "users in Germany who completed three workouts and viewed pricing twice " * 3,
     "But why did conversion drop on iOS?", "Also, how many trial users are on iOS?"],
)
def test_new_requests_are_not_changes(message: str) -> None:
    assert not reads_as_revision(message)


def test_channel_edits_replace_add_drop_and_delay_steps(planner: CatalogPlanner, catalog: Catalog) -> None:
    email = revised(planner, catalog, "make it email only")
    assert [s.channel for s in email.channels] == ["email"] and unchanged_but(NUDGE, email, "channels")
    assert [s.channel for s in revised(planner, catalog, "send it by SMS instead").channels] == ["sms"]
    sms = revised(planner, catalog, "add an sms fallback after 2 days")
    assert sms.channels[-1] == ChannelStep(channel="sms", delay_hours=48, only_if="previous_not_opened",
                                           template_key="upgrade_nudge_sms")
    plain = revised(planner, catalog, "add an sms step after 6 hours")
    assert plain.channels[-1].only_if == "always" and plain.channels[-1].delay_hours == 6
    push = revised(planner, catalog, "drop the email step")
    assert [(s.channel, s.delay_hours) for s in push.channels] == [("push", 0)]
    later = revised(planner, catalog, "wait 48 hours before the email")
    assert [s.delay_hours for s in later.channels] == [0, 48]


def test_several_edits_in_one_message_all_apply(planner: CatalogPlanner, catalog: Catalog) -> None:
    result = revised(planner, catalog, "OK, hold out 20%, cap it at 1 per day and also exclude users in France.")
    assert isinstance(result, Rule)
    assert result.holdout_share == 0.2 and result.frequency_cap == FrequencyCap(max_sends=1, per_days=1)
    assert result.suppressions[-1].condition == TraitCondition(trait="country", op="eq", value="FR")
    assert result.suppressions[-1].description == "Leave out users in France."
    assert unchanged_but(NUDGE, result, "holdout_share", "frequency_cap", "suppressions")


def test_narrowing_adds_to_the_audience_and_keeps_the_id(planner: CatalogPlanner, catalog: Catalog) -> None:
    for message in ("only iOS users", "limit it to iOS users", "iOS users only"):
        result = revised(planner, catalog, message)
        assert isinstance(result.audience, AllOf) and isinstance(NUDGE.audience, AllOf)
        assert result.audience.conditions == [*NUDGE.audience.conditions,
                                              TraitCondition(trait="device_os", op="eq", value="ios")]
        assert result.id == NUDGE.id


def test_a_stop_is_read_against_the_audience(planner: CatalogPlanner, catalog: Catalog) -> None:
    result = revised(planner, catalog, "stop once they subscribe")
    assert isinstance(result, Rule) and len(result.stop_conditions) == len(NUDGE.stop_conditions) + 1
    assert result.stop_conditions[-1].description == "Stop once they subscribe."


def test_a_policy_changes_every_rule_or_itself(planner: CatalogPlanner, catalog: Catalog) -> None:
    result = revised(planner, catalog, "hold out 5% and add a 10% control group, and exclude users in France", POLICY)
    assert isinstance(result, Policy)
    assert {r.holdout_share for r in result.rules} == {0.05} and result.control_group_share == 0.1
    assert result.suppressions[-1].condition == TraitCondition(trait="country", op="eq", value="FR")
    assert all(r.suppressions == before.suppressions for r, before in zip(result.rules, POLICY.rules, strict=True))


@pytest.mark.parametrize(
    ("message", "named"),
    [("make it fax only", "fax"), ("exclude users who own a smartwatch", "smartwatch"),
     ("hold out 20% and paint it blue", "paint it blue"), ("add a 10% control group", "control group")],
)
def test_a_clause_nothing_reads_refuses_the_whole_change(
    planner: CatalogPlanner, catalog: Catalog, message: str, named: str
) -> None:
    result = revise_spec(message, NUDGE, catalog, planner.lexicon)
    assert isinstance(result, Refusal)
    assert named in result.reason + " ".join(result.unmatched_phrases)


def test_values_out_of_the_specs_range_are_refused_with_the_range(planner: CatalogPlanner, catalog: Catalog) -> None:
    result = revise_spec("hold out 70%", NUDGE, catalog, planner.lexicon)
    assert isinstance(result, Refusal) and "holdout_share" in result.reason


def test_clauses_split_at_sentences_and_before_each_edit_verb() -> None:
    assert clauses("make it email only and hold out 20%. Also exclude users in Germany and France") == [
        "make it email only", "hold out 20%", "Also exclude users in Germany and France"]


def test_the_planner_drafts_afresh_what_reads_as_a_new_request(planner: CatalogPlanner, catalog: Catalog) -> None:
    assert isinstance(planner, Reviser)
    message = "Only users in Germany who completed 3 workouts should get the upgrade nudge"
    result = planner.revise(message, NUDGE, catalog, [])
    assert isinstance(result, Rule)
    assert isinstance(result.audience, AllOf)
    assert TraitCondition(trait="country", op="eq", value="DE") in result.audience.conditions
    assert result.description.startswith("Eligibility for")  # a new draft, not NUDGE changed


def _by_id(policy: Rule | Policy) -> dict[str, Rule]:
    assert isinstance(policy, Policy)
    return {r.id: r for r in policy.rules}


def test_a_clause_naming_a_rule_of_the_policy_changes_that_rule_alone(planner: CatalogPlanner, catalog: Catalog) -> None:
    before = _by_id(POLICY)
    email = _by_id(revised(planner, catalog, "make second workout help email only", POLICY))
    assert [s.channel for s in email["second_workout_help"].channels] == ["email"]
    assert all(email[i] == before[i] for i in before if i != "second_workout_help")
    aimed = _by_id(revised(planner, catalog, "For the upgrade messaging, hold out 5% and cap it at 1 per week.", POLICY))
    assert aimed["upgrade_messaging"].holdout_share == 0.05
    assert aimed["upgrade_messaging"].frequency_cap == FrequencyCap(max_sends=1, per_days=7)
    assert aimed["second_workout_help"] == before["second_workout_help"]
    excluded = _by_id(revised(planner, catalog, "exclude users in France from upgrade_messaging", POLICY))
    assert excluded["upgrade_messaging"].suppressions[-1].condition == TraitCondition(trait="country", op="eq", value="FR")
    assert excluded["support_followup"].suppressions == before["support_followup"].suppressions


def test_rules_of_a_policy_can_be_dropped_and_moved(planner: CatalogPlanner, catalog: Catalog) -> None:
    def order(policy: Rule | Policy) -> list[tuple[int, str]]:
        assert isinstance(policy, Policy)
        return sorted((r.priority, r.id) for r in policy.rules)

    assert order(revised(planner, catalog, "drop support followup", POLICY)) == [
        (1, "second_workout_help"), (2, "upgrade_messaging")]
    assert order(revised(planner, catalog, "put upgrade messaging first", POLICY)) == [
        (1, "upgrade_messaging"), (2, "second_workout_help"), (3, "support_followup")]
    assert order(revised(planner, catalog, "make support followup priority 1", POLICY)) == [
        (1, "support_followup"), (2, "second_workout_help"), (3, "upgrade_messaging")]
    assert order(revised(planner, catalog, "second workout help goes last", POLICY)) == [
        (1, "support_followup"), (2, "upgrade_messaging"), (3, "second_workout_help")]
