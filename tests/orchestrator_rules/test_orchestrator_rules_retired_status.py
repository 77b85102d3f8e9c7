"""A retired version reads as `retired`, with who retired it, when and why; its reviewer stays its approver."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestrator.registry import Registry
from orchestrator.spec import load_spec_file

EXAMPLES = Path(__file__).parents[2] / "examples"


def _nudge(description: str = "") -> object:
    spec = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")
    return spec.model_copy(update={"description": description}) if description else spec


def _status(registry: Registry) -> list[tuple[int, str, str | None, str | None]]:
    return [(v.version, v.status, v.reviewer, v.retired_by) for v in registry.versions("upgrade_nudge")]


def test_retiring_lists_the_version_as_retired_by_whom_and_why(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_nudge(), "maya")  # type: ignore[arg-type]
    registry.approve("upgrade_nudge", "sam")
    assert registry.retire("upgrade_nudge", "ops", "wrong offer").status == "retired"
    (info,) = registry.list()
    assert (info.status, info.reviewer, info.retired_by, info.retire_comment) == ("retired", "sam", "ops", "wrong offer")
    assert info.retired_at is not None and info.decided_at is not None and info.retired_at >= info.decided_at
    detail = registry.show("upgrade_nudge")
    assert detail.info.status == "retired" and detail.active_version is None
    assert [r.decision for r in detail.reviews] == ["approve", "retire"]
    assert registry.live_rule_ids() == set()  # nothing runs, and delivery still knows rules were approved here


def test_a_retired_version_brought_back_or_followed_by_a_new_one(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_nudge(), "maya")  # type: ignore[arg-type]
    registry.approve("upgrade_nudge", "sam")
    registry.retire("upgrade_nudge", "ops", "paused for the sale")
    registry.rollback("upgrade_nudge", 1, "ops")
    assert _status(registry) == [(1, "approved", "ops", None)]  # running again: no longer retired
    registry.propose(_nudge("a second version"), "maya")  # type: ignore[arg-type]
    registry.approve("upgrade_nudge", "sam")
    assert _status(registry) == [(1, "superseded", "ops", None), (2, "approved", "sam", None)]
    registry.retire("upgrade_nudge", "ops", "done")
    assert _status(registry) == [(1, "superseded", "ops", None), (2, "retired", "sam", "ops")]


def test_proposing_a_retired_versions_content_again_says_it_is_retired(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_nudge(), "maya")  # type: ignore[arg-type]
    registry.approve("upgrade_nudge", "sam")
    registry.retire("upgrade_nudge", "ops", "wrong offer")
    again = registry.propose(_nudge(), "maya")  # type: ignore[arg-type]
    assert (again.created, again.status) == (False, "retired")
