"""`mcc traits` shows each number with the catalog's unit, and an empty trait as '(no value)'."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app


def test_traits_show_units_and_empty_values(built_warehouse: Path) -> None:
    import duckdb

    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        row = con.execute("SELECT user_id FROM user_traits WHERE trial_days_left IS NULL ORDER BY user_id LIMIT 1").fetchone()
    finally:
        con.close()
    assert row is not None
    result = CliRunner().invoke(app, ["--db", str(built_warehouse), "traits", row[0]], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    rows = {cells[0]: cells[1:] for cells in (
        [c.strip() for c in line.split("│")[1:-1]] for line in result.stdout.splitlines() if "│" in line)}
    assert rows["momentum_score"][1] == "score 0-100"
    assert rows["avg_workout_minutes"][1] == "minutes"
    assert rows["trial_days_left"] == ["(no value)", "days"]
    assert rows["device_os"][1] == ""  # a category has no unit
