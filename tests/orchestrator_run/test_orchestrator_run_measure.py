"""Measurement on fixed decisions, events and messages, against statistics computed by hand."""

from __future__ import annotations

import math
from datetime import timedelta

import duckdb
import pytest
from orchestrator_run_fixtures import AS_OF, POLICY
from scipy import stats

from orchestrator.executor.plan import build_plan
from orchestrator.executor.tables import ensure_executor_tables
from orchestrator.measure import Arm, measure, relative_lift
from orchestrator.spec import parse_spec
from warehouse.errors import RunError

LATER = AS_OF + timedelta(days=30)


def _decide(con: duckdb.DuckDBPyConnection, user: str, rule: str, outcome: str, priority: int = 2) -> None:
    con.execute(
        "INSERT INTO mcc.decisions (run_id, user_id, rule_id, rule_version, priority, outcome, as_of)"
        " VALUES ('run_a', ?, ?, 1, ?, ?, ?)",
        [user, rule, priority, outcome, AS_OF],
    )


def _event(con: duckdb.DuckDBPyConnection, user: str, name: str, days: float) -> None:
    con.execute(
        "INSERT INTO fct_events VALUES (?, ?, ?, ?, 'ios', '{}')",
        [f"c_{user}_{days}", AS_OF + timedelta(days=days), user, name],
    )


@pytest.fixture
def measured(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """upgrade_offer: 10 sends (4 convert in 14 days), 8 holdouts (2 convert); 5 control users (1 converts)."""
    ensure_executor_tables(con)
    plan = build_plan([(parse_spec({**POLICY, "control_group_share": 0.2}), 1)])
    con.execute(
        "INSERT INTO mcc.runs (run_id, started_at, as_of, actor, status, plan_json)"
        " VALUES ('run_a', ?, ?, 'ops', 'succeeded', ?)",
        [AS_OF, AS_OF, plan.model_dump_json()],
    )
    for i in range(10):
        _decide(con, f"t{i}", "upgrade_offer", "send")
    for i in range(8):
        _decide(con, f"h{i}", "upgrade_offer", "holdout")
    for i in range(5):
        _decide(con, f"c{i}", "upgrade_offer", "control")
    for user in ("t0", "t1", "t2", "t3", "h0", "h1", "c0"):
        _event(con, user, "subscription_started", 3)
    _event(con, "t4", "subscription_started", 20)  # after the 14-day window: not a conversion
    _event(con, "h2", "subscription_started", -1)  # before the decision: not a conversion
    _event(con, "t5", "app_opened", 1)  # another event: not a conversion
    con.execute(
        "INSERT INTO fct_messages (message_id, sent_at, user_id, rule_id, channel) VALUES"
        " ('leak1', ?, 'h3', 'upgrade_offer', 'email'), ('leak2', ?, 'h4', 'other', 'push'),"
        " ('leak3', ?, 'c1', 'other', 'push')",
        [AS_OF + timedelta(hours=1)] * 3,
    )
    return con


def test_rule_lift_matches_the_hand_computation(measured: duckdb.DuckDBPyConnection) -> None:
    report = measure(measured, rule_id="upgrade_offer", as_of=LATER)
    (rule,) = report.rules
    assert (rule.treatment.n, rule.treatment.conversions, rule.control.n, rule.control.conversions) == (
        10,
        4,
        8,
        2,
    )
    assert rule.contamination == 1  # h3 got this rule's email; h4's message was another rule's
    # By hand: pA = 2/8, pB = 4/10, s² = p(1 − p).
    p_a, p_b, n_a, n_b = 0.25, 0.4, 8, 10
    s2_a, s2_b = p_a * (1 - p_a), p_b * (1 - p_b)
    lift = (p_b - p_a) / p_a
    var = s2_b / (p_a**2 * n_b) + s2_a * p_b**2 / (p_a**4 * n_a)
    dof = (s2_b / n_b + s2_a / n_a) ** 2 / (s2_b**2 / (n_b**2 * (n_b - 1)) + s2_a**2 / (n_a**2 * (n_a - 1)))
    half = stats.t.ppf(0.975, dof) * math.sqrt(var)
    p_value = 2 * (1 - stats.t.cdf(abs(lift) / math.sqrt(var), dof))
    assert lift == pytest.approx(0.6) and var == pytest.approx(1.344)
    assert rule.lift is not None
    assert rule.lift.lift == pytest.approx(0.6, abs=1e-9)
    assert rule.lift.std_error == pytest.approx(math.sqrt(1.344), abs=1e-9)
    assert rule.lift.dof == pytest.approx(dof, abs=1e-6)
    assert round(rule.lift.dof, 3) == 15.795
    assert rule.lift.ci_low == pytest.approx(0.6 - half, abs=1e-6)
    assert rule.lift.ci_high == pytest.approx(0.6 + half, abs=1e-6)
    assert rule.lift.p_value == pytest.approx(p_value, abs=1e-6)
    assert 0.60 < rule.lift.p_value < 0.63


def test_global_control_against_everyone_else(measured: duckdb.DuckDBPyConnection) -> None:
    report = measure(measured, as_of=LATER)
    glob = report.global_control
    assert glob is not None
    assert (glob.control.n, glob.control.conversions) == (5, 1)
    assert (glob.treatment.n, glob.treatment.conversions) == (18, 6)
    assert glob.contamination == 1  # c1 was messaged while in the control group
    assert glob.lift is not None and glob.lift.lift == pytest.approx((6 / 18 - 0.2) / 0.2)


def test_lift_is_undefined_without_a_base_rate() -> None:
    assert relative_lift(Arm(n=10, conversions=0), Arm(n=10, conversions=3)) is None
    assert relative_lift(Arm(n=1, conversions=1), Arm(n=10, conversions=3)) is None


def test_measuring_an_unknown_rule_is_a_clear_error(measured: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(RunError, match="no run executed a rule or policy 'nope'"):
        measure(measured, rule_id="nope")
