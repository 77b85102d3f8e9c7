"""`mcc sql` with a query DuckDB cannot run: one line naming DuckDB's reason, exit 1, JSON with --json."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_a_misspelt_column_is_one_line_with_duckdbs_candidates(warehouse_copy: Path) -> None:
    result = runner.invoke(app, ["--db", str(warehouse_copy), "sql", "SELECT workouts_complete FROM user_traits"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not an uncaught DuckDB error
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "workouts_complete" in lines[0] and "Candidate bindings" in lines[0] and "LINE 1" not in lines[0]


def test_an_overflow_and_a_bad_cast_are_errors_not_tracebacks(warehouse_copy: Path) -> None:
    for query in ("SELECT 99999999999999999999999999999999999999 * 99999999999999999999", "SELECT 'a'::INTEGER"):
        result = runner.invoke(app, ["--db", str(warehouse_copy), "sql", query, "--json"])
        assert result.exit_code == 1, query
        error = json.loads(result.stdout)
        assert error["error"] == "InputError" and error["message"].startswith("DuckDB could not run the query")


def test_hostile_queries_are_refused_by_the_guard_and_write_nothing(warehouse_copy: Path, tmp_path: Path) -> None:
    before = warehouse_copy.read_bytes()
    out = tmp_path / "out"
    for query in (
        f"COPY (SELECT * FROM fct_support) TO '{out}.csv'",
        f"SELECT 1; ATTACH '{out}.db' AS x",
        "SELECT * FROM mcc.rule_versions",
        "SELECT * FROM \"MCC\".audit_log",
        "SELECT read_text('/etc/hostname')",
        "WITH x AS (DELETE FROM mcc.outbox RETURNING *) SELECT count(*) FROM x",
        "SELECT * FROM (PRAGMA database_list)",
    ):
        result = runner.invoke(app, ["--db", str(warehouse_copy), "sql", query, "--json"])
        assert result.exit_code == 1, query
        assert json.loads(result.stdout)["error"] == "GuardError", query
    assert not list(tmp_path.glob("out*")) and warehouse_copy.read_bytes() == before


def test_a_pivot_must_list_its_values_and_then_runs(warehouse_copy: Path) -> None:
    # Unlisted, DuckDB makes a column per value it finds: one per user here, which no row cap bounds.
    for query in ("SELECT count(*) FROM (PIVOT dim_users ON user_id USING count(*))",
                  "SELECT * FROM dim_users PIVOT (count(*) FOR country IN (SELECT country FROM dim_users))",
                  "PIVOT dim_users ON device_os USING count(*)",
                  "WITH p AS (PIVOT dim_users ON country USING count(*)) SELECT * FROM p"):
        result = runner.invoke(app, ["--db", str(warehouse_copy), "sql", query, "--json"])
        error = json.loads(result.stdout)
        assert result.exit_code == 1 and error["error"] == "GuardError", query
        assert "ON device_os IN ('ios', 'android')" in error["accepted"], query
    listed = runner.invoke(app, ["--db", str(warehouse_copy), "sql", "--json",
                                 "SELECT * FROM (PIVOT (SELECT device_os FROM dim_users) ON device_os IN ('ios', 'android') "
                                 "USING count(*))"])
    assert listed.exit_code == 0, listed.stderr
    out = json.loads(listed.stdout)
    assert out["columns"] == ["ios", "android"] and sum(out["rows"][0]) > 0
