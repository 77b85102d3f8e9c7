"""`explain` replays the executor's steps for one user, with the facts behind each."""

from __future__ import annotations

import duckdb
import pytest

from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from orchestrator.explain import explain
from orchestrator.holdout import bucket, rule_salt
from warehouse.errors import InputError, RunError


@pytest.fixture
def ran(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> duckdb.DuckDBPyConnection:
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    return con


def _step(rule: object, name: str) -> list[object]:
    return [s for s in rule.steps if s.step == name]  # type: ignore[attr-defined]


def test_a_winner_and_a_loser_are_explained_step_by_step(ran: duckdb.DuckDBPyConnection) -> None:
    result = explain(ran, "u02")
    assert result.run_id == "run_20260301T120000"
    first, offer = result.rules
    assert (first.rule_id, first.outcome) == ("first_workout", "send")
    audience = _step(first, "audience")[0]
    assert audience.passed and audience.checks[0].text == "activation_state = new"  # type: ignore[attr-defined]
    assert audience.checks[0].value == "new"  # type: ignore[attr-defined]
    holdout = _step(first, "holdout")[0]
    assert f"bucket {bucket(rule_salt('first_workout'), 'u02')} " in holdout.detail  # type: ignore[attr-defined]
    assert [o["idempotency_key"] for o in first.outbox] == [
        "first_workout:v1:u02:0:20260301",
        "first_workout:v1:u02:1:20260301",
    ]
    assert (offer.outcome, offer.reason) == ("lost", "lost to rule first_workout (priority 1)")
    assert _step(offer, "arbitration")[0].passed is False  # type: ignore[attr-defined]


def test_suppression_stop_and_cap_show_the_values_behind_them(ran: duckdb.DuckDBPyConnection) -> None:
    opted_out = explain(ran, "u03", rule_id="first_workout").rules[0]
    sup = [s for s in _step(opted_out, "suppression") if not s.passed]  # type: ignore[attr-defined]
    assert sup[0].detail == "suppressed by opt_out: the user opted out of marketing"  # type: ignore[attr-defined]
    assert sup[0].checks[0].value is False  # type: ignore[attr-defined]
    stopped = explain(ran, "u07", rule_id="first_workout").rules[0]
    stop = _step(stopped, "stop")[0]
    assert stop.passed is False and stop.checks[0].value == 1  # type: ignore[attr-defined]
    capped = explain(ran, "u06", rule_id="first_workout").rules[0]
    assert capped.outcome == "capped"
    assert _step(capped, "cap")[0].detail == "3 messages in the last 7 days (global cap 3)"  # type: ignore[attr-defined]


def test_a_user_outside_every_audience_says_so(ran: duckdb.DuckDBPyConnection) -> None:
    result = explain(ran, "u08")
    assert [r.outcome for r in result.rules] == ["not in audience", "not in audience"]
    assert result.rules[1].steps[0].checks[0].value == 0


def test_unknown_user_rule_and_run_are_clear_errors(ran: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match="unknown user 'nobody'"):
        explain(ran, "nobody")
    with pytest.raises(InputError, match="ran no rule or policy 'nope'"):
        explain(ran, "u01", rule_id="nope")
    with pytest.raises(RunError, match="no completed run run_x"):
        explain(ran, "u01", run_id="run_x")
