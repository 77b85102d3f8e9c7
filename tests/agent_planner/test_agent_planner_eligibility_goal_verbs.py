"""A program said as what it does to people ('win back people who cancelled in the last month', 're-engage users
who …', 'reward people with a 7 day streak') names the program by the verb and the people by the rest; the verb was
refused as an audience phrase ('back', 'reengage'). A speaker's wish ('I want to', "we'd like to") frames it and is
no part of the name ('like_nudge_trial')."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Rule, TraitCondition


def _draft(planner: CatalogPlanner, prompt: str) -> Rule:
    rule = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(rule, Rule), rule
    return rule


@pytest.mark.parametrize(("prompt", "rule_id", "said"), [
    ("I want to win back people who cancelled in the last month", "win_back", "subscription_cancelled"),
    ("re-engage users who haven't opened the app in 2 weeks", "re_engage", "app_opened"),
    ("Reactivate users who cancelled in the last month", "reactivate", "subscription_cancelled"),
    ("we want to reward people with a 7 day streak", "reward", "current_streak_days"),
    ("congratulate people who completed 10 workouts", "congratulate", "workouts_completed"),
])
def test_a_program_said_as_its_verb_targets_the_people_after_it(
    planner: CatalogPlanner, prompt: str, rule_id: str, said: str
) -> None:
    rule = _draft(planner, prompt)
    assert rule.id == rule_id and said in rule.audience.model_dump_json()


def test_a_wish_frames_the_request_and_names_nothing(planner: CatalogPlanner) -> None:
    rule = _draft(planner, "I'd like to nudge trial users who viewed pricing")
    assert rule.id == "nudge_trial" and "pricing_views" in rule.audience.model_dump_json()


@pytest.mark.parametrize("prompt", ["Create a win-back email for people who cancelled in the last month",
                                    "win back people who cancelled in the last month",
                                    "Create a win-back email for cancelled users"])
def test_a_win_back_stops_once_they_pay_again(planner: CatalogPlanner, prompt: str) -> None:
    # a cancellation counted in a window still holds after they resubscribe: without the stop they kept getting it
    rule = _draft(planner, prompt)
    assert TraitCondition(trait="subscription_status", op="eq", value="active") in [s.condition for s in rule.stop_conditions]


@pytest.mark.parametrize(("prompt", "rule_id"), [
    ("push users who abandoned checkout", "push_abandoned_checkout"),
    ("text users in the US who haven't worked out in 10 days", "text_us_not_worked"),
])
def test_a_channel_verb_is_no_name_of_its_own(planner: CatalogPlanner, prompt: str, rule_id: str) -> None:
    assert _draft(planner, prompt).id == rule_id  # were 'push' and 'text'
