"""Decision prompts that say who gets what around the programs: "A should never go out to <people>" holds A
back from them (it was dropped, or "frustrated users" became every program's people); "X should get A before
B" gives both to X (B went to everyone else); a reason after a comma (", since web users convert better") is
no condition; "X come first with A, then Y with B" gives A to X alone (X scoped every program)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, audiences, by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf

_SAVE_OVER_UPGRADE = "Prioritize the save offer for at-risk users over the upgrade offer for trial users."


@pytest.mark.parametrize(
    "guard",
    [
        "The upgrade offer should never go out to users with a support risk of high.",
        "The upgrade offer should never go to frustrated users.",
        "the upgrade offer must not be sent out to angry customers.",
    ],
)
def test_a_program_kept_from_some_people_is_suppressed_for_them(planner: CatalogPlanner, guard: str) -> None:
    policy = draft_policy(planner, f"{guard} {_SAVE_OVER_UPGRADE}")
    assert audiences(policy) == [{"activation_state"}, {"subscription_status"}]
    held = [s for s in policy.suppressions if "support_risk" in names(s.condition)]
    assert [s.applies_to for s in held] == [["upgrade_offer"]]


@pytest.mark.parametrize(
    ("prompt", "people"),
    [
        (
            "Trial users on web should get the upgrade offer before the app download prompt. Stop the download "
            "prompt once they open the app.",
            AllOf(conditions=[T("subscription_status", "eq", "trial"), T("device_os", "eq", "web")]),
        ),
        ("At-risk users should get the save offer ahead of the upgrade offer.", AT_RISK),
    ],
)
def test_people_who_get_one_program_before_another_get_both(
    planner: CatalogPlanner, prompt: str, people: object
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules] == [people, people]


@pytest.mark.parametrize(
    "prompt",
    [
        "Trial users on web should get the upgrade offer before the app download prompt, since web users convert "
        "better.",
        "The save offer for at-risk users beats the upgrade offer for trial users, because they already have "
        "the app.",
    ],
)
def test_a_reason_after_a_comma_is_no_condition(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    used = set().union(*audiences(policy))
    assert not used & {"subscription_started", "app_opened"}, used


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "Lapsed subscribers come first with the win-back email, then at-risk users with a check-in push.",
            [T("subscription_status", "eq", "cancelled"), AT_RISK],
        ),
        (
            "Trial users go first with the upgrade offer, then new users with the welcome series.",
            [T("subscription_status", "eq", "trial"), T("activation_state", "eq", "new")],
        ),
    ],
)
def test_people_placed_first_are_the_first_programs_only(
    planner: CatalogPlanner, prompt: str, expected: list[object]
) -> None:
    assert [r.audience for r in by_priority(draft_policy(planner, prompt))] == expected
