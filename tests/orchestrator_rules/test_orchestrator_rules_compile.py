"""Golden compile tests: each titled condition compiles to the reviewed SQL per dialect, and the DuckDB SQL
selects exactly the expected users on the fixture warehouse (execute mode)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
import yaml
from pydantic import TypeAdapter

from orchestrator.compile import DIALECTS, audience_sql, audiences_query, necessary_for_any, necessary_traits
from orchestrator.spec import (
    AllOf,
    AnyOf,
    Condition,
    EventCondition,
    Not,
    Policy,
    Rule,
    TraitCondition,
    load_spec_file,
)
from warehouse.errors import InputError

GOLDEN = yaml.safe_load((Path(__file__).parent / "golden" / "audiences.yaml").read_text())
CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
EXAMPLES = Path(__file__).parents[2] / "examples"
AS_OF = "2026-01-10 00:00:00"


def _ids(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return sorted(row[0] for row in con.execute(sql).fetchall())


@pytest.mark.parametrize("case", GOLDEN, ids=[c["title"] for c in GOLDEN])
@pytest.mark.parametrize("dialect", DIALECTS)
def test_golden_sql(case: dict[str, Any], dialect: str) -> None:
    sql = audience_sql(CONDITION.validate_python(case["condition"]), dialect, as_of=case.get("as_of"))
    assert sql == case["sql"][dialect]
    sqlglot.parse_one(sql, read=dialect)  # the emitted SQL reads back in its own dialect


@pytest.mark.parametrize("case", GOLDEN, ids=[c["title"] for c in GOLDEN])
def test_golden_execute(case: dict[str, Any], con: duckdb.DuckDBPyConnection) -> None:
    assert _ids(con, case["sql"]["duckdb"]) == case["expected_ids"]


def test_audiences_query_gives_one_boolean_column_per_condition(con: duckdb.DuckDBPyConnection) -> None:
    pricing = EventCondition(event="pricing_viewed", within_days=14)
    conditions: dict[str, Condition] = {
        "engaged": AllOf(conditions=[TraitCondition(trait="workouts_completed", op="gte", value=3), pricing]),
        "viewed": pricing,  # shares the event CTE with `engaged`
        "ios": TraitCondition(trait="device_os", op="eq", value="ios"),
    }
    query = audiences_query(conditions, as_of=AS_OF)
    assert len(query.args["with_"].expressions) == 1
    rows = con.execute(query.sql("duckdb") + " ORDER BY 1").fetchall()
    assert rows == [
        ("u1", True, True, True),
        ("u2", False, False, False),
        ("u3", True, True, False),
        ("u4", False, True, True),
        ("u5", False, False, False),  # NULL device_os: false, never NULL
        ("u6", True, True, False),
    ]


def test_values_are_literals_not_sql(con: duckdb.DuckDBPyConnection) -> None:
    hostile = TraitCondition(trait="country", op="eq", value="US' OR '1'='1")
    sql = audience_sql(hostile)
    assert "'US'' OR ''1''=''1'" in sql
    assert _ids(con, sql) == []


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(InputError, match="unsupported dialect 'oracle'"):
        audience_sql(TraitCondition(trait="country", op="eq", value="US"), "oracle")


@pytest.mark.parametrize("name", ["upgrade_nudge.yaml", "trial_priority_policy.yaml"])
@pytest.mark.parametrize("dialect", DIALECTS)
def test_examples_compile_in_every_dialect(name: str, dialect: str) -> None:
    spec = load_spec_file(EXAMPLES / name)
    rules = spec.rules if isinstance(spec, Policy) else [spec]
    for rule in rules:
        conditions = [rule.audience, *(s.condition for s in rule.stop_conditions)]
        for cond in conditions:
            sqlglot.parse_one(audience_sql(cond, dialect, as_of=AS_OF), read=dialect)


def test_upgrade_nudge_selects_the_engaged_non_paying_users(con: duckdb.DuckDBPyConnection) -> None:
    spec = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")
    assert isinstance(spec, Rule)
    assert _ids(con, audience_sql(spec.audience, as_of=AS_OF)) == ["u1", "u6"]


def _leaf(name: str, op: str, value: object) -> TraitCondition:
    return TraitCondition.model_validate({"trait": name, "op": op, "value": value})


def test_necessary_traits_keeps_only_implied_trait_bounds() -> None:
    ios, us = _leaf("device_os", "eq", "ios"), _leaf("country", "eq", "US")
    opened = EventCondition(event="app_opened")
    assert necessary_traits(AllOf(conditions=[ios, opened, us])) == AllOf(conditions=[ios, us])
    assert necessary_traits(AnyOf(conditions=[ios, AllOf(conditions=[us, opened])])) == AnyOf(conditions=[ios, us])
    assert necessary_traits(AnyOf(conditions=[ios, opened])) is None  # the event branch has no trait bound
    assert necessary_traits(Not(condition=ios)) is None
    assert necessary_for_any([ios, us]) == AnyOf(conditions=[ios, us])


def test_audiences_within_keeps_only_candidates(con: duckdb.DuckDBPyConnection) -> None:
    audience = AllOf(conditions=[_leaf("workouts_completed", "gte", 3), EventCondition(event="pricing_viewed")])
    within = necessary_traits(audience)
    rows = con.execute(audiences_query({"a": audience}, AS_OF, within=within).sql("duckdb") + " ORDER BY 1").fetchall()
    assert rows == [("u1", True), ("u3", True), ("u6", True)]  # workouts >= 3 only; all three viewed pricing
