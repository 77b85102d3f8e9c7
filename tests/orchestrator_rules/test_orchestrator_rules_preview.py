"""Audience preview on the fixture warehouse: every field, exact numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestrator.preview import preview
from orchestrator.registry import Registry
from orchestrator.spec import Rule, TraitCondition, load_spec_file
from warehouse.catalog import Catalog
from warehouse.errors import RegistryError, SpecError

EXAMPLES = Path(__file__).parents[2] / "examples"


def by_hash(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda u: con.execute("SELECT hash(?)", [u]).fetchall()[0][0])


def approve(con: duckdb.DuckDBPyConnection, rule: Rule) -> None:
    registry = Registry(con)
    registry.propose(rule, "alice")
    registry.approve(rule.id, "bob")


def test_rule_preview_fields(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    approve(con, Rule(id="ios_users", description="iOS", audience=TraitCondition(trait="device_os", op="eq", value="ios")))
    result = preview(con, load_spec_file(EXAMPLES / "upgrade_nudge.yaml"), catalog)
    assert (result.spec_id, result.kind, result.as_of, result.base) == ("upgrade_nudge", "rule", "2026-01-10 00:00:00", 6)
    rule = result.rules[0]
    assert (rule.size, rule.share, rule.eligible) == (2, 0.3333, 2)  # u1 and u6
    assert rule.holdout.model_dump() == {
        "control_group_share": 0.0, "holdout_share": 0.1,
        "expected_control": 0, "expected_holdout": 0, "expected_treatment": 2,
    }
    assert rule.breakdown == {
        "device_os": {"android": 1, "ios": 1},
        "country": {"US": 2},
        "activation_state": {"activated": 1, "at_risk": 1},
    }
    assert rule.sample_user_ids == by_hash(con, ["u1", "u6"])
    assert [(o.rule_id, o.version, o.users, o.share) for o in rule.overlaps] == [("ios_users", 1, 1, 0.5)]
    # 2 steps a day, capped at 2 per 7 days: 2/7 sends per user per day for 2 treatment users
    assert (rule.sends.users, rule.sends.sends_per_user_per_day, rule.sends.sends_per_day) == (2, 0.2857, 0.6)
    assert sorted(r[0] for r in con.execute(result.audience_sql).fetchall()) == ["u1", "u6"]
    assert "2026-01-10 00:00:00" in result.audience_sql


def test_policy_preview_is_per_rule(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    result = preview(con, load_spec_file(EXAMPLES / "trial_priority_policy.yaml"), catalog, as_of="2026-01-10")
    sizes = {r.rule_id: (r.size, r.eligible) for r in result.rules}
    # u2 is the only trial user with one workout, but has an open ticket: suppressed from the marketing rule
    assert sizes == {"second_workout_help": (1, 0), "support_followup": (1, 1), "upgrade_messaging": (2, 2)}
    assert result.rules[2].holdout.expected_treatment == 2
    assert result.rules[0].breakdown["country"] == {"GB": 1}
    assert sorted(r[0] for r in con.execute(result.audience_sql).fetchall()) == ["u1", "u2", "u6"]


def test_preview_of_a_stored_rule_id(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    registry = Registry(con)
    registry.propose(load_spec_file(EXAMPLES / "upgrade_nudge.yaml"), "alice")
    result = preview(con, "upgrade_nudge", catalog)
    assert (result.spec_id, result.version, result.rules[0].size) == ("upgrade_nudge", 1, 2)
    assert result.rules[0].overlaps == []  # a rule never overlaps with itself
    with pytest.raises(RegistryError, match="no rule or policy 'nope'"):
        preview(con, "nope", catalog)


def test_preview_refuses_names_outside_the_catalog(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    bad = Rule(id="bad", description="x", audience=TraitCondition(trait="workout_count", op="gte", value=1))
    with pytest.raises(SpecError, match="unknown trait 'workout_count'") as exc:
        preview(con, bad, catalog)
    assert exc.value.where == "audience.trait"


def test_samples_are_the_smallest_hashes_across_cells(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    everyone = Rule(id="everyone", description="x", audience=TraitCondition(trait="workouts_completed", op="gte", value=0))
    rule = preview(con, everyone, catalog).rules[0]
    assert rule.size == 6
    assert rule.sample_user_ids == by_hash(con, ["u1", "u2", "u3", "u4", "u5", "u6"])[:5]
    assert rule.breakdown["device_os"] == {"android": 2, "ios": 2, "(none)": 1, "web": 1}


def test_eligible_counts_the_built_in_suppressions_the_executor_applies(con: duckdb.DuckDBPyConnection,
                                                                        catalog: Catalog) -> None:
    from orchestrator.executor import run
    from orchestrator.executor.plan import build_plan

    us = TraitCondition(trait="country", op="eq", value="US")  # u1, u3 (opted out of marketing), u6
    marketing = Rule(id="us_users", description="US", audience=us, holdout_share=0.0)
    service = marketing.model_copy(update={"id": "us_service", "purpose": "service"})
    previewed = {r.id: preview(con, r, catalog).rules[0] for r in (marketing, service)}
    assert {k: (p.size, p.eligible) for k, p in previewed.items()} == {"us_users": (3, 2), "us_service": (3, 3)}
    for rule in (marketing, service):  # the executor sends exactly the users the preview calls eligible
        result = run(con, dry_run=True, actor="t", plan=build_plan([rule]), traits_table="user_traits")
        assert result.counts.get("send", 0) == previewed[rule.id].eligible, rule.id
