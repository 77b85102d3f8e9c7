"""The executor on a hand-built warehouse: exact decisions, idempotent re-runs, crashes, locks, dry runs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_fixtures import AS_OF, POLICY, build_tables

from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan, build_plan
from orchestrator.executor.run_lock import claim, wall_clock
from orchestrator.spec import parse_spec
from warehouse.errors import RunError

EXPECTED = [
    ("u01", "first_workout", "send", "won arbitration (priority 1)", None),
    ("u02", "first_workout", "send", "won arbitration (priority 1)", None),
    ("u02", "upgrade_offer", "lost", "lost to rule first_workout (priority 1)", "first_workout"),
    ("u03", "first_workout", "suppressed", "suppressed by opt_out", None),
    ("u04", "first_workout", "suppressed", "suppressed by open_support_issue", None),
    ("u05", "upgrade_offer", "send", "won arbitration (priority 2)", None),
    (
        "u06",
        "first_workout",
        "capped",
        "capped: 3 messages in the last 7 days (global cap 3 per 7 days)",
        None,
    ),
    ("u07", "first_workout", "stopped", "stopped by worked_out_today", None),
    ("u09", "upgrade_offer", "send", "won arbitration (priority 2)", None),
    ("u10", "first_workout", "send", "won arbitration (priority 1)", None),
]


def decisions(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT user_id, rule_id, outcome, reason, lost_to FROM mcc.decisions ORDER BY user_id, rule_id"
    ).fetchall()


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_run_decides_every_user_and_rule_with_its_reason(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    result = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert result.status == "complete"
    assert result.run_id == "run_20260301T120000"
    assert decisions(con) == EXPECTED
    assert result.counts == {
        "send": 5,
        "holdout": 0,
        "control": 0,
        "suppressed": 2,
        "stopped": 1,
        "capped": 1,
        "lost": 1,
    }
    assert result.sends == 8  # three first_workout winners x two steps, two upgrade_offer winners x one


def test_outbox_holds_each_step_with_its_key_and_schedule(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    rows = con.execute(
        "SELECT idempotency_key, channel, step, only_if, send_after, template_key FROM mcc.outbox"
        " WHERE user_id = 'u01' ORDER BY step"
    ).fetchall()
    assert rows == [
        ("first_workout:v1:u01:0:20260301", "push", 0, "always", AS_OF, None),
        (
            "first_workout:v1:u01:1:20260301",
            "email",
            1,
            "previous_not_opened",
            AS_OF + timedelta(hours=24),
            None,
        ),
    ]
    offer = con.execute("SELECT template_key FROM mcc.outbox WHERE user_id = 'u05'").fetchall()
    assert offer == [("annual_offer",)]


def test_rerun_for_the_same_time_changes_nothing(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    before = (decisions(con), count(con, "mcc.outbox"))
    again = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert again.status == "already complete"
    assert again.sends == 0
    assert again.counts["send"] == 5
    assert (decisions(con), count(con, "mcc.outbox")) == before


def _export(con: duckdb.DuckDBPyConnection, path: Path) -> bytes:
    # Rows are stored in no particular order (inserts run in parallel): the content is what is deterministic.
    con.execute(f"COPY (SELECT * FROM mcc.decisions ORDER BY ALL) TO '{path}' (HEADER)")
    con.execute(f"COPY (SELECT * FROM mcc.outbox ORDER BY ALL) TO '{path}.outbox' (HEADER)")
    return path.read_bytes() + Path(f"{path}.outbox").read_bytes()


def test_same_inputs_give_identical_bytes(tmp_path: Path, plan: RunPlan) -> None:
    exports = []
    for name in ("a", "b"):
        con = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
        build_tables(con)
        run(con, actor=name, plan=plan, traits_table="user_traits")
        exports.append(_export(con, tmp_path / f"{name}.csv"))
        con.close()
    assert exports[0] == exports[1]
    assert len(exports[0]) > 500


@pytest.mark.parametrize("step", ["arbitrate", "write_decisions", "write_outbox"])
def test_crash_between_steps_leaves_nothing_and_next_run_completes(
    con: duckdb.DuckDBPyConnection, plan: RunPlan, step: str
) -> None:
    with pytest.raises(RunError, match=f"injected failure after step {step}"):
        run(con, actor="ops", plan=plan, traits_table="user_traits", fail_after_step=step)
    assert count(con, "mcc.decisions") == 0
    assert count(con, "mcc.outbox") == 0
    assert con.execute("SELECT status FROM mcc.runs").fetchall() == [("failed",)]
    result = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert result.status == "complete"
    assert decisions(con) == EXPECTED
    assert count(con, "mcc.outbox") == 8


def test_second_run_while_one_is_running_is_refused(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    from orchestrator.executor.tables import ensure_executor_tables

    ensure_executor_tables(con)
    other = con.cursor()
    assert claim(other, "run_20260228T000000", AS_OF - timedelta(days=1), "alice", {})
    with pytest.raises(RunError, match=r"run_20260228T000000 started by alice .* is still running"):
        run(con, actor="bob", plan=plan, traits_table="user_traits")
    assert count(con, "mcc.decisions") == 0


def test_a_stale_lock_is_taken_over(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    from orchestrator.executor.tables import ensure_executor_tables

    ensure_executor_tables(con)
    claim(con, "run_20260228T000000", AS_OF - timedelta(days=1), "alice", {})
    con.execute("UPDATE mcc.runs SET started_at = ?", [wall_clock() - timedelta(hours=2)])
    result = run(con, actor="bob", plan=plan, traits_table="user_traits")
    assert result.status == "complete"
    statuses = con.execute("SELECT run_id, status FROM mcc.runs ORDER BY run_id").fetchall()
    assert statuses == [("run_20260228T000000", "abandoned"), ("run_20260301T120000", "succeeded")]


def test_dry_run_counts_and_writes_nothing(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    result = run(con, actor="ops", plan=plan, traits_table="user_traits", dry_run=True)
    assert result.status == "dry run"
    assert result.counts["send"] == 5
    assert result.sends == 8
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mcc'").fetchall()
    assert tables == [("meta",)]


def test_nothing_approved_is_a_clear_error() -> None:
    with pytest.raises(RunError, match="no approved rules"):
        build_plan([])


def test_holdouts_and_control_follow_the_hash(con: duckdb.DuckDBPyConnection) -> None:
    from orchestrator.holdout import GLOBAL_CONTROL_SALT, bucket, rule_salt

    spec = {**POLICY, "control_group_share": 0.3}
    spec["rules"] = [{**r, "holdout_share": 0.5} for r in POLICY["rules"]]  # type: ignore[index]
    run(con, actor="ops", plan=build_plan([(parse_spec(spec), 2)]), traits_table="user_traits")
    rows = con.execute(
        "SELECT user_id, rule_id, outcome, bucket, control_bucket FROM mcc.decisions"
        " WHERE outcome NOT IN ('suppressed', 'stopped')"
    ).fetchall()
    assert {r[2] for r in rows} >= {"control", "holdout"}
    for user_id, rule_id, outcome, rule_bucket, control_bucket in rows:
        assert control_bucket == bucket(GLOBAL_CONTROL_SALT, user_id)
        assert rule_bucket == bucket(rule_salt(rule_id), user_id)
        if control_bucket < 3000:
            assert outcome == "control"
        elif rule_bucket < 5000:
            assert outcome == "holdout"
        else:
            assert outcome in ("send", "lost", "capped")
    held = con.execute("SELECT count(*) FROM mcc.holdout_assignments").fetchone()
    assert held is not None and held[0] == sum(1 for r in rows if r[2] in ("control", "holdout"))


def test_rule_cap_and_earlier_runs_count(con: duckdb.DuckDBPyConnection) -> None:
    spec = {**POLICY, "frequency_cap": None}
    spec["rules"] = [{**POLICY["rules"][1], "frequency_cap": {"max_sends": 1, "per_days": 7}}]  # type: ignore[index]
    plan = build_plan([(parse_spec(spec), 1)])
    first = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert first.counts["send"] == 3  # u02, u05, u09
    second = run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF + timedelta(days=1))
    assert second.counts["send"] == 0 and second.counts["capped"] == 3
    reason = con.execute(
        "SELECT reason FROM mcc.decisions WHERE run_id = ? AND user_id = 'u05'", [second.run_id]
    ).fetchone()
    assert reason == ("capped: 1 message of this rule in the last 7 days (rule cap 1 per 7 days)",)


def test_unknown_failure_step_is_refused(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    with pytest.raises(RunError, match="unknown step 'nope'"):
        run(con, actor="ops", plan=plan, traits_table="user_traits", fail_after_step="nope")


def test_only_approved_versions_execute(con: duckdb.DuckDBPyConnection) -> None:
    from orchestrator.registry import Registry

    with pytest.raises(RunError, match="no approved rules"):
        run(con, actor="ops", traits_table="user_traits")  # no registry at all
    registry = Registry(con)
    registry.propose(parse_spec(POLICY), actor="alice")
    with pytest.raises(RunError, match="no approved rules"):
        run(con, actor="ops", traits_table="user_traits")  # proposed, not approved
    registry.approve("onboarding", actor="bob")
    edited = {**POLICY, "rules": [{**POLICY["rules"][0], "priority": 5}]}  # type: ignore[index]
    registry.propose(parse_spec(edited), actor="alice")  # a newer proposal does not execute until approved
    result = run(con, actor="ops", traits_table="user_traits")
    assert result.rules == ["first_workout", "upgrade_offer"]
    assert decisions(con) == EXPECTED


def test_a_second_run_the_same_day_queues_no_second_copy(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    later = run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF + timedelta(hours=1))
    assert later.counts["send"] == 5 and later.sends == 0  # the same winners, their keys already queued
    assert count(con, "mcc.outbox") == 8
    next_day = run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF + timedelta(days=1))
    assert next_day.sends > 0  # a new day is a new key
    assert run(con, actor="ops", plan=plan, traits_table="user_traits").status == "already complete"
    keys = con.execute("SELECT count(*), count(DISTINCT idempotency_key) FROM mcc.outbox").fetchone()
    assert keys == (8 + next_day.sends, 8 + next_day.sends)  # no key index: the insert keeps keys unique


def test_an_outbox_with_the_old_key_index_is_rebuilt_without_it(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    from orchestrator.control_schema import TABLES

    con.execute("CREATE SCHEMA IF NOT EXISTS mcc")
    old_shape = TABLES["outbox"].replace(
        "idempotency_key VARCHAR NOT NULL", "idempotency_key VARCHAR PRIMARY KEY"
    )
    con.execute(f"CREATE TABLE mcc.outbox ({old_shape})")
    con.execute(
        "INSERT INTO mcc.outbox (idempotency_key, run_id, rule_id, rule_version, user_id, channel, step, send_after,"
        " created_at) VALUES ('first_workout:v1:u01:0:20260228', 'run_x', 'first_workout', 1, 'u01', 'push', 0, ?, ?)",
        [AS_OF - timedelta(days=1), AS_OF - timedelta(days=1)],
    )
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    kinds = con.execute(
        "SELECT constraint_type FROM duckdb_constraints() WHERE schema_name = 'mcc' AND table_name = 'outbox'"
    ).fetchall()
    assert ("PRIMARY KEY",) not in kinds and ("NOT NULL",) in kinds
    assert count(con, "mcc.outbox") == 9  # the old row kept, the run's eight added
    default = con.execute(
        "SELECT column_default FROM duckdb_columns()"
        " WHERE schema_name = 'mcc' AND table_name = 'outbox' AND column_name = 'status'"
    ).fetchone()
    assert default == ("'pending'",)  # rebuilt from the schema's DDL, not copied with CREATE TABLE AS


def test_the_run_leaves_the_insertion_order_setting_as_it_found_it(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    setting = "SELECT current_setting('preserve_insertion_order')"
    other = con.cursor()  # another connection to the same database
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert con.execute(setting).fetchone() == (True,)
    assert other.execute(setting).fetchone() == (True,)
    con.execute("SET preserve_insertion_order = false")
    with pytest.raises(RunError, match="injected failure"):
        run(
            con,
            actor="ops",
            plan=plan,
            traits_table="user_traits",
            fail_after_step="write_outbox",
            as_of=AS_OF + timedelta(days=1),
        )
    assert con.execute(setting).fetchone() == (False,)
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET SESSION preserve_insertion_order = false")  # this connection's own value
    run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF + timedelta(days=2))
    assert con.execute(setting).fetchone() == (False,)
    assert other.execute(setting).fetchone() == (True,)


def test_a_plan_with_no_suppression_or_stop_condition_decides_without_them(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rules = [{**r, "purpose": "service", "stop_conditions": []} for r in POLICY["rules"]]  # type: ignore[attr-defined]
    plan = build_plan([(parse_spec({**POLICY, "rules": rules}), 1)])
    assert all(s.applies_to == [] for s in plan.suppressions)  # service rules: built-ins reach none of them
    result = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert result.counts["suppressed"] == result.counts["stopped"] == 0
    rows = con.execute(
        "SELECT user_id, outcome, reason FROM mcc.decisions"
        " WHERE rule_id = 'first_workout' AND user_id IN ('u03', 'u04', 'u07') ORDER BY user_id"
    ).fetchall()
    assert rows == [(u, "send", "won arbitration (priority 1)") for u in ("u03", "u04", "u07")]


def test_a_run_long_after_the_data_ends_is_refused_and_writes_nothing(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    from orchestrator.executor.run import MAX_DAYS_PAST_DATA
    from warehouse.meta import data_end

    end = data_end(con)
    late = end + timedelta(days=MAX_DAYS_PAST_DATA, hours=1)
    with pytest.raises(RunError, match="days after the warehouse's data ends") as refused:
        run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=late)
    assert refused.value.accepted is not None and "mcc collect load" in refused.value.accepted
    runs = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mcc' AND table_name = 'runs'").fetchone()
    assert runs == (0,) or count(con, "mcc.runs") == 0  # refused before a run was claimed
    within = run(con, actor="ops", plan=plan, traits_table="user_traits", as_of=end + timedelta(days=MAX_DAYS_PAST_DATA))
    assert within.status == "complete"


def test_two_approved_specs_running_one_rule_id_are_refused_by_name() -> None:
    policy = parse_spec(POLICY)
    standalone = parse_spec({**POLICY["rules"][1], "kind": "rule"})  # type: ignore[dict-item]
    with pytest.raises(RunError, match="rule 'upgrade_offer' is run by two approved specs: policy onboarding v3 "
                       "and rule upgrade_offer v1") as err:
        build_plan([(policy, 3), (standalone, 1)])
    assert "mcc rules retire onboarding" in str(err.value.accepted)
