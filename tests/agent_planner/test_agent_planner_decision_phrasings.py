"""More ways marketers phrase a priority list: "First priority: … Second: … Last: …" (while "their first
workout" is no step), aims led by "invite/ask/remind them to …", "email them to re-enable push" (the verb is
the channel, re-enabling a switch is the goal), a label placed last among programs ("… and general tips
last") is a program for everyone the others miss, and a program for people inside a funnel ("users who
viewed pricing") stops where the funnel ends."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Not


def test_first_priority_second_last_sentences(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Here's what we want for new users. First priority: getting them to their first workout. Second: "
        "getting push turned on. Last: a pricing email. Don't contact anyone who opted out.",
    )
    workout, push, pricing = by_priority(policy)
    assert T("workouts_completed", "eq", 0) in workout.audience.conditions  # type: ignore[union-attr]
    assert [s.condition for s in push.stop_conditions] == [T("push_enabled", "eq", True)]
    assert [s.channel for s in pricing.channels] == ["email"]


def test_invite_and_re_enable_are_aims(planner: CatalogPlanner) -> None:
    invited = by_priority(
        draft_policy(
            planner,
            "Write a policy for trial users with 3 or fewer days left: get them to upgrade first, then invite them "
            "to compare plans.",
        )
    )[1]
    assert T("plan_comparisons", "eq", 0) in invited.audience.conditions  # type: ignore[union-attr]
    assert [s.condition for s in invited.stop_conditions] == [T("plan_comparisons", "gte", 1)]
    enable = by_priority(
        draft_policy(
            planner,
            "Our priority for Android users who have push disabled: (1) email them to re-enable push, (2) upgrade "
            "email for trial users.",
        )
    )[0]
    assert [s.channel for s in enable.channels] == ["email"]
    assert [s.condition for s in enable.stop_conditions] == [T("push_enabled", "eq", True)]


def test_a_label_placed_last_among_programs_is_a_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Checkout recovery for users who abandoned checkout comes first, pricing nudges for users who viewed "
        "pricing 3+ times second, and general tips last.",
    )
    checkout, pricing, tips = by_priority(policy)
    assert checkout.audience == T("checkout_attempts", "gte", 1)
    assert pricing.audience == T("pricing_views", "gte", 3)
    assert isinstance(tips.audience, Not)  # everyone the two before it miss
    # viewing pricing is a step of the paid-conversion funnel: the nudge stops once they pay
    assert [s.condition for s in pricing.stop_conditions] == [T("subscription_status", "eq", "active")]


def test_a_label_sequence_is_no_channel_order(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "New signups: welcome email first, then a push to finish their first workout, then the upgrade pitch. "
        "Cap at 2 messages a week.",
    )
    welcome, workout, upgrade = by_priority(policy)
    assert [s.channel for s in welcome.channels] == ["email"]
    assert workout.channels[0].channel == "push"
    assert [s.channel for s in upgrade.channels] == ["email"]
    assert T("workouts_completed", "eq", 0) in workout.audience.conditions  # type: ignore[union-attr]
    assert policy.frequency_cap.max_sends == 2
    # "new signups" is the state it names: no extra "signed up at least a day ago"
    assert welcome.audience == T("activation_state", "eq", "new")


def test_a_win_back_item_under_another_scope(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner, "For trial users: (1) second workout (2) a win-back email for users whose trial expired"
        )
    )
    # the item's own state replaces the scope's on the same trait, and a win-back stops once they pay
    assert rules[1].audience == T("subscription_status", "eq", "expired")
    assert [s.condition for s in rules[1].stop_conditions] == [T("subscription_status", "eq", "active")]
    cancelled = by_priority(
        draft_policy(
            planner,
            "For high support risk users, support follow-up always wins over any marketing. Then a win-back for "
            "cancelled ones.",
        )
    )[1]
    assert [s.condition for s in cancelled.stop_conditions] == [T("subscription_status", "eq", "active")]
