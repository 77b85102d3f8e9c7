"""Rule ids keep hyphenated program names whole, stay short, and stay unique."""

from __future__ import annotations

import pytest

from agent.catalog_planner.slugs import slugify, unique


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("coach check-in", "coach_check_in"),
        ("a check-in call from a coach", "check_in_call_coach"),
        ("the push opt-in reminder", "push_opt_in_reminder"),
        ("re-engage at-risk users", "re_engage_at_risk"),
        ("a win-back push for users who cancelled", "win_back_push"),  # no part of a name is cut
        ("help users complete a second workout", "second_workout"),
        ("celebrate a 7-day streak", "celebrate_7_day"),  # a number inside a name is split as before
        ("at most 1 workout", "workout"),
    ],
)
def test_hyphenated_names_stay_whole(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_ids_of_the_same_name_are_numbered() -> None:
    taken: set[str] = set()
    assert [unique(slugify(t), taken) for t in ("coach check-in", "Coach check-in", "coach check")] == [
        "coach_check_in",
        "coach_check_in_2",
        "coach_check",
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [("members who've opened the app", "opened_app"), ("users who'd viewed pricing twice", "viewed_pricing_twice"),
     ("people we're winning back", "winning_back"), ("users who haven't worked out", "not_worked_out"),
     ("don't send the upgrade push", "upgrade_push")],
)
def test_the_tail_of_a_contraction_is_no_id_word(text: str, slug: str) -> None:
    assert slugify(text, max_words=4) == slug


def test_a_one_letter_name_without_a_fallback_gives_no_id_instead_of_an_invalid_one() -> None:
    assert slugify("x", fallback="") == "" and slugify("7", fallback="") == ""
    assert slugify("x") == "rule_x"


@pytest.mark.parametrize("prompt", ["Create eligibility rules for the x that only targets users on iOS",
                                    "Create eligibility rules for the Q targeting android users"])
def test_a_program_named_by_one_letter_is_named_after_its_people(prompt: str) -> None:
    from agent.catalog_planner import CatalogPlanner
    from orchestrator.spec import Rule
    from warehouse.catalog import load_catalog

    catalog = load_catalog()
    planner = CatalogPlanner(catalog)
    rule = planner.draft(prompt, "eligibility", catalog, [])
    assert isinstance(rule, Rule) and rule.id[0].isalpha() and len(rule.id) >= 2  # was a ValidationError on '_x'

