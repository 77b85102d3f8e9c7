"""A channel or cap said of one program by name in a sentence of its own ("Send the streak saver by push, and the
comeback by email.", "The upgrade offer should go out at most once a week.") is that program's: its rule's
channels or frequency cap, not the policy's; a cap naming no program is the policy's cap."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import FrequencyCap

TWO = "Rank: upgrade offer for trial users, save offer for at-risk users. "


def test_a_channel_said_of_each_program_is_its_own(planner: CatalogPlanner) -> None:
    saver, comeback = by_priority(
        draft_policy(
            planner,
            "We have a streak saver for users with a 3+ day streak and a comeback push for users inactive 7+ days. "
            "Send the streak saver by push, and the comeback by email. The streak saver wins.",
        )
    )
    assert [c.channel for c in saver.channels] == ["push"]
    assert [c.channel for c in comeback.channels] == ["email"]  # said outright, over the name's "push"


@pytest.mark.parametrize(
    ("said", "cap"),
    [
        ("The upgrade offer should go out at most once a week.", FrequencyCap(max_sends=1, per_days=7)),
        ("Cap the upgrade offer at two messages a week.", FrequencyCap(max_sends=2, per_days=7)),
    ],
)
def test_a_cap_said_of_one_program_is_its_rule_cap(
    planner: CatalogPlanner, said: str, cap: FrequencyCap
) -> None:
    policy = draft_policy(planner, TWO + said)
    upgrade, save = by_priority(policy)
    assert upgrade.frequency_cap == cap
    assert save.frequency_cap is None
    assert policy.frequency_cap == FrequencyCap(max_sends=3, per_days=7)  # the default, not the offer's
    assert said.rstrip(".") in policy.description


def test_a_cap_naming_no_program_is_the_policy_cap(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, TWO + "Send the newsletter no more than twice a month.")
    assert policy.frequency_cap == FrequencyCap(max_sends=2, per_days=30)
    assert all(r.frequency_cap is None for r in policy.rules)
    assert any("at most 2 sends per 30 days" in e for e in policy.edge_cases)


def test_a_holdout_said_of_one_program_is_its_rule_holdout(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Upgrade offer for trial users over the save offer for at-risk users; hold out 20% of the save offer.",
    )
    upgrade, save = by_priority(policy)
    assert save.holdout_share == 0.2
    assert upgrade.holdout_share != 0.2  # the default, not the save offer's


@pytest.mark.parametrize(
    ("said", "channels", "cap"),
    [
        ("The save offer goes out by push.", ["push"], None),
        ("Use email for the save offer.", ["email"], None),
        ("Limit the save offer to once a week.", ["push", "email"], FrequencyCap(max_sends=1, per_days=7)),
        ("The save offer: at most once a week.", ["push", "email"], FrequencyCap(max_sends=1, per_days=7)),
    ],
)
def test_a_setting_said_any_way_is_the_named_program_s(
    planner: CatalogPlanner, said: str, channels: list[str], cap: FrequencyCap | None
) -> None:
    policy = draft_policy(
        planner,
        f"Prioritize: the upgrade nudge for trial users, then the save offer for at-risk users. {said}",
    )
    nudge, save = by_priority(policy)
    assert (nudge.id, save.id) == ("upgrade_nudge", "save_offer")
    assert [c.channel for c in save.channels] == channels
    assert save.frequency_cap == cap and nudge.frequency_cap is None


def test_a_holdout_said_of_both_programs_in_their_sentence_keeps_the_programs(
    planner: CatalogPlanner,
) -> None:
    policy = draft_policy(
        planner,
        "Push the HIIT challenge to HIIT fans ahead of the cardio challenge for cardio fans, and give both a 15% "
        "holdout.",
    )
    assert [r.id for r in by_priority(policy)] == ["hiit_challenge", "cardio_challenge"]
    assert [r.holdout_share for r in policy.rules] == [0.15, 0.15]
