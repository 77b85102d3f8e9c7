"""A window whose words are part of a count trait's own name ("messages this week" is the catalog's weekly
count of messages received by any channel) names that trait, so a fatigue guard reads `messages_received_7d`;
a trait that is an event's count by name (`workouts_completed_7d`) and a window beside an event verb
("completed 3 workouts this week") still count the event over the window."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import build_lexicon
from warehouse.catalog import Catalog


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("more than 3 messages this week", T("messages_received_7d", "gt", 3)),
        ("users who received 4 messages this week", T("messages_received_7d", "gte", 4)),
        # the weekly workout count is the event's own count by name: the event over the window says the same
        ("no workouts this week", E("workout_completed", "eq", 0, 7)),
        ("completed 3 workouts this week", E("workout_completed", "gte", 3, 7)),
        ("completed 3 workouts in the last week", E("workout_completed", "gte", 3, 7)),
        ("messaged 3 times in the last 30 days", E("message_sent", "gte", 3, 30)),
    ],
)
def test_a_window_in_a_trait_name_names_the_trait(catalog: Catalog, phrase: str, expected: object) -> None:
    parsed = parse_conditions(phrase, catalog, build_lexicon(catalog))
    assert parsed.conditions == [expected]


def test_a_fatigue_guard_uses_the_weekly_message_count(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Prioritize the win-back for expired trials over the onboarding series for new users, but never message "
        "anyone with more than 3 messages this week.",
    )
    fatigue = [s for s in policy.suppressions if s.condition == T("messages_received_7d", "gt", 3)]
    assert len(fatigue) == 1
