"""A rule measured within a modeled-trait segment classes each person as they were when first decided, not at
the data end: a message can move the trait (a nudge activates people), and classing by the later state
would bias the lift. Dimensions (platform, country) keep their stored values."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app
from tools.context import ToolContext
from tools.performance import rule_performance
from warehouse.catalog import load_catalog
from warehouse.connection import Warehouse
from warehouse.meta import data_end
from warehouse.models.traits import traits_query

runner = CliRunner()
EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "upgrade_nudge.yaml")
FIRST_DECISIONS = ("SELECT user_id, outcome, as_of FROM mcc.decisions WHERE rule_id = 'upgrade_nudge' "
                   "AND outcome IN ('send', 'holdout') QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY as_of) = 1")


def mcc(db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["--db", str(db), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    return json.loads(result.stdout)


def run_nudge(db: Path, *days_before_end: int) -> datetime:
    """Approve the upgrade nudge and run it that many days before the data end; return the last run's time."""
    mcc(db, "rules", "propose", EXAMPLE, "--as", "maya")
    mcc(db, "rules", "approve", "upgrade_nudge", "--as", "rui")
    con = duckdb.connect(str(db), read_only=True)
    end = data_end(con)
    con.close()
    for days in days_before_end:
        mcc(db, "run", "--as-of", (end - timedelta(days=days)).isoformat(sep=" "))
    return end - timedelta(days=days_before_end[-1])


def test_a_modeled_trait_segment_counts_people_by_their_state_when_decided(warehouse_db: Path) -> None:
    run_nudge(warehouse_db, 20, 10)  # two runs: each person is classed as of the one that first decided them
    with Warehouse(warehouse_db) as warehouse:
        report = rule_performance(ToolContext(warehouse=warehouse, catalog=load_catalog(), actor="t"),
                                  ["upgrade_nudge"], by="activation_state")
    con = duckdb.connect(str(warehouse_db), read_only=True)
    runs = [t for (t,) in con.execute("SELECT DISTINCT as_of FROM mcc.decisions ORDER BY 1").fetchall()]
    then_sql = " UNION ALL ".join(f"SELECT user_id, TIMESTAMP '{t}' AS as_of, activation_state FROM ({traits_query(t)})"
                                  for t in runs)
    counted = con.execute(f"SELECT s.activation_state, f.outcome, count(*) FROM ({FIRST_DECISIONS}) f "
                          f"JOIN ({then_sql}) s USING (user_id, as_of) GROUP BY ALL").fetchall()
    at_end = con.execute(f"SELECT t.activation_state, f.outcome, count(*) FROM ({FIRST_DECISIONS}) f "
                         "JOIN user_traits t USING (user_id) GROUP BY ALL").fetchall()
    con.close()
    expected = {(state, outcome): n for state, outcome, n in counted}
    assert expected != {(state, outcome): n for state, outcome, n in at_end}  # the two classings differ here
    assert report.at_decision == ["activation_state"]
    for reading in report.rules:
        assert reading.measure is not None and reading.segment is not None
        assert reading.measure.treatment.n == expected.get((reading.segment, "send"), 0)
        assert reading.measure.control.n == expected.get((reading.segment, "holdout"), 0)
    measured = sum(r.measure.treatment.n + r.measure.control.n for r in report.rules if r.measure)
    assert measured == sum(n for (state, _), n in expected.items() if state in {r.segment for r in report.rules})


def test_the_answer_says_a_trait_segment_is_read_as_of_each_decision(warehouse_db: Path) -> None:
    as_of = run_nudge(warehouse_db, 10)
    result = runner.invoke(app, ["--db", str(warehouse_db), "ask", "Is the upgrade nudge working for committed users?",
                                 "--json"], catch_exceptions=False)
    out = json.loads(result.stdout)
    assert out["result"]["filters"] == {"activation_state": ["committed"]}
    assert any("activation_state as of the run that first decided them" in n for n in out["result"]["notes"])
    [reading] = out["result"]["rules"]
    con = duckdb.connect(str(warehouse_db), read_only=True)
    (sent,) = con.execute(f"SELECT count(*) FROM ({FIRST_DECISIONS}) f JOIN ({traits_query(as_of)}) t USING (user_id) "
                          "WHERE f.outcome = 'send' AND t.activation_state = 'committed'").fetchone() or (0,)
    con.close()
    assert reading["sent"] == sent
    assert reading["reach"]["send"] == sent  # the latest run's reach, classed as of that run
