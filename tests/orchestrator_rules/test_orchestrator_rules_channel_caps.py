"""A policy's per-channel caps as reviewers meet them: in the diff, the plan warnings and the send estimate."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestrator.preview import preview
from orchestrator.registry import Registry
from orchestrator.spec import FrequencyCap, Policy, load_spec_file
from orchestrator.validate import validate_spec
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).parents[2] / "examples"
PUSH_WEEKLY = {"push": FrequencyCap(max_sends=1, per_days=7)}


def trial_policy(**changes: object) -> Policy:
    policy = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
    assert isinstance(policy, Policy)
    return policy.model_copy(update=changes)


def test_the_diff_reads_channel_caps_in_words(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(trial_policy(), "alice")
    registry.propose(trial_policy(channel_caps={**PUSH_WEEKLY, "email": FrequencyCap(max_sends=2, per_days=1)}), "alice")
    assert registry.diff("trial_priority").changes == [
        "channel_caps: no channel caps -> email at most 2 per 1 day; push at most 1 per 7 days",
    ]


def test_reproposing_a_policy_without_channel_caps_is_no_change(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    first = registry.propose(trial_policy(), "alice")
    again = registry.propose(trial_policy(channel_caps={}), "alice")
    assert again.version == first.version


def test_more_steps_on_a_channel_than_its_cap_allows_is_warned(catalog: Catalog) -> None:
    policy = trial_policy(channel_caps={"email": FrequencyCap(max_sends=1, per_days=7)}, frequency_cap=None)
    rule = policy.rules[0].model_copy(update={"channels": [*policy.rules[0].channels, policy.rules[0].channels[1]]})
    warned = validate_spec(policy.model_copy(update={"rules": [rule, *policy.rules[1:]]}), catalog).warnings
    assert [(w.path, w.code) for w in warned if w.code == "cap_below_plan"] == [("rules[0].channels", "cap_below_plan")]
    assert "2 email steps but the email cap allows 1 per 7 days" in next(w.message for w in warned if w.code == "cap_below_plan")


def test_the_send_estimate_holds_each_channel_to_its_cap(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    # upgrade_messaging sends a push, then an email: two a day uncapped; the push capped to one a week
    plain = preview(con, trial_policy(frequency_cap=None), catalog).rules[2].sends
    capped = preview(con, trial_policy(frequency_cap=None, channel_caps=PUSH_WEEKLY), catalog).rules[2].sends
    assert plain.sends_per_user_per_day == 2.0
    assert capped.sends_per_user_per_day == round(1 + 1 / 7, 4)
    assert "push 1 per 7 days" in capped.basis
