"""`mcc collect quarantine --source` with a name nothing was refused from names the sources that have some."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app


def no_id(message_id: str) -> str:
    """A message with neither userId nor anonymousId: the loader refuses it."""
    return json.dumps({"type": "track", "event": "app_opened", "messageId": message_id})


def mcc(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "collect", *args], env={"COLUMNS": "300"})
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout


def test_a_path_typed_for_the_source_names_the_recorded_file_names(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    for name in ("day1.jsonl", "day2.jsonl"):
        (tmp_path / name).write_text(no_id(name) + "\n")
        mcc(db, "load", str(tmp_path / name))
    said = " ".join(mcc(db, "quarantine", "--source", str(tmp_path / "day1.jsonl")).split())
    head, _, names = said.partition("; sources with quarantined messages: ")
    assert head == f"No quarantined messages from {tmp_path / 'day1.jsonl'}"
    assert sorted(names.rstrip(".").split(", ")) == ["day1.jsonl", "day2.jsonl"]
    assert json.loads(mcc(db, "quarantine", "--source", "day1.jsonl", "--json"))["messages"]
