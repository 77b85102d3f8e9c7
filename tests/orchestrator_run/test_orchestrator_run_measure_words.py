"""What `measure` tells a reviewer besides the numbers: nothing run yet, why a lift is n/a, what is not measured."""

from __future__ import annotations

import duckdb
import pytest
from orchestrator_run_fixtures import AS_OF, POLICY

from orchestrator.executor.plan import build_plan
from orchestrator.executor.tables import ensure_executor_tables
from orchestrator.measure import measure
from orchestrator.spec import parse_spec
from warehouse.errors import RunError


def _record_run(con: duckdb.DuckDBPyConnection, policy: dict[str, object]) -> None:
    ensure_executor_tables(con)
    plan = build_plan([(parse_spec(policy), 1)])
    con.execute(
        "INSERT INTO mcc.runs (run_id, started_at, as_of, actor, status, plan_json)"
        " VALUES ('run_a', ?, ?, 'ops', 'succeeded', ?)",
        [AS_OF, AS_OF, plan.model_dump_json()],
    )


def _decide(con: duckdb.DuckDBPyConnection, user: str, rule: str, outcome: str) -> None:
    con.execute(
        "INSERT INTO mcc.decisions (run_id, user_id, rule_id, rule_version, priority, outcome, as_of)"
        " VALUES ('run_a', ?, ?, 1, 1, ?, ?)",
        [user, rule, outcome, AS_OF],
    )


def test_measuring_before_any_run_says_so(con: duckdb.DuckDBPyConnection) -> None:
    ensure_executor_tables(con)  # the tables exist (a proposal made them) but nothing ran: not an empty table
    with pytest.raises(RunError, match="no completed run to measure") as caught:
        measure(con)
    assert "mcc run" in str(caught.value.accepted)


def test_a_policy_id_measures_its_rules_and_a_typo_is_suggested(con: duckdb.DuckDBPyConnection) -> None:
    _record_run(con, POLICY)
    report = measure(con, rule_id="onboarding")
    assert [r.rule_id for r in report.rules] == ["first_workout", "upgrade_offer"]
    with pytest.raises(RunError, match="did you mean upgrade_offer") as caught:
        measure(con, rule_id="upgrade_ofer")
    assert caught.value.accepted == "first_workout, onboarding, upgrade_offer"


def test_a_lift_that_is_undefined_says_why(con: duckdb.DuckDBPyConnection) -> None:
    _record_run(con, POLICY)
    for i in range(4):
        _decide(con, f"t{i}", "upgrade_offer", "send")
        _decide(con, f"h{i}", "upgrade_offer", "holdout")
    _decide(con, "n0", "first_workout", "send")
    by_rule = {r.rule_id: r for r in measure(con).rules}
    assert by_rule["upgrade_offer"].lift is None
    assert by_rule["upgrade_offer"].no_lift_reason == (
        "no held-out user converted yet: there is no base rate to compare with")
    assert by_rule["first_workout"].no_lift_reason == (
        "too few users to compare (1 sent, 0 held out; 2 each at least)")
    assert "no_lift_reason" in by_rule["first_workout"].model_dump(mode="json")  # --json carries it too


def test_rules_without_a_conversion_event_are_named_as_not_measured(con: duckdb.DuckDBPyConnection) -> None:
    rules = [dict(rule) for rule in POLICY["rules"]]  # type: ignore[attr-defined]
    del rules[0]["conversion"]
    _record_run(con, {**POLICY, "rules": rules})
    report = measure(con)
    assert [r.rule_id for r in report.rules] == ["upgrade_offer"]
    assert report.unmeasured == ["first_workout"]


def test_the_table_is_followed_by_the_reasons_and_the_unmeasured_rules(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from rich.console import Console

    from cli import execute_render

    rules = [dict(rule) for rule in POLICY["rules"]]  # type: ignore[attr-defined]
    del rules[0]["conversion"]
    _record_run(con, {**POLICY, "rules": rules})
    _decide(con, "t0", "upgrade_offer", "send")
    out = StringIO()
    monkeypatch.setattr(execute_render, "console", Console(file=out, width=200))
    execute_render.render_measure(measure(con))
    lines = out.getvalue().splitlines()
    assert "upgrade_offer: lift n/a: too few users to compare (1 sent, 0 held out; 2 each at least)" in lines
    assert "not measured (no conversion event in the spec): first_workout" in lines
