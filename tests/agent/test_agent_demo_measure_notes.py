"""The demo's measure step says when an earlier plain `mcc run` on its warehouse is counted with no time to convert."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app


def test_a_demo_after_a_run_at_the_data_end_notes_it_in_the_measure_step(warehouse_db: Path, tmp_path: Path) -> None:
    demo = ["--db", str(warehouse_db), "demo", "--out", str(tmp_path / "out")]
    first = CliRunner().invoke(app, demo, catch_exceptions=False, env={"COLUMNS": "250"})
    assert first.exit_code == 0, first.stdout
    assert "note: the data ends at" not in first.stdout  # the backtest alone leaves nothing out
    ran = CliRunner().invoke(app, ["--db", str(warehouse_db), "run", "--as", "ops"], env={"COLUMNS": "250"})
    assert ran.exit_code == 0, ran.stdout
    again = CliRunner().invoke(app, demo, catch_exceptions=False, env={"COLUMNS": "250"})
    assert again.exit_code == 0, again.stdout
    measure_step = again.stdout.split("8. Measure")[1].split("9. Explain one user")[0]
    assert "(or at it, as a plain `mcc run` is) have had no time to convert" in " ".join(measure_step.split())
