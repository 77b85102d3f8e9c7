"""Relative changes in chat: "make the holdout bigger", "double the cap", "a bit less often" move the draft's own
value by a fixed step, and at a bound or with no value to move they are refused saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.intent import is_approval_request
from agent.catalog_planner.revise import CannotApply, revise_spec
from agent.revision_cues import reads_as_revision
from agent.types import Refusal
from orchestrator.registry import spec_changes
from orchestrator.spec import FrequencyCap, Policy, Rule, load_spec_file
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NUDGE = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")  # holdout 10%; cap 2 per 7 days
POLICY = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
assert isinstance(NUDGE, Rule) and isinstance(POLICY, Policy)


def changes(planner: CatalogPlanner, catalog: Catalog, message: str, previous: Rule | Policy = NUDGE) -> list[str]:
    assert reads_as_revision(message, previous.model_dump(mode="json")), message
    result = revise_spec(message, previous, catalog, planner.lexicon)
    assert not isinstance(result, Refusal), result
    return spec_changes(previous, result)


@pytest.mark.parametrize(("message", "became"), [
    ("make the holdout bigger", "10% -> 15%"),
    ("Could you make the holdout a bit larger?", "10% -> 15%"),
    ("hold out more people", "10% -> 15%"),
    ("a much bigger holdout please", "10% -> 20%"),
    ("double the holdout", "10% -> 20%"),
    ("make the holdout smaller", "10% -> 5%"),
    ("the holdout should be smaller", "10% -> 5%"),
    ("halve the holdout", "10% -> 5%"),
])
def test_a_holdout_moves_by_five_points_or_by_the_factor_said(
    planner: CatalogPlanner, catalog: Catalog, message: str, became: str
) -> None:
    assert changes(planner, catalog, message) == [f"holdout_share: {became}"]


@pytest.mark.parametrize(("message", "became"), [
    ("double the cap", "at most 4 per 7 days"),
    ("raise the cap", "at most 3 per 7 days"),
    ("send them more often", "at most 3 per 7 days"),
    ("a bit less often", "at most 1 per 7 days"),
    ("halve the frequency cap", "at most 1 per 7 days"),
    ("much less often", "at most 1 per 14 days"),  # two steps: one send fewer, then at one send twice the days
    ("tighten the cap", "at most 1 per 7 days"),
])
def test_a_cap_moves_by_one_send_or_by_the_factor_said(
    planner: CatalogPlanner, catalog: Catalog, message: str, became: str
) -> None:
    assert changes(planner, catalog, message) == [f"frequency_cap: at most 2 per 7 days -> {became}"]


def test_relative_changes_combine_with_absolute_ones_and_reach_every_rule_of_a_policy(
    planner: CatalogPlanner, catalog: Catalog
) -> None:
    channels, *rest = changes(planner, catalog, "make it email only and send a bit less often, then make the holdout bigger")
    assert channels.startswith("channels: push") and channels.endswith("-> email (upgrade_nudge_email)")
    assert rest == ["frequency_cap: at most 2 per 7 days -> at most 1 per 7 days", "holdout_share: 10% -> 15%"]
    said = changes(planner, catalog, "make the holdout smaller", POLICY)
    assert said == [f"rules {r.id}.holdout_share: {r.holdout_share:.0%} -> {r.holdout_share - 0.05:.0%}" for r in POLICY.rules]
    assert changes(planner, catalog, "make the upgrade messaging holdout bigger", POLICY) == [
        "rules upgrade_messaging.holdout_share: 10% -> 15%"]  # one rule named: that rule alone


@pytest.mark.parametrize(("message", "previous", "why"), [
    ("make the holdout bigger", NUDGE.model_copy(update={"holdout_share": 0.5}), "already 50%, the most it can be"),
    ("a smaller holdout", NUDGE.model_copy(update={"holdout_share": 0.0}), "already 0%, the least it can be"),
    ("double the holdout", NUDGE.model_copy(update={"holdout_share": 0.0}), "say 'hold out 10%'"),
    ("double the cap", NUDGE.model_copy(update={"frequency_cap": None}), "no frequency cap to change; say 'cap it at 2"),
    ("less often", NUDGE.model_copy(update={"frequency_cap": FrequencyCap(max_sends=1, per_days=90)}), "the least"),
    ("shrink the control group", NUDGE, "a control group is a policy's setting"),
    ("double the control group", POLICY.model_copy(update={"control_group_share": 0.0}), "say 'a 5% control group'"),
])
def test_a_relative_change_the_draft_cannot_take_is_refused_as_a_change(
    planner: CatalogPlanner, catalog: Catalog, message: str, previous: Rule | Policy, why: str
) -> None:
    result = revise_spec(message, previous, catalog, planner.lexicon)
    assert isinstance(result, CannotApply) and why in result.reason and "nothing was changed" in result.reason


@pytest.mark.parametrize("message", ["send them less often", "send it a bit less often", "send them twice a week",
                                     "Could you send them more frequently?"])
def test_how_often_a_draft_sends_is_a_change_not_a_request_to_send_now(message: str) -> None:
    # "send them" alone reads as sending the messages now (refused as the agent's act); a cadence after it is a change
    assert not is_approval_request(message) and reads_as_revision(message)
    assert is_approval_request("send them now")


@pytest.mark.parametrize(("message", "change"), [
    ("increase the holdout to 15%", "holdout_share: 10% -> 15%"),
    ("please bump the holdout up to 20%", "holdout_share: 10% -> 20%"),
    ("raise the holdout by 10 points", "holdout_share: 10% -> 20%"),
    ("lower the cap to 1 per week", "frequency_cap: at most 2 per 7 days -> at most 1 per 7 days"),
    ("raise the cap by 2", "frequency_cap: at most 2 per 7 days -> at most 4 per 7 days"),
])
def test_a_verb_of_moving_with_a_value_or_an_amount_sets_that(
    planner: CatalogPlanner, catalog: Catalog, message: str, change: str
) -> None:
    assert changes(planner, catalog, message) == [change]
