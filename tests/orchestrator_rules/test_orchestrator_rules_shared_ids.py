"""A rule id already run by another active rule or policy is refused at propose and approve (audited).

Before, approving both made the run keep whichever came last: one program silently switched off.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestrator.executor.plan import load_plan
from orchestrator.registry import Registry
from orchestrator.spec import Policy, load_spec_file
from warehouse.errors import RegistryError

EXAMPLES = Path(__file__).parents[2] / "examples"


def _policy() -> Policy:
    spec = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
    assert isinstance(spec, Policy) and "upgrade_messaging" in {r.id for r in spec.rules}
    return spec


def _standalone(rule_id: str = "upgrade_messaging") -> object:
    return load_spec_file(EXAMPLES / "upgrade_nudge.yaml").model_copy(update={"id": rule_id})


def _refusals(registry: Registry) -> list[tuple[str, str]]:
    return [(a.action, a.rule_id) for a in registry.audit() if a.outcome == "refused"]


def test_proposing_a_rule_a_running_policy_already_has_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_policy(), "maya")
    registry.approve("trial_priority", "sam")
    with pytest.raises(RegistryError, match="rule id upgrade_messaging is already run by policy trial_priority") as e:
        registry.propose(_standalone(), "maya")  # type: ignore[arg-type]
    assert e.value.accepted == "another id for upgrade_messaging in upgrade_messaging"
    assert _refusals(registry) == [("propose", "upgrade_messaging")]
    assert registry.propose(_standalone("upgrade_messaging_2"), "maya").created  # type: ignore[arg-type]


def test_approving_the_second_of_two_clashing_proposals_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_standalone(), "maya")  # type: ignore[arg-type]
    registry.propose(_policy(), "maya")
    registry.approve("upgrade_messaging", "sam")
    with pytest.raises(RegistryError, match="already run by rule upgrade_messaging"):
        registry.approve("trial_priority", "sam")
    assert [(v.rule_id, v.status) for v in registry.list()] == [
        ("trial_priority", "proposed"), ("upgrade_messaging", "approved")]
    planned = {p.rule.id: p.policy_id for p in load_plan(con).rules}
    assert planned == {"upgrade_messaging": None}  # the run has one program per id


def test_a_new_version_of_the_same_policy_keeps_its_rule_ids(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_policy(), "maya")
    registry.approve("trial_priority", "sam")
    registry.propose(_policy().model_copy(update={"control_group_share": 0.1}), "maya")
    assert registry.approve("trial_priority", "sam").version == 2


def test_rolling_back_to_a_version_whose_rule_id_another_spec_now_runs_is_refused(
    con: duckdb.DuckDBPyConnection,
) -> None:
    registry = Registry(con)
    policy = _policy()
    registry.propose(policy, "maya")
    registry.approve("trial_priority", "sam")
    renamed = [r.model_copy(update={"id": "upgrade_messaging_v2"}) if r.id == "upgrade_messaging" else r
               for r in policy.rules]
    registry.propose(policy.model_copy(update={"rules": renamed}), "maya")
    registry.approve("trial_priority", "sam")  # v2 frees the id upgrade_messaging ...
    registry.propose(_standalone(), "maya")  # type: ignore[arg-type]
    registry.approve("upgrade_messaging", "sam")  # ... which a rule of its own now runs
    with pytest.raises(RegistryError, match="already run by rule upgrade_messaging"):
        registry.rollback("trial_priority", 1, "sam")
    assert registry.active_version("trial_priority") == 2


def test_an_import_with_a_clashing_file_proposes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from orchestrator.spec import spec_to_yaml

    registry = Registry(con)
    registry.propose(_policy(), "maya")
    registry.approve("trial_priority", "sam")
    folder = tmp_path / "rules"
    folder.mkdir()
    fresh = _standalone("a_fresh_rule")
    (folder / "a_fresh_rule.yaml").write_text(spec_to_yaml(fresh))  # type: ignore[arg-type]
    (folder / "upgrade_messaging.yaml").write_text(spec_to_yaml(_standalone()))  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="already run by policy trial_priority"):
        registry.import_dir(folder, "maya")
    assert [v.rule_id for v in registry.list()] == ["trial_priority"]  # a_fresh_rule was not proposed either


def test_a_rule_inside_a_policy_is_answered_with_its_policy(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_policy(), "maya")
    registry.approve("trial_priority", "sam")
    with pytest.raises(RegistryError, match="upgrade_messaging is a rule of policy trial_priority") as caught:
        registry.show("upgrade_messaging")
    assert caught.value.accepted == ("the policy id trial_priority; to change or drop upgrade_messaging, "
                                     "propose a new version of trial_priority")
    with pytest.raises(RegistryError, match="is a rule of policy trial_priority"):
        registry.retire("upgrade_messaging", "sam", comment="too many emails")
