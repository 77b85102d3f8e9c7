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


def test_a_run_before_the_data_starts_is_refused_and_records_nothing(
    con: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    from datetime import timedelta

    from orchestrator_run_fixtures import AS_OF

    from orchestrator.executor.tables import table_exists
    from warehouse.errors import RunError
    from warehouse.meta import set_meta

    set_meta(con, "data_start", (AS_OF - timedelta(days=30)).isoformat(sep=" "))
    for dry_run in (True, False):
        with pytest.raises(RunError, match="is before the warehouse's data starts") as refused:
            run(con, as_of=AS_OF - timedelta(days=31), dry_run=dry_run, actor="ops", plan=plan,
                traits_table="user_traits")
        assert refused.value.where == "--as-of"
    assert not table_exists(con, "mcc", "runs")  # refused before anything was claimed or written
    assert run(con, as_of=AS_OF - timedelta(days=30), actor="ops", plan=plan,
               traits_table="user_traits").status == "complete"  # the first moment of the data is fine
