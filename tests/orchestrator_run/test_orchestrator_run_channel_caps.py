"""Per-channel caps: a policy's cap on one channel counts only that channel's messages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import duckdb
import pytest
from orchestrator_run_fixtures import AS_OF, POLICY

from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan, build_plan
from orchestrator.explain import explain
from orchestrator.spec import content_hash, parse_spec, spec_to_dict, spec_to_yaml
from warehouse.errors import SpecError


def plan_with(channel_caps: dict[str, dict[str, int]], **changes: Any) -> RunPlan:
    """The fixture policy without its overall cap, with these channel caps."""
    spec = {**POLICY, "frequency_cap": None, "channel_caps": channel_caps, **changes}
    return build_plan([(parse_spec(spec), 1)])


def decision(con: duckdb.DuckDBPyConnection, user: str, rule: str, run_id: str) -> tuple[str, str]:
    row = con.execute(
        "SELECT outcome, reason FROM mcc.decisions WHERE user_id = ? AND rule_id = ? AND run_id = ?",
        [user, rule, run_id],
    ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def queued_channels(con: duckdb.DuckDBPyConnection, user: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT channel FROM mcc.outbox WHERE user_id = ? ORDER BY step", [user]).fetchall()]


def test_a_push_cap_counts_pushes_only(con: duckdb.DuckDBPyConnection) -> None:
    # u06 got two pushes and one email this week: at a push cap of 2, not at an email cap of 2
    result = run(con, actor="ops", plan=plan_with({"push": {"max_sends": 2, "per_days": 7}}), traits_table="user_traits")
    assert decision(con, "u06", "first_workout", result.run_id) == (
        "capped",
        "capped: 2 push messages in the last 7 days (push cap 2 per 7 days)",
    )
    assert result.counts["capped"] == 1
    other = run(
        con, actor="ops", plan=plan_with({"email": {"max_sends": 2, "per_days": 7}}), traits_table="user_traits",
        as_of=AS_OF + timedelta(seconds=1),
    )
    assert decision(con, "u06", "first_workout", other.run_id)[0] == "send"


def test_a_follow_up_on_a_capped_channel_is_not_queued(con: duckdb.DuckDBPyConnection) -> None:
    # first_workout sends a push, then an email a day later; u06's one email this week meets an email cap of 1
    plan = plan_with({"email": {"max_sends": 1, "per_days": 7}})
    dry = run(con, actor="ops", plan=plan, traits_table="user_traits", dry_run=True)
    result = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert decision(con, "u06", "first_workout", result.run_id)[0] == "send"
    assert queued_channels(con, "u06") == ["push"]
    assert queued_channels(con, "u01") == ["push", "email"]
    assert dry.sends == result.sends == 9  # four first_workout winners x two steps, less u06 email, two upgrade emails


def test_an_email_first_rule_is_capped_by_the_email_cap(con: duckdb.DuckDBPyConnection) -> None:
    # upgrade_offer opens with an email; u05 got one earlier today, from an earlier run's outbox
    con.execute(
        "INSERT INTO fct_messages (message_id, sent_at, user_id, rule_id, channel) VALUES"
        " ('m9', TIMESTAMP '2026-03-01 07:00:00', 'u05', 'other', 'email')"
    )
    result = run(con, actor="ops", plan=plan_with({"email": {"max_sends": 1, "per_days": 1}}), traits_table="user_traits")
    assert decision(con, "u05", "upgrade_offer", result.run_id) == (
        "capped",
        "capped: 1 email message in the last day (email cap 1 per day)",  # was "1 email messages in the last 1 days"
    )
    assert decision(con, "u09", "upgrade_offer", result.run_id)[0] == "send"


def test_sends_queued_by_an_earlier_run_count_against_the_channel(con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_with({"push": {"max_sends": 1, "per_days": 7}})
    first = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert decision(con, "u10", "first_workout", first.run_id)[0] == "send"
    second = run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF + timedelta(days=1))
    assert decision(con, "u10", "first_workout", second.run_id)[0] == "capped"


def test_the_overall_cap_still_comes_first(con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_with({"push": {"max_sends": 1, "per_days": 7}}, frequency_cap={"max_sends": 3, "per_days": 7})
    result = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert decision(con, "u06", "first_workout", result.run_id)[1].startswith("capped: 3 messages in the last 7 days")


def test_channel_caps_are_written_only_when_set_and_change_the_hash() -> None:
    plain = parse_spec(POLICY)
    assert "channel_caps" not in spec_to_dict(plain)
    capped = parse_spec({**POLICY, "channel_caps": {"sms": {"max_sends": 1, "per_days": 30}}})
    assert "channel_caps:\n  sms:\n    max_sends: 1\n    per_days: 30\n" in spec_to_yaml(capped)
    assert content_hash(capped) != content_hash(plain)
    assert parse_spec(spec_to_dict(capped)) == capped


def test_a_cap_on_an_unknown_channel_names_the_channels() -> None:
    with pytest.raises(SpecError, match="channel_caps") as err:
        parse_spec({**POLICY, "channel_caps": {"pigeon": {"max_sends": 1, "per_days": 7}}})
    assert "push" in str(err.value) or "push" in str(err.value.details)


def test_explain_shows_the_channel_cap_that_held_the_send(con: duckdb.DuckDBPyConnection) -> None:
    run(con, actor="ops", plan=plan_with({"push": {"max_sends": 2, "per_days": 7}}), traits_table="user_traits")
    explained = explain(con, "u06", rule_id="first_workout").rules[0]
    assert explained.outcome == "capped"
    caps = [step for step in explained.steps if step.step == "cap"]
    assert [(c.passed, c.detail) for c in caps] == [(False, "2 push messages in the last 7 days (push cap 2)")]
