"""The author cannot review their own proposal however they spell their name; a blank name acts for nobody."""

from __future__ import annotations

import duckdb
import pytest

from orchestrator.registry import Registry
from orchestrator.spec import Rule, TraitCondition
from warehouse.errors import InputError, RegistryError


def _rule() -> Rule:
    return Rule(id="upgrade_nudge", description="Nudge engaged users",
                audience=TraitCondition(trait="workouts_completed", op="gte", value=3))


@pytest.mark.parametrize("spelling", [" maya ", "MAYA", "Maya", "maya\t", "maya\u200b", "\u2060ma\u00adya",
                                      "\uff4d\uff41\uff59\uff41", "MAYA\u202e", "maya\u00a0", "ma\u200dya\x00"])
def test_the_author_respelt_cannot_approve_or_reject(con: duckdb.DuckDBPyConnection, spelling: str) -> None:
    registry = Registry(con)
    registry.propose(_rule(), "maya")
    with pytest.raises(RegistryError, match="maya proposed upgrade_nudge v1 and cannot approve it"):
        registry.approve("upgrade_nudge", spelling)
    with pytest.raises(RegistryError, match="cannot reject it"):
        registry.reject("upgrade_nudge", spelling, comment="mine")
    assert [v.status for v in registry.list()] == ["proposed"]


def test_names_are_stored_without_stray_spaces(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_rule(), "  maya\u200b  ")
    registry.approve("upgrade_nudge", "sam \u202e  lee")
    (info,) = registry.list()
    assert (info.author, info.reviewer) == ("maya", "sam lee")


def test_a_blank_name_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    with pytest.raises(InputError, match="the actor's name is blank"):
        registry.propose(_rule(), "   ")
    registry.propose(_rule(), "maya")
    with pytest.raises(InputError, match="the actor's name is blank"):
        registry.approve("upgrade_nudge", " ")
    with pytest.raises(InputError, match="the actor's name is blank"):
        registry.approve("upgrade_nudge", "\u200b\u2060")


@pytest.mark.parametrize("rule_id", ["upgrade_nudg\u0435", "upgrade_nudge\u200b", "UPGRADE_NUDGE", " upgrade_nudge",
                                     "upgrade-nudge", "upgrade_nudg"])
def test_an_id_that_only_looks_like_the_proposal_approves_nothing(con: duckdb.DuckDBPyConnection, rule_id: str) -> None:
    registry = Registry(con)
    registry.propose(_rule(), "maya")
    with pytest.raises(RegistryError, match="no rule or policy"):  # a suggestion at most, never the near match itself
        registry.approve(rule_id, "sam")
    assert [(v.status, v.reviewer) for v in registry.list()] == [("proposed", None)]
