"""`mcc rules retire`: an operator stops a program now; its queued messages are not sent; rollback restores it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def mcc(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


def _last_day(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        end = con.execute("SELECT max(event_time) FROM fct_events").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    return f"{end.date().isoformat()}T00:00:00"


def test_retire_stops_the_rule_and_its_queued_messages_and_rollback_brings_it_back(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "trial_priority_policy.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "trial_priority", "--as", "sam")
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    queued = json.loads(mcc(warehouse_copy, "run", "--as-of", _last_day(warehouse_copy), "--as", "ops", "--json"))
    assert queued["sends"] > 0
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        in_outbox = {r[0] for r in con.execute("SELECT DISTINCT rule_id FROM mcc.outbox").fetchall()}
    finally:
        con.close()
    assert "upgrade_nudge" in in_outbox and in_outbox - {"upgrade_nudge"}  # both programs queued messages
    said = mcc(warehouse_copy, "rules", "retire", "trial_priority", "--as", "maya", "--comment", "wrong offer")
    assert "trial_priority v1 retired" in said and "rollback trial_priority --to 1" in " ".join(said.split())
    out = tmp_path / "sent.jsonl"
    report = json.loads(mcc(warehouse_copy, "deliver", "--to", f"file:{out}", "--json"))
    sent = [json.loads(line)["rule_id"] for line in out.read_text().splitlines()] if out.exists() else []
    policy_rules = {"second_workout_help", "support_followup", "upgrade_messaging"}
    assert not policy_rules & set(sent)  # nothing of the retired policy went out ...
    assert report["skipped"] > 0 and report["delivered"] == len(sent)  # ... the live rule's messages did
    history = json.loads(mcc(warehouse_copy, "rules", "history", "trial_priority", "--json"))["entries"]
    assert (history[-1]["actor"], history[-1]["action"], history[-1]["message"]) == ("maya", "retire", "wrong offer")
    err = mcc(warehouse_copy, "rules", "retire", "trial_priority", "--as", "sam", "--comment", "again", code=1)
    assert "nothing of trial_priority runs" in err
    mcc(warehouse_copy, "rules", "rollback", "trial_priority", "--to", "1", "--as", "sam")
    assert json.loads(mcc(warehouse_copy, "rules", "show", "trial_priority", "--json"))["active_version"] == 1


def test_retire_needs_a_reason_and_a_known_id(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    assert "retiring needs a comment" in mcc(warehouse_copy, "rules", "retire", "upgrade_nudge", "--as", "sam",
                                             "--comment", " ", code=1)
    assert "did you mean upgrade_nudge?" in mcc(warehouse_copy, "rules", "retire", "upgrade_nudg", "--as", "sam",
                                                "--comment", "x", code=1)
    assert json.loads(mcc(warehouse_copy, "rules", "show", "upgrade_nudge", "--json"))["active_version"] == 1
