"""A program's name says what the message is about, not who gets it: "workout tips" went only to people with a
workout (and stopped for those without one), "streak challenge" only to people on a streak, "yoga class promo"
only to yoga lovers. What a message celebrates or sums up ("streak celebration") and people words in the name
("android push reminder") still say who."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import NEW, TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.goals import read_goal
from warehouse.catalog import Catalog


@pytest.mark.parametrize(
    ("prompt", "scope"),
    [
        ("For trial users: upgrade nudge first, streak challenge second, workout tips third.", TRIAL),
        ("Among new users, the workout reminder beats the yoga class promo.", NEW),
        ("Rank these for trial users: upgrade nudge (they are close to the end), workout tips (habit), feedback "
         "survey (we need data).", TRIAL),
        ("What should go first for trial users: the upgrade nudge or the streak challenge?", TRIAL),
    ],
)
def test_a_named_topic_narrows_no_one(planner: CatalogPlanner, prompt: str, scope: object) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    topical = [r for r in rules if r.id.startswith(("workout", "streak", "yoga"))]
    assert topical and all(r.audience == scope for r in topical), [r.audience for r in topical]


@pytest.mark.parametrize(
    ("label", "condition"),
    [
        ("streak celebration", T("current_streak_days", "gte", 1)),
        ("android push reminder", T("device_os", "eq", "android")),
    ],
)
def test_what_a_message_celebrates_and_people_words_stay(
    catalog: Catalog, planner: CatalogPlanner, label: str, condition: object
) -> None:
    assert read_goal(label, catalog, planner.lexicon, []).audience == [condition]
