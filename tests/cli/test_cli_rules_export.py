"""`mcc rules export` to a path a person gets wrong, and an export cut short: one line, no file half written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "upgrade_nudge.yaml"
runner = CliRunner()


def mcc(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_exporting_to_a_file_path_is_one_line(warehouse_copy: Path, tmp_path: Path) -> None:
    assert mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")[0] == 0
    taken = tmp_path / "upgrade_nudge.yaml"
    taken.write_text("kept as it was")
    code, _, err = mcc(warehouse_copy, "rules", "export", str(taken))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "is a file" in err
    assert taken.read_text() == "kept as it was"


def test_an_export_cut_short_leaves_the_old_file_whole(
    warehouse_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")[0] == 0
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "upgrade_nudge.yaml").write_text("# the reviewed copy\n")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = runner.invoke(app, ["--db", str(warehouse_copy), "rules", "export", str(folder)])
    assert result.exit_code != 0
    assert sorted(p.name for p in folder.iterdir()) == ["upgrade_nudge.yaml"]  # no partial file left
    assert (folder / "upgrade_nudge.yaml").read_text() == "# the reviewed copy\n"
    monkeypatch.undo()
    assert mcc(warehouse_copy, "rules", "export", str(folder))[0] == 0
    assert "id: upgrade_nudge" in (folder / "upgrade_nudge.yaml").read_text()
