"""A channel sequence said for one program is one rule whose channel plan is the sequence: "push on day one,
email after 48 hours if they ignore it" is push, then email 48 hours later when the push was not opened. Day
offsets become the hours between steps, relative times ("after 2 days", "a day later", "a week later") are
taken as said, "if they ignore it / don't open it" is `previous_not_opened`, "if they don't click" is
`previous_not_clicked`. The audience, stops and guards are read from the rest of the prompt."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import names, stop_names

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.journeys import channel_steps, read_journey
from orchestrator.spec import Policy, Rule

Plan = list[tuple[str, int, str]]

# (prompt, audience names, channel plan, stop names)
JOURNEYS: list[tuple[str, set[str], Plan, set[str]]] = [
    (
        "I want an onboarding journey for new users: push on day one, email after 48 hours if they ignore it. "
        "Stop when they finish a workout.",
        {"activation_state"},
        [("push", 0, "always"), ("email", 48, "previous_not_opened")],
        {"workouts_completed"},
    ),
    (
        "Trial users who viewed pricing: email on day 1, push on day 3 if they don't open it, then an in-app "
        "message a week later.",
        {"subscription_status", "pricing_views"},
        [("email", 0, "always"), ("push", 48, "previous_not_opened"), ("in_app", 168, "always")],
        set(),
    ),
    (
        "Win back lapsed users with a push, then an email 2 days later if they don't click. Stop once they "
        "work out.",
        {"days_since_last_workout"},
        [("push", 0, "always"), ("email", 48, "previous_not_clicked")],
        {"days_since_last_workout"},
    ),
    (
        "For at-risk users: push now; if they ignore it, email the next day; SMS a day later if they still "
        "do not open it.",
        {"activation_state"},
        [("push", 0, "always"), ("email", 24, "previous_not_opened"), ("sms", 24, "previous_not_opened")],
        set(),
    ),
    (
        "Set up a welcome series for users who signed up in the last 3 days: an email immediately, a push a "
        "day later, then an in-app message after 3 days. Stop once they complete a workout.",
        {"days_since_signup"},
        [("email", 0, "always"), ("push", 24, "always"), ("in_app", 72, "always")],
        {"workouts_completed"},
    ),
    (
        "Create a rule for trial users whose trial ends tomorrow: push right away, then email 6 hours later "
        "if they don't open it.",
        {"subscription_status", "trial_days_left"},
        [("push", 0, "always"), ("email", 6, "previous_not_opened")],
        set(),
    ),
    (
        "Onboarding for new users: day 1 push, day 3 email if they haven't opened the push, day 7 in-app "
        "message.",
        {"activation_state"},
        [("push", 0, "always"), ("email", 48, "previous_not_opened"), ("in_app", 96, "always")],
        set(),
    ),
    (
        "Send trial users who compared plans an email, then a push 2 days later if they didn't open it.",
        {"subscription_status", "plan_comparisons"},
        [("email", 0, "always"), ("push", 48, "previous_not_opened")],
        set(),
    ),
    (
        "For users inactive 14 days, send a push; a day later, an email if they ignore it.",
        {"days_since_last_workout"},
        [("push", 0, "always"), ("email", 24, "previous_not_opened")],
        set(),
    ),
    (
        "New users get a push on day one and an email on day three if they don't open it.",
        {"activation_state"},
        [("push", 0, "always"), ("email", 48, "previous_not_opened")],
        set(),
    ),
]


def _one_rule(draft: object) -> Rule:
    if isinstance(draft, Policy):
        assert len(draft.rules) == 1, [r.id for r in draft.rules]
        return draft.rules[0]
    assert isinstance(draft, Rule), draft
    return draft


@pytest.mark.parametrize(("prompt", "audience", "plan", "stops"), JOURNEYS, ids=[j[0][:40] for j in JOURNEYS])
def test_a_channel_sequence_is_one_rule_with_that_plan(
    planner: CatalogPlanner, prompt: str, audience: set[str], plan: Plan, stops: set[str]
) -> None:
    intent = planner.classify(prompt, planner.catalog)
    assert intent in ("decision", "eligibility")
    rule = _one_rule(planner.draft(prompt, intent, planner.catalog, []))
    assert names(rule.audience) == audience
    assert [(c.channel, c.delay_hours, c.only_if) for c in rule.channels] == plan
    assert stops <= stop_names(rule)
    assert len({c.template_key for c in rule.channels}) == len(rule.channels)


@pytest.mark.parametrize(
    "prompt",
    [
        "Send the reminder by push to users with push enabled and by email to everyone else",
        "Push first and email as fallback for at-risk users.",
        "By push for users with push enabled, by email otherwise.",
        "Audience for a re-engagement push: at-risk users on iOS with push enabled",
        "Email trial users who viewed pricing, then push at-risk users.",
        # an email they opened describes the people; only one step is sent
        "Trial users who opened an email, then a push 2 days later.",
    ],
)
def test_channel_orders_splits_and_labels_are_not_journeys(prompt: str) -> None:
    assert read_journey(prompt) is None


def test_day_offsets_are_hours_after_the_previous_step() -> None:
    journey = read_journey("Email on day 1, push after 2 days if they ignore it, then SMS on day 7.")
    assert journey is not None
    plan = [(c.channel, c.delay_hours, c.only_if) for c in channel_steps(journey, "x")]
    assert plan == [("email", 0, "always"), ("push", 48, "previous_not_opened"), ("sms", 96, "always")]


def test_a_repeated_channel_gets_its_own_template() -> None:
    journey = read_journey("Email on day 1, email again on day 4 if they don't open it.")
    assert journey is not None
    keys = [c.template_key for c in channel_steps(journey, "welcome")]
    assert keys == ["welcome_email", "welcome_email_2"]
