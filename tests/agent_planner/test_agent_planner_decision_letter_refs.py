"""A later sentence ranking a lettered list by its letters ("B should win", "B beats A") ranks the items the
letters name; an article "A" before a name is no letter."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.letter_refs import name_letters


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "We want A) the save offer for at-risk users B) the upgrade nudge for trial users — B should win when "
            "both apply.",
            ["upgrade_nudge", "save_offer"],
        ),
        (
            "Options: (a) win-back email for cancelled users, (b) save offer for at-risk users. B beats A.",
            ["save_offer", "win_back_email"],
        ),
        # "A:" labels: "A beats B" was a program of its own ('program_b', for everyone in neither)
        (
            "A: reactivation push for users inactive 14+ days. B: habit email for users with a streak of 3+. A beats B.",
            ["reactivation_push", "habit_email"],
        ),
        ("A: upgrade nudge for trial users. B: save offer for at-risk users. B should win.", ["save_offer", "upgrade_nudge"]),
    ],
)
def test_letters_rank_the_items_they_name(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ids


def test_an_article_is_no_letter() -> None:
    text = "A) the save offer for at-risk users B) the upgrade nudge for trial users. A push for trial users wins."
    assert name_letters(text) == text
