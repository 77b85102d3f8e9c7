"""Running an as-of time again reports the run that happened, not the rules approved since."""

from __future__ import annotations

from io import StringIO

import duckdb
import pytest
from orchestrator_run_fixtures import POLICY
from rich.console import Console

from cli import execute_render
from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan, build_plan
from orchestrator.spec import parse_spec


def test_a_rerun_names_the_rules_that_ran_and_the_versions_approved_since(
    con: duckdb.DuckDBPyConnection, plan: RunPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(con, actor="ops", plan=plan, traits_table="user_traits")
    assert first.status == "complete" and first.not_in_run == []
    approved_since = build_plan([(parse_spec(POLICY), 2)])  # a second version of the policy, approved after
    again = run(con, actor="ops", plan=approved_since, traits_table="user_traits")
    assert again.status == "already complete" and again.counts == first.counts and again.sends == 0
    assert again.rules == ["first_workout", "upgrade_offer"]  # what ran, from the run's record
    assert again.not_in_run == ["first_workout v2", "upgrade_offer v2"]
    out = StringIO()
    monkeypatch.setattr(execute_render, "console", Console(file=out, width=300))
    execute_render.render_run(again)
    text = out.getvalue()
    assert "This as-of time already ran (first_workout, upgrade_offer): nothing new was queued." in text
    assert "Approved since, not in that run: first_workout v2, upgrade_offer v2" in text
