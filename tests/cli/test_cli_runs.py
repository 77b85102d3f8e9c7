"""`mcc runs`: what ran, when and by whom, how it ended, its decisions and where its messages stand."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cli.main import app
from orchestrator.executor import run
from warehouse.meta import data_end

runner = CliRunner()
EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "upgrade_nudge.yaml")


def mcc(db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["--db", str(db), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    return json.loads(result.stdout)


def test_before_any_run_the_list_is_empty_and_says_how_to_start(warehouse_copy: Path) -> None:
    assert mcc(warehouse_copy, "runs") == {"runs": []}
    result = runner.invoke(app, ["--db", str(warehouse_copy), "runs"])
    assert "No run yet" in result.stdout and "mcc run" in result.stdout


def test_runs_are_listed_latest_first_with_their_decisions_and_messages(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", EXAMPLE, "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "rui")
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    end = data_end(con)
    con.close()
    first, second = (end - timedelta(days=d) for d in (6, 2))
    ran = [mcc(warehouse_copy, "run", "--as-of", t.isoformat(sep=" "), "--as", "ops") for t in (first, second)]
    mcc(warehouse_copy, "deliver", "--to", f"file:{warehouse_copy.parent / 'out.jsonl'}", "--as-of",
        first.isoformat(timespec="minutes"))
    runs = mcc(warehouse_copy, "runs")["runs"]
    assert [r["run_id"] for r in runs] == [ran[1]["run_id"], ran[0]["run_id"]]
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    for listed, result in zip(runs, reversed(ran), strict=True):
        decided = dict(con.execute("SELECT outcome, count(*) FROM mcc.decisions WHERE run_id = ? GROUP BY ALL",
                                   [listed["run_id"]]).fetchall())
        queued = dict(con.execute("SELECT status, count(*) FROM mcc.outbox WHERE run_id = ? GROUP BY ALL",
                                  [listed["run_id"]]).fetchall())
        assert {k: v for k, v in listed["decisions"].items() if v} == decided
        assert listed["messages"] == queued and listed["sends"] == result["sends"] == sum(queued.values())
        assert (listed["status"], listed["actor"], listed["rules"]) == ("succeeded", "ops", {"upgrade_nudge": 1})
    con.close()
    assert runs[1]["messages"].get("delivered", 0) > 0  # the first run's due messages went out
    assert "delivered" not in runs[0]["messages"]
    assert len(mcc(warehouse_copy, "runs", "--limit", "1")["runs"]) == 1


def test_a_failed_run_is_listed_with_its_error_and_how_to_run_it_again(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", EXAMPLE, "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "rui")
    con = duckdb.connect(str(warehouse_copy))
    when = data_end(con) - timedelta(days=3)
    with pytest.raises(Exception, match="injected failure after step write_decisions"):
        run(con, as_of=when, actor="ops", fail_after_step="write_decisions")
    con.close()
    [failed] = mcc(warehouse_copy, "runs")["runs"]
    assert failed["status"] == "failed" and failed["sends"] == 0 and failed["decisions"] == {}
    said = " ".join(runner.invoke(app, ["--db", str(warehouse_copy), "runs"]).stdout.split())
    assert "failed: injected failure after step write_decisions; nothing of it was kept" in said
    assert f"`mcc run --as-of {when:%Y-%m-%dT%H:%M}` runs it again" in said
