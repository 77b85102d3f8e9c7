"""`mcc rules sql`: the SQL that selects each rule's audience, in the dialect of the warehouse it will run on."""

from __future__ import annotations

import json
from pathlib import Path

import sqlglot
from typer.testing import CliRunner

from cli.main import app
from orchestrator.compile import audience_sql
from orchestrator.spec import Policy, load_spec_file

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICY = str(EXAMPLES / "trial_priority_policy.yaml")


def test_a_policy_file_compiles_every_rule_without_a_warehouse(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "none.duckdb"), "rules", "sql", POLICY,
                                 "--dialect", "postgres", "--as-of", "2026-10-01", "--json"])
    assert result.exit_code == 0, result.stdout
    out = json.loads(result.stdout)
    policy = load_spec_file(POLICY)
    assert isinstance(policy, Policy)
    assert out["dialect"] == "postgres" and out["as_of"].startswith("2026-10-01")
    assert out["rules"] == [{"rule_id": r.id, "sql": audience_sql(r.audience, "postgres", as_of="2026-10-01 00:00:00")}
                            for r in policy.rules]
    assert not (tmp_path / "none.duckdb").exists()


def test_the_printed_statements_read_back_in_their_dialect(tmp_path: Path) -> None:
    for dialect in ("snowflake", "bigquery", "spark"):
        result = runner.invoke(app, ["rules", "sql", POLICY, "--dialect", dialect])
        assert result.exit_code == 0, result.stdout
        statements = [s for s in sqlglot.parse(result.stdout, read=dialect) if s is not None]
        assert len(statements) == 3, dialect  # one per rule; the comment lines name them
        assert "-- upgrade_messaging: the user ids its audience selects" in result.stdout


def test_a_stored_rule_compiles_its_active_version(warehouse_copy: Path) -> None:
    nudge = str(EXAMPLES / "upgrade_nudge.yaml")
    proposed = runner.invoke(app, ["--db", str(warehouse_copy), "rules", "propose", nudge, "--as", "maya", "--json"])
    assert proposed.exit_code == 0, proposed.stdout
    result = runner.invoke(app, ["--db", str(warehouse_copy), "rules", "sql", "upgrade_nudge", "--json"])
    out = json.loads(result.stdout)
    rule = load_spec_file(nudge)
    assert out["id"] == "upgrade_nudge" and out["as_of"] is None  # windows end at the data end, read in the SQL
    assert out["rules"] == [{"rule_id": "upgrade_nudge", "sql": audience_sql(rule.audience, "duckdb")}]


def test_an_unknown_dialect_names_the_ones_accepted() -> None:
    result = runner.invoke(app, ["rules", "sql", POLICY, "--dialect", "oracle", "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert "oracle" in out["message"] and out["accepted"] == "duckdb, snowflake, bigquery, spark, postgres"
