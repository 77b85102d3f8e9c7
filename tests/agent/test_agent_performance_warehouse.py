"""`mcc ask "is the upgrade nudge working?"` on a warehouse where the rule ran: the figures `mcc measure` gives,
in words, with the latest run's reach; and plain refusals before any run or for a rule that never ran."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cli.main import app
from tools.context import ToolContext
from tools.performance import rule_performance
from tools.results import ToolError
from warehouse.catalog import load_catalog
from warehouse.connection import Warehouse
from warehouse.meta import data_end

runner = CliRunner()
EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "upgrade_nudge.yaml")


def mcc(db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["--db", str(db), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    return json.loads(result.stdout)


def ask(db: Path, prompt: str) -> dict:
    result = runner.invoke(app, ["--db", str(db), "ask", prompt, "--json"], catch_exceptions=False)
    return json.loads(result.stdout)


@pytest.fixture
def ran_db(warehouse_db: Path) -> Path:
    """The small warehouse with the upgrade nudge approved and run 10 days before the data end."""
    mcc(warehouse_db, "rules", "propose", EXAMPLE, "--as", "maya")
    mcc(warehouse_db, "rules", "approve", "upgrade_nudge", "--as", "rui")
    con = duckdb.connect(str(warehouse_db), read_only=True)
    as_of = data_end(con) - timedelta(days=10)
    con.close()
    mcc(warehouse_db, "run", "--as-of", as_of.isoformat(sep=" "))
    return warehouse_db


def test_a_question_about_a_rule_gets_its_measured_lift_and_reach(ran_db: Path) -> None:
    out = ask(ran_db, "Is the upgrade nudge working?")
    assert out["intent"] == "performance" and out["error"] is None
    [reading] = out["result"]["rules"]
    measured = mcc(ran_db, "measure", "--rule", "upgrade_nudge")["rules"][0]
    assert reading["rule_id"] == "upgrade_nudge"
    assert (reading["sent"], reading["held_out"]) == (measured["treatment"]["n"], measured["control"]["n"])
    assert reading["sent_rate"] == pytest.approx(measured["treatment_rate"])
    assert reading["lift"] == (measured["lift"] or {}).get("lift")
    # the reach is the run's decisions for the rule, by outcome
    con = duckdb.connect(str(ran_db), read_only=True)
    outcomes = dict(con.execute("SELECT outcome, count(*) FROM mcc.decisions WHERE rule_id = 'upgrade_nudge' GROUP BY ALL").fetchall())
    con.close()
    assert reading["reach"] == outcomes and reading["reach"]["send"] == reading["sent"]
    assert reading["verdict"] in ("lift", "negative", "no_clear_effect", "not_measurable")
    assert out["result"]["summary"].startswith("upgrade_nudge ")
    assert [t["tool"] for t in out["trace"]["tools"]] == ["list_ran_rules", "rule_performance"]


def test_the_human_answer_shows_the_table_and_the_verdict(ran_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(ran_db), "ask", "how did the nudge do?"], catch_exceptions=False)
    assert "Intent: performance" in result.stdout
    assert "Rules against their holdouts" in result.stdout and "upgrade_nudge" in result.stdout


def test_before_any_run_the_answer_says_so_instead_of_measuring_nothing(warehouse_db: Path) -> None:
    out = ask(warehouse_db, "Which of our campaigns are working?")
    assert out["intent"] == "performance"
    assert out["result"]["kind"] == "refusal" and "no rule has run yet" in out["result"]["reason"]


def test_a_program_that_never_ran_is_answered_with_the_rules_that_did(ran_db: Path) -> None:
    out = ask(ran_db, "Is the referral campaign working?")
    assert out["intent"] == "performance" and out["result"]["kind"] == "refusal"
    assert out["result"]["suggestions"] == ["upgrade_nudge"]


def test_the_tool_names_the_rules_it_knows_for_an_unknown_id(ran_db: Path) -> None:
    with Warehouse(ran_db) as warehouse:
        result = rule_performance(ToolContext(warehouse=warehouse, catalog=load_catalog(), actor="t"), ["upgrade_nudg"])
    assert isinstance(result, ToolError)
    assert "upgrade_nudg" in result.message and "upgrade_nudge" in (result.accepted or "")


def test_a_segment_named_in_the_question_is_measured_alone(ran_db: Path) -> None:
    everyone = ask(ran_db, "Is the upgrade nudge working?")["result"]["rules"][0]
    out = ask(ran_db, "Is the upgrade nudge working on iOS?")
    assert out["result"]["filters"] == {"device_os": ["ios"]}
    assert "Measured only for people with device_os in (ios)" in out["result"]["notes"][0]
    [reading] = out["result"]["rules"]
    con = duckdb.connect(str(ran_db), read_only=True)
    (ios_sent,) = con.execute(
        "SELECT count(DISTINCT user_id) FROM mcc.decisions JOIN dim_users USING (user_id) "
        "WHERE rule_id = 'upgrade_nudge' AND outcome = 'send' AND device_os = 'ios'").fetchone() or (0,)
    con.close()
    assert reading["sent"] == ios_sent and 0 < ios_sent < everyone["sent"]
    assert reading["reach"]["send"] == ios_sent


def test_the_tool_refuses_a_segment_value_the_catalog_does_not_list(ran_db: Path) -> None:
    with Warehouse(ran_db) as warehouse:
        ctx = ToolContext(warehouse=warehouse, catalog=load_catalog(), actor="t")
        result = rule_performance(ctx, ["upgrade_nudge"], {"device_os": ["windows"]})
    assert isinstance(result, ToolError)
    assert "windows" in result.message and "ios" in (result.accepted or "")


def test_two_segments_set_against_each_other_are_measured_apart(ran_db: Path) -> None:
    out = ask(ran_db, "Is the upgrade nudge working better on iOS or Android?")
    assert out["result"]["by"] == "device_os"
    readings = out["result"]["rules"]
    assert [(r["rule_id"], r["segment"]) for r in readings] == [("upgrade_nudge", "ios"), ("upgrade_nudge", "android")]
    con = duckdb.connect(str(ran_db), read_only=True)
    sent = dict(con.execute(
        "SELECT device_os, count(DISTINCT user_id) FROM mcc.decisions JOIN dim_users USING (user_id) "
        "WHERE rule_id = 'upgrade_nudge' AND outcome = 'send' GROUP BY ALL").fetchall())
    con.close()
    assert {r["segment"]: r["sent"] for r in readings} == {"ios": sent["ios"], "android": sent["android"]}
    assert out["result"]["summary"].startswith("upgrade_nudge: ")


def test_by_a_dimension_measures_each_of_its_values(ran_db: Path) -> None:
    out = ask(ran_db, "How is the upgrade nudge doing by platform?")
    segments = [r["segment"] for r in out["result"]["rules"]]
    assert out["result"]["by"] == "device_os" and set(segments) == {"ios", "android", "web"}


def test_a_period_measures_the_users_first_decided_in_it(warehouse_db: Path) -> None:
    mcc(warehouse_db, "rules", "propose", EXAMPLE, "--as", "maya")
    mcc(warehouse_db, "rules", "approve", "upgrade_nudge", "--as", "rui")
    con = duckdb.connect(str(warehouse_db), read_only=True)
    end = data_end(con)
    con.close()
    for days in (20, 10):  # two runs: some users are first decided 20 days before the end, others 10
        mcc(warehouse_db, "run", "--as-of", (end - timedelta(days=days)).isoformat(sep=" "))
    everyone = ask(warehouse_db, "Is the upgrade nudge working?")["result"]["rules"][0]
    recent = ask(warehouse_db, "Is the upgrade nudge working for the last 14 days?")["result"]
    con = duckdb.connect(str(warehouse_db), read_only=True)
    (first_recent,) = con.execute(
        "SELECT count(*) FROM (SELECT user_id, min(as_of) AS first FROM mcc.decisions WHERE rule_id = 'upgrade_nudge' "
        "AND outcome IN ('send', 'holdout') GROUP BY user_id) WHERE first >= ?", [end - timedelta(days=14)]).fetchone() or (0,)
    con.close()
    [reading] = recent["rules"]
    assert reading["sent"] + reading["held_out"] == first_recent
    assert 0 < first_recent < everyone["sent"] + everyone["held_out"]
    assert any("First decisions from" in n for n in recent["notes"])


def test_a_run_at_the_data_end_is_said_to_have_had_no_time_to_convert(ran_db: Path) -> None:
    mcc(ran_db, "run")  # a plain run: as of the data end
    notes = ask(ran_db, "Is the upgrade nudge working?")["result"]["notes"]
    assert any("no time to convert" in n for n in notes)
