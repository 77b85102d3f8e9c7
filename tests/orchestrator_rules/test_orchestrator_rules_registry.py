"""Registry flows: propose, approve, reject, rollback, diff, active specs, refusals audited, export/import."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestrator.registry import Registry
from orchestrator.spec import (
    AllOf,
    ChannelStep,
    ConversionMetric,
    EventCondition,
    FrequencyCap,
    Policy,
    Rule,
    Suppression,
    TraitCondition,
    load_spec_file,
    spec_to_yaml,
)
from warehouse.catalog import Catalog
from warehouse.errors import RegistryError, SpecError

EXAMPLES = Path(__file__).parents[2] / "examples"
AUDIENCE = AllOf(
    conditions=[
        TraitCondition(trait="workouts_completed", op="gte", value=3),
        EventCondition(event="pricing_viewed", within_days=14),
    ]
)


def make_rule(rule_id: str = "upgrade_nudge", **changes: object) -> Rule:
    rule = Rule(id=rule_id, description="Nudge engaged trial users to upgrade", audience=AUDIENCE)
    return rule.model_copy(update=changes)


def refusals(registry: Registry) -> list[tuple[str, str, int | None]]:
    return [(a.actor, a.action, a.version) for a in registry.audit() if a.outcome == "refused"]


def test_propose_then_approve_makes_the_version_active(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    proposal = registry.propose(make_rule(), "alice", comment="first cut")
    assert (proposal.rule_id, proposal.version, proposal.status) == ("upgrade_nudge", 1, "proposed")
    assert registry.active_specs() == []  # only approved versions execute
    approved = registry.approve("upgrade_nudge", "bob", comment="looks right")
    assert approved.status == "approved"
    assert registry.active_specs() == [make_rule()]
    info = registry.show("upgrade_nudge").info
    assert (info.author, info.reviewer, info.status) == ("alice", "bob", "approved")
    assert [(a.actor, a.action, a.outcome) for a in registry.audit()] == [
        ("alice", "propose", "ok"),
        ("bob", "approve", "ok"),
    ]


def test_identical_content_returns_the_existing_version(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    first = registry.propose(make_rule(), "alice")
    again = registry.propose(make_rule(), "carol")
    assert (again.version, again.created, first.created) == (1, False, True)
    assert len(registry.versions("upgrade_nudge")) == 1


def test_self_approval_is_refused_and_audited(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    with pytest.raises(RegistryError, match="cannot approve it: a reviewer must not be the author"):
        registry.approve("upgrade_nudge", "alice")
    assert refusals(registry) == [("alice", "approve", 1)]
    assert registry.show("upgrade_nudge").info.status == "proposed"


def test_approving_rejected_superseded_or_missing_versions_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    registry.reject("upgrade_nudge", "bob", comment="window too wide")
    with pytest.raises(RegistryError, match="v1 is rejected; only a proposed version can be approved"):
        registry.approve("upgrade_nudge", "bob", version=1)
    registry.propose(make_rule(priority=5), "alice")
    registry.propose(make_rule(priority=6), "alice")
    registry.approve("upgrade_nudge", "bob", version=3)  # supersedes the older proposal v2
    assert registry.show("upgrade_nudge", 2).info.status == "superseded"
    with pytest.raises(RegistryError, match="v2 is superseded"):
        registry.approve("upgrade_nudge", "bob", version=2)
    with pytest.raises(RegistryError, match="has no version 9") as missing:
        registry.approve("upgrade_nudge", "bob", version=9)
    assert missing.value.accepted == "one of 1, 2, 3"
    with pytest.raises(RegistryError, match="no rule or policy 'nope'"):
        registry.approve("nope", "bob")
    assert refusals(registry) == [("bob", "approve", 1), ("bob", "approve", 2), ("bob", "approve", 9), ("bob", "approve", None)]


def test_reject_needs_a_comment_and_a_reviewer(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    with pytest.raises(RegistryError, match="needs a comment"):
        registry.reject("upgrade_nudge", "bob", comment=" ")
    with pytest.raises(RegistryError, match="cannot reject it"):
        registry.reject("upgrade_nudge", "alice", comment="mine")
    assert registry.reject("upgrade_nudge", "bob", comment="no").status == "rejected"
    assert registry.show("upgrade_nudge").reviews[0].comment == "no"
    assert len(refusals(registry)) == 2


def test_approving_a_new_version_supersedes_and_rollback_restores(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    registry.approve("upgrade_nudge", "bob")
    registry.propose(make_rule(priority=5), "alice")
    registry.approve("upgrade_nudge", "bob")
    assert [v.status for v in registry.versions("upgrade_nudge")] == ["superseded", "approved"]
    assert registry.active_specs()[0].priority == 5
    restored = registry.rollback("upgrade_nudge", 1, "carol")
    assert (restored.version, restored.status) == (1, "approved")
    assert [v.status for v in registry.versions("upgrade_nudge")] == ["approved", "superseded"]
    assert registry.active_specs() == [make_rule()]
    last = registry.audit()[-1]
    assert (last.actor, last.action, last.version, last.from_version) == ("carol", "rollback", 1, 2)


def test_rollback_to_a_never_approved_version_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    registry.reject("upgrade_nudge", "bob", comment="no")
    registry.propose(make_rule(priority=2), "alice")
    registry.approve("upgrade_nudge", "bob")
    with pytest.raises(RegistryError, match="v1 was never approved"):
        registry.rollback("upgrade_nudge", 1, "carol")
    with pytest.raises(RegistryError, match="already the active version"):
        registry.rollback("upgrade_nudge", 2, "carol")
    assert refusals(registry) == [("carol", "rollback", 1), ("carol", "rollback", 2)]


def test_executing_an_unapproved_version_is_refused_and_audited(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    with pytest.raises(RegistryError, match="v1 is proposed, not approved"):
        registry.require_active("upgrade_nudge", 1, "executor")
    registry.approve("upgrade_nudge", "bob")
    registry.require_active("upgrade_nudge", 1, "executor")
    assert refusals(registry) == [("executor", "execute", 1)]


def test_diff_names_changes_in_words_with_the_audience_delta(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    wider = AllOf(conditions=[TraitCondition(trait="workouts_completed", op="gte", value=2)])
    registry.propose(make_rule(audience=wider, priority=5), "alice")
    diff = registry.diff("upgrade_nudge", as_of="2026-01-10")
    assert diff.changes == [
        "audience: removed condition workouts_completed >= 3",
        "audience: removed condition count of pricing_viewed in the last 14 days >= 1",
        "audience: added condition workouts_completed >= 2",
        "priority: 100 -> 5",
    ]
    delta = diff.audience["upgrade_nudge"]
    # v1: u1, u3, u6; v2 (workouts >= 2): u1, u3, u5, u6
    assert (delta.users_before, delta.users_after, delta.added, delta.removed) == (3, 4, 1, 0)


def test_a_new_suppression_shows_who_the_rule_can_no_longer_reach(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")  # v1 audience: u1, u3, u6
    ios = Suppression(id="no_ios", description="not on iOS", condition=TraitCondition(trait="device_os", op="eq", value="ios"))
    registry.propose(make_rule(suppressions=[ios]), "alice")
    diff = registry.diff("upgrade_nudge", as_of="2026-01-10")
    assert diff.changes == ["suppressions: added no_ios (device_os = ios)"]
    assert diff.audience == {}  # who qualifies did not change
    reach = diff.reach["upgrade_nudge"]
    assert (reach.users_before, reach.users_after, reach.added, reach.removed) == (3, 2, 0, 1)  # u1 is on iOS


def test_export_import_round_trip(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    registry.approve("upgrade_nudge", "bob")
    registry.propose(make_rule("second_rule", priority=3), "alice")
    paths = registry.export_dir(tmp_path / "rules")
    assert sorted(p.name for p in paths) == ["second_rule.yaml", "upgrade_nudge.yaml"]
    assert load_spec_file(tmp_path / "rules" / "upgrade_nudge.yaml") == make_rule()
    # unchanged files return existing versions; an edited file becomes a new proposal by the importer
    assert [(p.rule_id, p.version, p.created) for p in registry.import_dir(tmp_path / "rules", "dana")] == [
        ("second_rule", 1, False),
        ("upgrade_nudge", 1, False),
    ]
    edited = (tmp_path / "rules" / "upgrade_nudge.yaml").read_text().replace("priority: 100", "priority: 7")
    (tmp_path / "rules" / "upgrade_nudge.yaml").write_text(edited)
    imported = registry.import_dir(tmp_path / "rules", "dana")
    assert [(p.rule_id, p.version, p.status) for p in imported if p.created] == [("upgrade_nudge", 2, "proposed")]
    assert registry.show("upgrade_nudge", 2).info.author == "dana"


def test_import_validates_every_file_before_writing(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, catalog: Catalog
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "a_good.yaml").write_text(spec_to_yaml(make_rule("a_good")))
    (folder / "b_bad.yaml").write_text(spec_to_yaml(make_rule("b_bad")).replace("workouts_completed", "workout_count"))
    with pytest.raises(SpecError, match="b_bad: 1 validation error") as exc:
        Registry(con).import_dir(folder, "dana", catalog=catalog)
    assert exc.value.details["errors"][0]["path"] == "audience.conditions[0].trait"
    assert Registry(con).list() == []  # a_good was not imported either


def test_policy_diff_names_the_changed_rule(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    policy = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
    assert isinstance(policy, Policy)
    registry.propose(policy, "alice")
    changed_rule = policy.rules[2].model_copy(update={"holdout_share": 0.2})
    edited = policy.model_copy(update={"rules": [*policy.rules[:2], changed_rule], "control_group_share": 0.1})
    registry.propose(edited, "alice")
    assert registry.diff("trial_priority").changes == [
        "rules upgrade_messaging.holdout_share: 10% -> 20%",
        "control_group_share: 5% -> 10%",
    ]


def test_diff_reads_channel_plans_caps_and_conversion_in_words(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(make_rule(), "alice")
    registry.propose(make_rule(
        channels=[ChannelStep(channel="push", template_key="nudge_push"),
                  ChannelStep(channel="email", delay_hours=24, only_if="previous_not_opened")],
        frequency_cap=FrequencyCap(max_sends=2, per_days=7),
        conversion=ConversionMetric(event="subscription_started", window_days=14)), "alice")
    assert registry.diff("upgrade_nudge").changes == [
        "channels: push -> push (nudge_push), then email after 24h if the previous was not opened",
        "frequency_cap: no cap -> at most 2 per 7 days",
        "conversion: none -> subscription_started within 14 days",
    ]
