"""Caps said of one channel ("no more than 2 pushes a week") become a policy's channel caps, beside its overall cap."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_planner_helpers import draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.revise import revise_spec
from agent.catalog_planner.suppressions import DEFAULT_CAP, stated_caps
from agent.types import Refusal
from orchestrator.spec import FrequencyCap, Policy, load_spec_file
from warehouse.catalog import Catalog

PROGRAMS = "Prioritize: (1) the save offer for at-risk users, (2) the upgrade nudge for trial users. "


@pytest.mark.parametrize(
    ("said", "channel", "cap"),
    [
        ("No more than 2 pushes a week.", "push", FrequencyCap(max_sends=2, per_days=7)),
        ("Never more than 1 email a day.", "email", FrequencyCap(max_sends=1, per_days=1)),
        ("Don't send more than one text a week.", "sms", FrequencyCap(max_sends=1, per_days=7)),
        ("At most 3 push notifications per 10 days.", "push", FrequencyCap(max_sends=3, per_days=10)),
    ],
)
def test_a_cap_said_of_one_channel_caps_that_channel(planner: CatalogPlanner, said: str, channel: str, cap: FrequencyCap) -> None:
    policy = draft_policy(planner, PROGRAMS + said)
    assert policy.channel_caps == {channel: cap}
    assert policy.frequency_cap == DEFAULT_CAP  # the overall cap is not the channel's
    assert any(f"{channel} at most {cap.max_sends} per {cap.per_days} days" in e for e in policy.edge_cases)


def test_an_overall_cap_and_a_channel_cap_are_read_apart(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, PROGRAMS + "At most 1 push notification per day and 4 messages a week overall.")
    assert policy.frequency_cap == FrequencyCap(max_sends=4, per_days=7)
    assert policy.channel_caps == {"push": FrequencyCap(max_sends=1, per_days=1)}


def test_a_prompt_with_no_channel_cap_has_none(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, PROGRAMS + "Max 2 messages a week.")
    assert (policy.frequency_cap, policy.channel_caps) == (FrequencyCap(max_sends=2, per_days=7), {})


def test_a_single_rules_cap_counts_its_own_sends_whatever_the_channel_word(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Create a rule for users who viewed pricing twice this week, by email, at most 1 email a week")
    assert rule.frequency_cap == FrequencyCap(max_sends=1, per_days=7)


def test_every_cap_is_found_in_order_with_its_channel() -> None:
    caps = stated_caps("Never more than 2 messages a day, 1 email per week and 3 texts a month.")
    assert [(c.channel, c.cap.max_sends, c.cap.per_days) for c in caps] == [
        (None, 2, 1), ("email", 1, 7), ("sms", 3, 30)]


def test_a_chat_edit_caps_a_channel_of_the_policy_on_the_table(planner: CatalogPlanner, catalog: Catalog) -> None:
    policy = load_spec_file(Path(__file__).resolve().parents[2] / "examples" / "trial_priority_policy.yaml")
    assert isinstance(policy, Policy)
    capped = revise_spec("and at most 1 push a day", policy, catalog, planner.lexicon)
    assert not isinstance(capped, Refusal) and isinstance(capped, Policy)
    assert capped.channel_caps == {"push": FrequencyCap(max_sends=1, per_days=1)}
    assert capped.frequency_cap == policy.frequency_cap
    assert revise_spec("cap pushes at 2 a week", capped, catalog, planner.lexicon) == capped.model_copy(
        update={"channel_caps": {"push": FrequencyCap(max_sends=2, per_days=7)}})


@pytest.mark.parametrize(
    "prompt",
    ["Create a rule for users who viewed pricing twice this week. At most 1 email a week.",
     "Create a rule for users who viewed pricing twice this week, max 1 message a week",
     "Build an audience of users who viewed pricing twice this week and never more than once a week"],
)
def test_a_rules_cap_is_never_read_as_who_qualifies(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.model_dump(exclude_none=True) == {
        "kind": "event", "event": "pricing_viewed", "op": "gte", "count": 2, "within_days": 7, "where": []}
    assert rule.frequency_cap == FrequencyCap(max_sends=1, per_days=7)


def test_a_count_of_messages_received_is_still_an_audience(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Create a rule for users who got at most 2 emails this week")
    assert rule.audience.model_dump(exclude_none=True)["event"] == "message_sent"


@pytest.mark.parametrize(
    "prompt",
    ["Users who viewed pricing twice this week. No more than 1 message a week.",
     "Users who viewed pricing twice this week. Never more than one email a week."],
)
def test_a_cap_sentence_after_one_audience_ranks_no_program(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.model_dump(exclude_none=True)["event"] == "pricing_viewed"
    assert rule.frequency_cap == FrequencyCap(max_sends=1, per_days=7)


@pytest.mark.parametrize(
    "prompt",
    ["High-intent users vs at-risk users: which gets the message first? Cap at 2 messages per week.",
     "Trial users or cancelled users, which should we send to first?",
     "Android users or lapsed subscribers - who do we talk to first"],
)
def test_asking_who_is_messaged_first_is_a_decision_with_or_without_a_cap_sentence(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "decision"


@pytest.mark.parametrize("prompt", ["Which users completed their first workout this week?", "Who completed a workout first?"])
def test_a_first_that_is_no_message_order_is_not_a_decision(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) != "decision"


def test_a_channel_cap_on_a_rule_that_never_sends_that_channel_is_refused_by_name(
    planner: CatalogPlanner, catalog: Catalog
) -> None:
    rule = draft_rule(planner, "Create a rule for users who viewed pricing twice this week, by email only")
    assert {step.channel for step in rule.channels} == {"email"}
    refused = revise_spec("cap pushes at 1 a day", rule, catalog, planner.lexicon)
    assert isinstance(refused, Refusal) and "sends no push (it sends email)" in refused.reason
    capped = revise_spec("at most 1 email a day", rule, catalog, planner.lexicon)
    assert not isinstance(capped, Refusal) and capped.frequency_cap == FrequencyCap(max_sends=1, per_days=1)
