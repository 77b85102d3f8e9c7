"""`mcc demo` on a small warehouse: every step runs, approval is the reviewer's, messages land in the file."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from agent.demo import BACKTEST_DAYS
from cli.main import app
from orchestrator.measure import measure
from orchestrator.registry import Registry
from warehouse.meta import data_end


def test_the_demo_runs_the_whole_loop(warehouse_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["--db", str(warehouse_db), "demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    headers = [line.split(" ─")[0] for line in result.stdout.splitlines() if line[:2].rstrip(".").isdigit() and ". " in line[:4]]
    assert headers == ["1. The warehouse", "2. A decision prompt", "3. An eligibility prompt", "4. A debug prompt",
                       "5. Review and approval", "6. Run the executor", "7. Deliver", "8. Measure", "9. Explain one user",
                       "10. Ask how a rule is doing"]
    assert "refused" in result.stdout  # the marketer cannot approve her own proposal
    assert "Intent: performance" in result.stdout and "Rules against their holdouts" in result.stdout
    con = duckdb.connect(str(warehouse_db), read_only=True)
    versions = Registry(con, create=False).list()
    (run_as_of,) = con.execute("SELECT as_of FROM mcc.runs WHERE status = 'succeeded'").fetchone() or (None,)
    end = data_end(con)
    report = measure(con)
    con.close()
    # the run is a backtest, so its rules' conversion windows hold outcomes the measure step can compare
    assert (end - run_as_of).days == BACKTEST_DAYS
    assert any(r.treatment.conversions and r.control.n for r in report.rules)
    assert {(v.status, v.author, v.reviewer) for v in versions} == {("approved", "maya.marketer", "sam.reviewer")}
    lines = (out / "messages.jsonl").read_text().splitlines()
    assert lines and all("user_id" in json.loads(line) for line in lines)


def test_the_demo_runs_again_on_its_own_warehouse(warehouse_db: Path, tmp_path: Path) -> None:
    """`make demo` twice: the drafts are already approved, so nothing new is proposed and the loop still runs."""
    args = ["--db", str(warehouse_db), "demo", "--out", str(tmp_path / "out")]
    assert CliRunner().invoke(app, args, catch_exceptions=False).exit_code == 0
    again = CliRunner().invoke(app, args, catch_exceptions=False)
    assert again.exit_code == 0, again.stdout
    out = " ".join(again.stdout.split())
    assert "upgrade_nudge is already in the registry with exactly this content (an earlier demo run)" in out
    assert "upgrade_nudge v1 is already approved (an earlier demo run)" in out
    con = duckdb.connect(str(warehouse_db), read_only=True)
    assert {(v.rule_id, v.version) for v in Registry(con, create=False).list()} == {("trial_policy", 1), ("upgrade_nudge", 1)}
    con.close()
