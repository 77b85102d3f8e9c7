"""`mcc traits USER --as-of TS`: the traits a run at that time saw, to check what explain reports."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def mcc(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


def test_traits_as_of_an_earlier_time_and_a_user_who_joined_later(warehouse_copy: Path) -> None:
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        early, late = con.execute("SELECT min_by(user_id, signup_at), max_by(user_id, signup_at) FROM dim_users "
                                  "WHERE user_id IN (SELECT user_id FROM user_traits)").fetchone()  # type: ignore[misc]
    finally:
        con.close()
    now = json.loads(mcc(warehouse_copy, "traits", early, "--json"))
    end = datetime.fromisoformat(now["as_of"])
    before = end - timedelta(days=3)
    then = json.loads(mcc(warehouse_copy, "traits", early, "--as-of", before.isoformat(), "--json"))
    assert datetime.fromisoformat(then["as_of"]) == before
    assert then["traits"]["days_since_signup"] == now["traits"]["days_since_signup"] - 3
    err = mcc(warehouse_copy, "traits", late, "--as-of", (end - timedelta(days=13)).isoformat(), code=1)
    assert f"{late} has no traits as of" in err and "they appear later" in err
