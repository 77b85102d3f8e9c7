"""`mcc explain` says the control and holdout steps in words: the user's bucket, the range, and the cut."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app
from orchestrator.holdout import BUCKETS

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def mcc(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def test_the_holdout_step_names_the_bucket_its_range_and_the_cut(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "run", "--as", "ops")
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        row = con.execute("SELECT user_id, bucket FROM mcc.decisions WHERE outcome IN ('send', 'holdout') ORDER BY user_id "
                          "LIMIT 1").fetchone()
    finally:
        con.close()
    assert row is not None
    user_id, drawn = row
    (rule,) = json.loads(mcc(warehouse_copy, "explain", user_id, "--rule", "upgrade_nudge", "--json"))["rules"]
    steps = {step["step"]: step["detail"] for step in rule["steps"]}
    assert steps["holdout"] == (f"rule holdout (10% of its audience): this user is in bucket {drawn} of "
                                f"0-{BUCKETS - 1} for the rule; buckets under {BUCKETS // 10} are held out")
    assert steps["control"].startswith("global control group (0% of users): this user is in bucket ")
