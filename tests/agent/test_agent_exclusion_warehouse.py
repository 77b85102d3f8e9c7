"""Changing a running rule by prompt, on a real warehouse: the offline agent reads the approved specs from the
registry and proposes the rule's next version; the running version stays as it was until a person approves."""

from __future__ import annotations

from pathlib import Path

import duckdb

from agent.api import ask
from agent.backend import WarehouseBackend
from orchestrator.registry import Registry
from orchestrator.spec import Rule, TraitCondition, load_spec_file
from warehouse.catalog import load_catalog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def approve_examples(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        registry = Registry(con)
        for name in ("upgrade_nudge.yaml", "trial_priority_policy.yaml"):
            spec = load_spec_file(EXAMPLES / name)
            registry.propose(spec, actor="maya")
            registry.approve(spec.id, actor="rita")


def test_the_backend_reads_the_approved_specs_read_only(warehouse_db: Path) -> None:
    backend = WarehouseBackend(warehouse_db, actor="maya", as_of=None, catalog=load_catalog())
    try:
        assert backend.active_specs() == []  # no registry yet: nothing runs
        backend.close()
        approve_examples(warehouse_db)
        assert sorted(s.id for s in backend.active_specs()) == ["trial_priority", "upgrade_nudge"]
    finally:
        backend.close()


def test_a_confirmed_exclusion_is_proposed_as_the_next_version_and_changes_nothing_running(warehouse_db: Path) -> None:
    approve_examples(warehouse_db)
    result = ask("Users with high support risk should not get the upgrade nudge", db=warehouse_db,
                 propose=True, confirm=lambda payload: True, actor="maya")
    assert result.error is None and result.proposal_id == "upgrade_nudge"
    # the registry read is in the trace like any other tool the run used
    assert [t.tool for t in result.trace.tools][:3] == ["list_active_rules", "validate_rule", "preview_audience"]
    with duckdb.connect(str(warehouse_db)) as con:
        registry = Registry(con)
        versions = {v.version: v.status for v in registry.versions("upgrade_nudge")}
        assert versions == {1: "approved", 2: "proposed"}  # proposed, never approved by the agent
        running = registry.active_specs()
        proposed = registry.show("upgrade_nudge", 2).spec
    nudge = next(s for s in running if s.id == "upgrade_nudge")
    assert isinstance(nudge, Rule) and isinstance(proposed, Rule)
    assert all(s.condition != TraitCondition(trait="support_risk", op="eq", value="high") for s in nudge.suppressions)
    assert proposed.suppressions[-1].condition == TraitCondition(trait="support_risk", op="eq", value="high")
    assert proposed.audience == nudge.audience
