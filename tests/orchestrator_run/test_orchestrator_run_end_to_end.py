"""The executor on a generated warehouse: traits computed as of the run, the 10-rule policy, explain."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from orchestrator.executor import run
from orchestrator.executor.plan import build_plan
from orchestrator.explain import explain
from orchestrator.registry import Registry
from orchestrator.spec import parse_spec
from warehouse.build import build_warehouse

POLICY = Path(__file__).parents[2] / "benchmarks" / "executor_policy.yaml"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("e2e") / "wh.duckdb"
    build_warehouse(path, users=400, days=21, seed=3)
    con = duckdb.connect(str(path))
    registry = Registry(con)
    registry.propose(parse_spec(yaml.safe_load(POLICY.read_text())), actor="alice")
    registry.approve("lifecycle_bench", actor="bob")
    con.close()
    return path


def test_traits_computed_as_of_the_run_match_the_built_traits(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse))
    computed = run(con, actor="ops", dry_run=True)
    given = run(con, actor="ops", dry_run=True, traits_table="user_traits")
    assert computed.counts == given.counts  # user_traits is built as of the data end, the default as-of
    assert sum(computed.counts.values()) > 100 and computed.counts["send"] > 0
    con.close()


def test_full_run_then_explain_every_outcome(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse))
    result = run(con, actor="ops")
    assert result.status == "complete"
    stored = dict(con.execute("SELECT outcome, count(*) FROM mcc.decisions GROUP BY 1").fetchall())
    assert {k: v for k, v in result.counts.items() if v} == stored
    for outcome in [o for o, n in result.counts.items() if n]:
        row = con.execute(
            "SELECT user_id, rule_id, reason FROM mcc.decisions WHERE outcome = ? ORDER BY user_id LIMIT 1",
            [outcome],
        ).fetchone()
        assert row is not None
        explained = explain(con, row[0], rule_id=row[1]).rules[0]
        assert (explained.outcome, explained.reason) == (outcome, row[2])
        assert explained.steps[0].passed is True  # every decision row is someone in the audience
    assert run(con, actor="ops").status == "already complete"
    con.close()


def _naive_run() -> Any:
    """Load the benchmark's per-user Python evaluator (benchmarks/ is scripts, not a package)."""
    path = Path(__file__).parents[2] / "benchmarks" / "naive_executor.py"
    spec = importlib.util.spec_from_file_location("naive_executor", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.naive_run


@pytest.mark.parametrize(("holdout_share", "channel_caps"), [(0.0, {}), (0.4, {}), (0.0, {"push": 1, "email": 1})])
def test_set_based_decisions_match_the_per_user_evaluator(
    warehouse: Path, holdout_share: float, channel_caps: dict[str, int]
) -> None:
    spec = yaml.safe_load(POLICY.read_text())
    spec["control_group_share"] = 0.2
    spec["channel_caps"] = {channel: {"max_sends": n, "per_days": 7} for channel, n in channel_caps.items()}
    spec["rules"] = [{**rule, "holdout_share": holdout_share} for rule in spec["rules"]]
    plan = build_plan([(parse_spec(spec), 1)])
    con = duckdb.connect(str(warehouse))
    result = run(con, actor="ops", dry_run=True, traits_table="user_traits", plan=plan)
    executor: dict[str, dict[str, str]] = {}
    for user_id, rule_id, outcome in con.execute("SELECT user_id, rule_id, outcome FROM _mcc_candidates").fetchall():
        executor.setdefault(user_id, {})[rule_id] = outcome
    users = [row[0] for row in con.execute("SELECT user_id FROM user_traits ORDER BY user_id").fetchall()]
    naive = _naive_run()(con, plan, users, result.as_of)
    assert {u: d for u, d in naive.items() if d} == executor
    outcomes = {o for decided in executor.values() for o in decided.values()}
    assert {"send", "lost", "control", "suppressed"} <= outcomes
    assert ("holdout" in outcomes) == (holdout_share > 0)
    if channel_caps:  # a cap of one message a week on each channel the policy uses caps someone by it
        by_channel = con.execute("SELECT count(*) FROM _mcc_candidates WHERE reason LIKE '%push cap 1 per 7 days%'"
                                 " OR reason LIKE '%email cap 1 per 7 days%'").fetchone()
        assert by_channel is not None and by_channel[0] > 0
    con.close()
