"""Decision prompts with sequence words and settings said inside the ranking: "and only after that C" is the
next item (it drafted an empty program for "and only"); "A beats everything" ranks A first (a program named
"everything" was drafted); ", but only on email, and hold out 20%" after the programs sets the channel and
the holdout (each was drafted as a program for everyone else); a definition in brackets after the shared
people ("newly registered users (signed up in the last 3 days)") replaces the word it defines (its window
was read backwards, "at least 3 days ago"), as does a clause up to the colon ("For users who signed up in the
last 3 days: A first, B second" drafted "in the last 3 days" as a program)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "For new signups: first get them to complete a first workout, then a second workout, and only after "
            "that pitch the upgrade.",
            ["workout", "second_workout", "pitch_upgrade"],
        ),
        (
            "First the welcome email for new users, then the tips digest for activated users, and only once those "
            "are done the upgrade offer for trial users.",
            ["welcome_email", "tips_digest", "upgrade_offer"],
        ),
    ],
)
def test_only_after_that_starts_the_next_item(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ids


@pytest.mark.parametrize(
    "prompt",
    [
        "The check-in push for users with a CSAT under 3 beats everything. Then the upgrade offer for high-intent "
        "trial users, then tips for new users.",
        "the check-in push for users with a CSAT under 3 trumps all else; the upgrade offer for high-intent trial "
        "users comes second and tips for new users third",
    ],
)
def test_a_program_over_everything_is_first(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["check_in_push", "upgrade_offer", "tips"]


@pytest.mark.parametrize(
    ("prompt", "channels", "holdout"),
    [
        (
            "Send the save offer to at-risk users before the upgrade offer to trial users, but only on email, and "
            "hold out 20%.",
            ["email"],
            0.2,
        ),
        ("The save offer for at-risk users beats the upgrade offer for trial users, holding back 15%.", None, 0.15),
    ],
)
def test_settings_after_the_programs_are_no_programs(
    planner: CatalogPlanner, prompt: str, channels: list[str] | None, holdout: float
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["save_offer", "upgrade_offer"]
    assert all(r.holdout_share == holdout for r in rules)
    if channels is not None:
        assert all([c.channel for c in r.channels] == channels for r in rules)


@pytest.mark.parametrize(
    "prompt",
    [
        "For newly registered users (signed up in the last 3 days), rank: the welcome email, then a first-workout "
        "nudge.",
        "Among recent signups (joined in the past 3 days): welcome email first, first-workout nudge second.",
        # a clause after the people runs to the colon: "in the last 3 days" was the first item's
        "For users who signed up in the last 3 days: welcome email first, first-workout nudge second.",
    ],
)
def test_a_definition_in_brackets_replaces_the_shared_peoples_word(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == 2
    assert all(T("days_since_signup", "lte", 3) in _leaves(r.audience) for r in rules)


def _leaves(cond: object) -> list[object]:
    from orchestrator.spec import iter_conditions

    return list(iter_conditions(cond))  # type: ignore[arg-type]
