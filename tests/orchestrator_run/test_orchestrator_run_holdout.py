"""Holdout buckets: the same in Python and SQL, stable across runs and edits of other rules, fair shares."""

from __future__ import annotations

import math
from datetime import timedelta

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st
from orchestrator_run_fixtures import AS_OF, POLICY, build_tables

from orchestrator.executor import run
from orchestrator.executor.plan import build_plan
from orchestrator.holdout import BUCKETS, GLOBAL_CONTROL_SALT, bucket, bucket_sql, is_held_out, rule_salt
from orchestrator.spec import parse_spec
from warehouse.meta import set_meta

user_ids = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
rule_ids = st.from_regex(r"^[a-z][a-z0-9_]{1,20}$", fullmatch=True)


@settings(max_examples=20, deadline=None)
@given(salt=rule_ids, users=st.lists(user_ids, min_size=1, max_size=30, unique=True))
def test_python_and_sql_buckets_agree(salt: str, users: list[str]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE ids (user_id VARCHAR)")
    con.executemany("INSERT INTO ids VALUES (?)", [(u,) for u in users])
    rows = con.execute(f"SELECT user_id, {bucket_sql('$salt')} FROM ids", {"salt": salt}).fetchall()
    assert dict(rows) == {u: bucket(salt, u) for u in users}
    assert all(0 <= b < BUCKETS for _, b in rows)


@settings(max_examples=15, deadline=None)
@given(
    other_priority=st.integers(min_value=1, max_value=1000),
    other_share=st.floats(min_value=0.0, max_value=0.5),
    other_version=st.integers(min_value=1, max_value=50),
    days_later=st.integers(min_value=1, max_value=30),
)
def test_bucket_survives_runs_and_edits_of_other_rules(
    other_priority: int, other_share: float, other_version: int, days_later: int
) -> None:
    con = duckdb.connect()
    build_tables(con)
    # first_workout holds a share out and the policy has a control group, so both buckets are hashed
    policy = {**POLICY, "control_group_share": 0.01,
              "rules": [{**POLICY["rules"][0], "holdout_share": 0.01}, POLICY["rules"][1]]}  # type: ignore[index]
    run(con, actor="ops", plan=build_plan([(parse_spec(policy), 1)]), traits_table="user_traits")
    edited = dict(policy)
    edited["rules"] = [
        policy["rules"][0],  # type: ignore[index]
        {**policy["rules"][1], "priority": other_priority, "holdout_share": other_share},  # type: ignore[index]
    ]
    later = AS_OF + timedelta(days=days_later)
    set_meta(con, "data_end", later.isoformat(sep=" "))  # days of new data arrived since the first run
    run(
        con,
        actor="ops",
        plan=build_plan([(parse_spec(edited), other_version)]),
        traits_table="user_traits",
        as_of=later,
    )
    # Buckets are stored for decisions that reached the holdout step (not suppressed or stopped) of a rule
    # with a holdout.
    rows = con.execute(
        "SELECT user_id, count(DISTINCT bucket), count(DISTINCT control_bucket), count(*)"
        " FROM mcc.decisions WHERE rule_id = 'first_workout' AND bucket IS NOT NULL GROUP BY user_id"
    ).fetchall()
    assert all(r[1:3] == (1, 1) for r in rows)  # one bucket per user, whatever changed
    assert {"u02", "u06", "u10"} <= {r[0] for r in rows if r[3] == 2}  # bucketed in both runs


def test_shares_land_within_sampling_error() -> None:
    n = 20_000
    con = duckdb.connect()
    con.execute(f"CREATE TABLE ids AS SELECT 'user_' || i AS user_id FROM range({n}) t(i)")
    for salt, share in (
        (rule_salt("first_workout"), 0.10),
        (rule_salt("upgrade_offer"), 0.25),
        (GLOBAL_CONTROL_SALT, 0.05),
    ):
        row = con.execute(
            f"SELECT count(*) FILTER (WHERE {bucket_sql('$salt')} < $cut) FROM ids",
            {"salt": salt, "cut": round(share * BUCKETS)},
        ).fetchone()
        assert row is not None
        sigma = math.sqrt(n * share * (1 - share))
        assert abs(row[0] - n * share) < 4 * sigma, (salt, row[0])
    python_held = sum(is_held_out(bucket(rule_salt("first_workout"), f"user_{i}"), 0.10) for i in range(2000))
    sql_held = con.execute(
        f"SELECT count(*) FILTER (WHERE {bucket_sql('$salt')} < 1000) FROM ids WHERE user_id IN "
        "(SELECT 'user_' || i FROM range(2000) t(i))",
        {"salt": rule_salt("first_workout")},
    ).fetchone()
    assert sql_held == (python_held,)


def test_rule_holdouts_are_independent_of_the_control_group() -> None:
    ids = [f"user_{i}" for i in range(20_000)]
    both = sum(
        bucket(GLOBAL_CONTROL_SALT, u) < 1000 and bucket(rule_salt("first_workout"), u) < 1000 for u in ids
    )
    expected = len(ids) * 0.01
    assert abs(both - expected) < 4 * math.sqrt(expected * 0.99)


def test_buckets_are_hashed_only_where_a_share_can_hold_someone_out() -> None:
    con = duckdb.connect()
    build_tables(con)
    policy = {**POLICY, "rules": [{**POLICY["rules"][0], "holdout_share": 0.5}, POLICY["rules"][1]]}  # type: ignore[index]
    run(con, actor="ops", plan=build_plan([(parse_spec(policy), 1)]), traits_table="user_traits")
    rows = con.execute(
        "SELECT user_id, rule_id, bucket, control_bucket FROM mcc.decisions"
        " WHERE outcome NOT IN ('suppressed', 'stopped') ORDER BY ALL"
    ).fetchall()
    hashed = {(u, r): b for u, r, b, _ in rows if r == "first_workout"}
    assert hashed and all(b == bucket(rule_salt("first_workout"), u) for (u, _), b in hashed.items())
    # upgrade_offer holds nobody out and the policy has no control group: nothing to hash, stored as NULL
    assert [b for _, r, b, _ in rows if r == "upgrade_offer"] and all(
        b is None for _, r, b, _ in rows if r == "upgrade_offer"
    )
    assert all(c is None for *_, c in rows)
