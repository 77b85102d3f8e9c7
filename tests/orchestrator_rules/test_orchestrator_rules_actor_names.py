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


@pytest.mark.parametrize("look_alike", ["\u0458\u043e", "\u0408\u041e", "\u03f3\u03bf", "\u0408\u043e"])
def test_a_name_in_look_alike_letters_of_one_script_is_the_author(con: duckdb.DuckDBPyConnection, look_alike: str) -> None:
    registry = Registry(con)
    registry.propose(_rule(), "jo")
    with pytest.raises(RegistryError, match="jo proposed upgrade_nudge v1 and cannot approve it"):
        registry.approve("upgrade_nudge", look_alike)
    assert [v.status for v in registry.list()] == ["proposed"]


@pytest.mark.parametrize(("author", "reviewer"), [("Ian", "lan"), ("rnaya", "maya"), ("\u0392\u039f\u0392", "bob")])
def test_latin_look_alikes_are_one_person_too(con: duckdb.DuckDBPyConnection, author: str, reviewer: str) -> None:
    registry = Registry(con)
    registry.propose(_rule(), author)
    with pytest.raises(RegistryError, match="cannot approve it"):
        registry.approve("upgrade_nudge", reviewer)


@pytest.mark.parametrize(("name", "foreign", "example"), [
    ("m\u0430ya", "U+0430 CYRILLIC SMALL LETTER A", "e.g. --as 'maya'"),
    ("J\u03bf\u0570n", "U+0570 ARMENIAN SMALL LETTER HO", "e.g. --as 'John'"),
    ("\u041c\u0430\u044f Smith", "U+", ""),  # Cyrillic beside Latin, even as two words
])
def test_a_name_mixing_scripts_is_refused_naming_the_letters(
    con: duckdb.DuckDBPyConnection, name: str, foreign: str, example: str
) -> None:
    registry = Registry(con)
    with pytest.raises(InputError, match="mixes scripts") as refused:
        registry.propose(_rule(), name)
    assert foreign in refused.value.message and example in str(refused.value.accepted)
    assert registry.list() == []
    registry.propose(_rule(), "maya")
    with pytest.raises(InputError, match="mixes scripts"):
        registry.approve("upgrade_nudge", name)
    assert [v.status for v in registry.list()] == ["proposed"]
    # each attempt is audited under the name with its foreign letters escaped, never as if maya had acted
    refused = [(e.actor, e.action) for e in registry.audit() if e.outcome == "refused"]
    typed = name.encode("ascii", "backslashreplace").decode()
    assert refused == [(typed, "propose"), (typed, "approve")] and "\\u" in typed


def test_names_in_other_scripts_and_their_usual_mixes_review_for_others(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_rule(), "\u041c\u0430\u044f")  # Мая: Cyrillic alone
    registry.approve("upgrade_nudge", "\u5c71\u7530 \u305f\u308d\u3046 taro")  # Han, Hiragana and Latin together
    registry.propose(_rule().model_copy(update={"id": "thai_nudge"}), "Somchai \u0e2a\u0e21\u0e0a\u0e32\u0e22")
    registry.approve("thai_nudge", "sam")  # Thai beside Latin: no Thai letter passes for a Latin one
    info = next(v for v in registry.list() if v.rule_id == "upgrade_nudge")
    assert (info.author, info.reviewer, info.status) == ("\u041c\u0430\u044f", "\u5c71\u7530 \u305f\u308d\u3046 taro",
                                                         "approved")
