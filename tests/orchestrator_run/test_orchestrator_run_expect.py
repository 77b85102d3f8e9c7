"""`mcc run --expect RULE@VERSION`: running a version that is not approved is refused and audited."""

from __future__ import annotations

from pathlib import Path

import duckdb
from orchestrator_run_fixtures import POLICY
from typer.testing import CliRunner

from cli.main import app
from orchestrator.registry import Registry
from orchestrator.spec import parse_spec


def _mcc(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db))
    try:
        row = con.execute(sql).fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def test_an_unapproved_version_is_refused_audited_and_nothing_runs(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    Registry(con).propose(parse_spec(POLICY), actor="alice")
    con.close()

    code, out = _mcc(db_path, "run", "--traits-table", "user_traits", "--as", "ops", "--expect", "onboarding@1")
    assert code == 1
    assert "onboarding v1 is proposed, not approved" in out
    assert _count(db_path, "SELECT count(*) FROM mcc.audit_log WHERE action = 'execute' AND actor = 'ops' AND outcome = 'refused'") == 1
    assert _count(db_path, "SELECT count(*) FROM mcc.decisions") == 0


def test_the_expected_approved_version_runs(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    registry = Registry(con)
    registry.propose(parse_spec(POLICY), actor="alice")
    registry.approve("onboarding", actor="bob")
    con.close()

    code, out = _mcc(db_path, "run", "--traits-table", "user_traits", "--expect", "onboarding@1")
    assert code == 0, out
    assert _count(db_path, "SELECT count(*) FROM mcc.decisions") > 0


def test_a_malformed_expectation_names_the_accepted_form(db_path: Path) -> None:
    code, out = _mcc(db_path, "run", "--expect", "onboarding")
    assert code == 1
    assert "RULE_ID@VERSION" in out
