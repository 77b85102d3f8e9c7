"""What every command shares at the edge: --json on a usage error, and Ctrl-C as one line with exit code 130."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import orchestrator.executor
from cli.main import app

runner = CliRunner()


@pytest.mark.parametrize("args", [["deliver", "--json"], ["rules", "reject", "upgrade_nudge", "--json"],
                                  ["explain", "--json"], ["run", "--json", "--as-of"]])
def test_a_usage_error_with_json_prints_one_json_object(tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "none.duckdb"), *args])
    assert result.exit_code == 2
    error = json.loads(result.stdout)  # exactly one object, nothing else on stdout
    assert error["error"] == "UsageError" and error["message"]
    assert "Error" in result.stderr  # the person still gets typer's box


def test_a_usage_error_without_json_leaves_stdout_empty(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "none.duckdb"), "deliver"])
    assert result.exit_code == 2 and result.stdout == ""


def _interrupted_inside_duckdb(*_args: Any, **_kwargs: Any) -> None:
    """Press Ctrl-C mid-query: DuckDB catches the KeyboardInterrupt and raises this RuntimeError instead."""
    try:
        signal.raise_signal(signal.SIGINT)
    except KeyboardInterrupt:
        raise RuntimeError("Query interrupted") from None


def _interrupted(*_args: Any, **_kwargs: Any) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("press", [_interrupted_inside_duckdb, _interrupted])
def test_ctrl_c_is_one_line_and_exit_code_130(
    warehouse_copy: Path, monkeypatch: pytest.MonkeyPatch, press: Any
) -> None:
    monkeypatch.setattr(orchestrator.executor, "run", press)
    result = runner.invoke(app, ["--db", str(warehouse_copy), "run", "--as", "ops"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "error: interrupted (Ctrl-C)"
    result = runner.invoke(app, ["--db", str(warehouse_copy), "run", "--as", "ops", "--json"])
    assert result.exit_code == 130 and json.loads(result.stdout)["error"] == "Interrupted"


def test_a_runtime_error_without_ctrl_c_is_not_called_an_interrupt(
    warehouse_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(orchestrator.executor, "run", bug)
    before = signal.getsignal(signal.SIGINT)
    result = runner.invoke(app, ["--db", str(warehouse_copy), "run", "--as", "ops"])
    assert isinstance(result.exception, RuntimeError)  # a bug stays loud
    assert signal.getsignal(signal.SIGINT) is before  # the command gave the Ctrl-C handler back


def test_a_port_out_of_range_is_a_usage_error_not_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "c.duckdb"), "collect", "serve", "--port", "99999",
                                 "--write-key", "k"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)  # was OverflowError from bind()
    assert "--port" in result.stderr


def test_an_error_whose_message_starts_with_its_place_names_the_place_once() -> None:
    from warehouse.errors import RegistryError

    assert str(RegistryError("upgrade_nudge v1 is already the active version", where="upgrade_nudge v1")) == (
        "upgrade_nudge v1 is already the active version")
    assert str(RegistryError("a rejection needs a comment", where="upgrade_nudge", accepted="--comment TEXT")) == (
        "upgrade_nudge: a rejection needs a comment (accepted: --comment TEXT)")
