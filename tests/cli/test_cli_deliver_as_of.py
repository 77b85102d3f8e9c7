"""`mcc deliver --as-of`: after a run as of a later time than the data's end, deliver sends what that run
queued once told the time, and without it says what waits and how to send it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def mcc(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def _day_after_data(db: Path) -> datetime:
    con = duckdb.connect(str(db), read_only=True)
    try:
        end = con.execute("SELECT value FROM mcc.meta WHERE key = 'data_end'").fetchone()
    finally:
        con.close()
    assert end is not None
    return datetime.fromisoformat(end[0]).replace(microsecond=0) + timedelta(days=1)


def test_a_run_past_the_data_is_delivered_with_its_as_of(warehouse_copy: Path, tmp_path: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    when = _day_after_data(warehouse_copy)
    queued = json.loads(mcc(warehouse_copy, "run", "--as-of", when.isoformat(), "--as", "ops", "--json"))["sends"]
    assert queued > 0
    out = tmp_path / "sent.jsonl"
    waiting = json.loads(mcc(warehouse_copy, "deliver", "--to", f"file:{out}", "--json"))
    assert (waiting["due"], waiting["scheduled_later"]) == (0, queued)
    assert datetime.fromisoformat(waiting["next_send_after"]) == when
    said = " ".join(mcc(warehouse_copy, "deliver", "--to", f"file:{out}").split())
    assert f"{queued:,} message(s) wait for a later time, the first due at {when:%Y-%m-%d %H:%M}" in said
    assert f"--as-of {when:%Y-%m-%dT%H:%M}" in said
    sent = json.loads(mcc(warehouse_copy, "deliver", "--to", f"file:{out}", "--as-of", when.isoformat(), "--json"))
    # the first steps go now; the follow-ups wait for their delay
    assert sent["delivered"] > 0 and sent["delivered"] + sent["scheduled_later"] == queued
    assert datetime.fromisoformat(sent["next_send_after"]) > when
    assert len(out.read_text().splitlines()) == sent["delivered"]
