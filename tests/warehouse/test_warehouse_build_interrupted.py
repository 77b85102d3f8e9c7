"""A build cut short (Ctrl-C, a failure) leaves the old warehouse, or no file, at the path: never half of one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import warehouse.build as build
from warehouse.build import build_warehouse


def _interrupt(*_args: object, **_kwargs: object) -> int:
    raise KeyboardInterrupt


def test_an_interrupted_first_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "wh.duckdb"
    monkeypatch.setattr(build, "build_traits", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_warehouse(target, users=200, days=7, seed=3)
    assert list(tmp_path.iterdir()) == []  # neither the target nor the file it was being built in


def test_an_interrupted_rebuild_keeps_the_old_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "wh.duckdb"
    build_warehouse(target, users=200, days=7, seed=3)
    monkeypatch.setattr(build, "build_traits", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_warehouse(target, users=300, days=7, seed=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh.duckdb"]
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("SELECT value FROM mcc.meta WHERE key = 'users'").fetchone() == ("200",)
    finally:
        con.close()
    monkeypatch.undo()
    build_warehouse(target, users=300, days=7, seed=4)  # and a build that finishes replaces it
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("SELECT value FROM mcc.meta WHERE key = 'users'").fetchone() == ("300",)
    finally:
        con.close()
