"""`mcc explain` for a user who joined after the run, and --rule given a policy id or a typo."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def mcc(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


def _ran_policy_a_week_before_the_end(db: Path) -> str:
    mcc(db, "rules", "propose", str(EXAMPLES / "trial_priority_policy.yaml"), "--as", "maya")
    mcc(db, "rules", "approve", "trial_priority", "--as", "sam")
    con = duckdb.connect(str(db), read_only=True)
    try:
        end = con.execute("SELECT max(event_time) FROM fct_events").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    as_of = f"{end.date().isoformat()}T00:00:00"
    mcc(db, "run", "--as-of", as_of, "--as", "ops")
    return as_of


def test_a_user_who_signed_up_after_the_run_is_not_called_unknown(warehouse_copy: Path) -> None:
    as_of = _ran_policy_a_week_before_the_end(warehouse_copy)
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        row = con.execute("SELECT user_id FROM dim_users WHERE signup_at > ? ORDER BY signup_at DESC LIMIT 1",
                          [as_of]).fetchone()
    finally:
        con.close()
    assert row is not None
    err = mcc(warehouse_copy, "explain", row[0], code=1)
    assert "unknown user" not in err and f"{row[0]} has no traits as of" in err and "they appear later" in err
    assert "unknown user 'nobody_here'" in mcc(warehouse_copy, "explain", "nobody_here", code=1)


def test_rule_takes_a_policy_id_and_answers_a_typo(warehouse_copy: Path) -> None:
    _ran_policy_a_week_before_the_end(warehouse_copy)
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        user = con.execute("SELECT user_id FROM mcc.decisions LIMIT 1").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    explained = json.loads(mcc(warehouse_copy, "explain", user, "--rule", "trial_priority", "--json"))
    assert [r["rule_id"] for r in explained["rules"]] == ["second_workout_help", "support_followup",
                                                          "upgrade_messaging"]
    err = mcc(warehouse_copy, "explain", user, "--rule", "upgrade_mesaging", code=1)
    assert "ran no rule or policy 'upgrade_mesaging'; did you mean upgrade_messaging?" in err


def test_a_rule_retired_since_names_the_run_that_last_ran_it(warehouse_copy: Path) -> None:
    as_of = _ran_policy_a_week_before_the_end(warehouse_copy)
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "run", "--as-of", as_of.replace("T00:00:00", "T06:00:00"), "--as", "ops")
    mcc(warehouse_copy, "rules", "retire", "upgrade_nudge", "--as", "ops", "--comment", "paused")
    mcc(warehouse_copy, "run", "--as-of", as_of.replace("T00:00:00", "T12:00:00"), "--as", "ops")
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        user = con.execute("SELECT user_id FROM mcc.decisions LIMIT 1").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    err = " ".join(mcc(warehouse_copy, "explain", user, "--rule", "upgrade_nudge", code=1).split())
    day = as_of[:10]
    assert f"ran no rule or policy 'upgrade_nudge'; it last ran in run_{day.replace('-', '')}T060000" in err
    assert "did you mean" not in err
