"""A channel word in a program's own name ("a re-engagement push", "an SMS reminder", "the win-back email")
is the channel it is sent on, when the prompt states no channel plan; a user's push setting in the audience
("users with push enabled") names no channel."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


def _channels(planner: CatalogPlanner, prompt: str) -> list[list[str]]:
    return [[c.channel for c in r.channels] for r in by_priority(draft_policy(planner, prompt))]


def test_a_program_named_push_goes_by_push_only(planner: CatalogPlanner) -> None:
    got = _channels(
        planner,
        "Prioritize: support follow-up for users whose ticket was resolved with low CSAT, then a re-engagement "
        "push for at-risk users, then the yoga content series.",
    )
    assert got[1] == ["push"]


def test_names_of_each_program_give_each_its_channel(planner: CatalogPlanner) -> None:
    got = _channels(
        planner,
        "An SMS reminder for trial users whose trial ends in 2 days beats a win-back email for cancelled users.",
    )
    assert got == [["sms"], ["email"]]


def test_a_push_setting_in_the_audience_is_no_channel(planner: CatalogPlanner) -> None:
    got = _channels(
        planner,
        "Rank these: a welcome series for new users with push enabled, then a win-back offer for cancelled users.",
    )
    assert got[0] != ["push"]


def test_a_channel_switch_in_a_name_is_no_channel(planner: CatalogPlanner) -> None:
    got = _channels(
        planner,
        "Three journeys compete for Android users: a push re-enable email, a workout reminder push, and an "
        "upgrade offer. Re-enable first, reminder second, upgrade last.",
    )
    assert got[:2] == [["email"], ["push"]]


def test_a_plural_channel_in_a_name_is_its_channel(planner: CatalogPlanner) -> None:
    got = _channels(
        planner,
        "We need a policy: welcome emails to new users come first; re-engagement pushes to users who haven't "
        "opened the app in 14 days second.",
    )
    assert got == [["email"], ["push"]]
