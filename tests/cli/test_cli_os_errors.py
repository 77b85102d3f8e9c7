"""What the operating system refuses (a name too long, a path that is a directory) is one line naming the path
and exit code 1, never a traceback; an over-long FILE_OR_RULE_ID reads as a rule id that does not exist."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

LONG = "/tmp/" + "b" * 300


def test_a_warehouse_path_too_long_for_the_file_system_is_one_line_naming_it() -> None:
    result = CliRunner().invoke(app, ["--db", LONG, "runs"])
    assert result.exit_code == 1
    assert "File name too long" in result.output and "(305 characters)" in result.output
    assert "Traceback" not in result.output


def test_with_json_the_refusal_is_the_error_object() -> None:
    result = CliRunner().invoke(app, ["--db", LONG, "runs", "--json"])
    payload = json.loads(result.stdout)
    assert result.exit_code == 1 and payload["error"] == "InputError" and payload["where"] == "path"


def test_an_over_long_rule_id_is_looked_up_as_an_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "w.duckdb"), "rules", "sql", "a" * 300, "--dialect", "postgres"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "File name too long" not in result.output


def test_a_time_with_an_offset_is_that_instant_in_utc_as_the_warehouse_keeps_times() -> None:
    from datetime import datetime

    from cli.execute_cmds import parse_timestamp
    from orchestrator.compile.as_of import parse_as_of

    assert parse_timestamp("2026-10-19 12:00:00+05:00", "--as-of") == datetime(2026, 10, 19, 7, 0)
    assert parse_as_of("2026-10-19T12:00-04:00") == datetime(2026, 10, 19, 16, 0)
    assert parse_timestamp("2026-10-19T12:00", "--as-of") == parse_as_of("2026-10-19T12:00") == datetime(2026, 10, 19, 12)


def test_a_reader_that_leaves_early_ends_the_command_quietly(tmp_path: Path) -> None:
    # `mcc ... | head`: once the reader has gone, what is left of the output has nowhere to go
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader left before the first line
    command = [sys.executable, "-c", "from cli.main import main; main()", "rules", "--help"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "COLUMNS": "80"}
    try:
        done = subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, cwd=tmp_path, env=env, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr.decode() == ""  # was: "error: [Errno 32] Broken pipe (accepted: check the path, ...)"
