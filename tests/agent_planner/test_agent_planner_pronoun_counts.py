"""A pronoun with a count or a window after it ("… and opened it 10 times") is the thing the act before was
done to, or that act again; with nothing before it, it is refused by name (read alone, "opened it 10 times" was
any message opened 10 times, and "finished it 3 times" was refused)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "counted"),
    [
        ("Users who installed the app and opened it 10 times", E("app_opened", count=10)),
        ("Create eligibility rules for the yoga follow-up for users who started a yoga workout and finished it 3 times",
         E("workout_completed", count=3, workout_type="yoga")),
        ("people who got an email and clicked it twice in the last 2 weeks",
         E("message_clicked", count=2, within=14, channel="email")),
        # the act before, again: a verb that only looks ('came back to it') or does it ('did it')
        ("Target people who viewed pricing and then opened it again 3 times this week", E("pricing_viewed", count=3, within=7)),
        ("people who looked at the pricing page and came back to it 4 times in the last 2 weeks",
         E("pricing_viewed", count=4, within=14)),
        ("Users who saved a HIIT workout and did it twice in the last 10 days",
         E("workout_completed", count=2, within=10, workout_type="hiit")),
    ],
)  # fmt: skip
def test_a_counted_pronoun_is_the_thing_before(
    planner: CatalogPlanner, prompt: str, counted: Condition
) -> None:
    audience = draft_rule(planner, prompt).audience
    conditions = audience.conditions if isinstance(audience, AllOf) else [audience]
    assert counted in conditions
    assert not any(getattr(c, "event", None) == "message_opened" for c in conditions)


def test_the_thing_named_before_keeps_its_own_clause(planner: CatalogPlanner) -> None:
    audience = draft_rule(planner, "users who compared plans and did it again twice this month").audience
    assert audience == AllOf(
        conditions=[T("plan_comparisons", "gte", 1), E("plan_compared", count=2, within=30)]
    )


@pytest.mark.parametrize(
    "prompt",
    [
        "Target users who opened it 5 times",
        "Users who completed it 3 times this week",
        "users on iOS who opened it 10 times",  # a state is nothing done to 'it'
        "users who saved a workout and opened it 3 times",  # opening is no act on a saved workout
    ],
)
def test_a_pronoun_naming_nothing_done_is_refused_by_name(planner: CatalogPlanner, prompt: str) -> None:
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal), refused
    assert any(p.endswith(" it") for p in refused.unmatched_phrases), refused.unmatched_phrases


@pytest.mark.parametrize(
    ("prompt", "counted"),
    [
        ("ppl who started 2+ workouts this wk but finished 0 of them", E("workout_completed", "eq", 0, within=7)),
        ("users who saved 3 yoga workouts in the last 10 days and completed 2 of them",
         E("workout_completed", count=2, within=10, workout_type="yoga")),
        ("users who opened 4 emails last month but clicked 0 of them",
         E("message_clicked", "eq", 0, within=30, channel="email")),
    ],
)  # fmt: skip
def test_a_count_of_them_counts_the_things_before(
    planner: CatalogPlanner, prompt: str, counted: Condition
) -> None:
    # 'finished 0 of them' was no workout ever; the window and filters of the things counted before follow
    audience = draft_rule(planner, prompt).audience
    assert isinstance(audience, AllOf)
    assert audience.conditions[-1] == counted
