"""Decision prompts with programs in separate sentences, inline priority annotations, hold-back sentences
that become suppressions, and channel splits that become a channel plan: structure, not strings."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import assert_audiences, audiences, by_priority, suppression_names
from agent_planner_helpers import draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.logic import negate
from orchestrator.spec import Policy
from orchestrator.validate import validate_spec

SEPARATE: list[tuple[str, list[set[str]]]] = [
    (
        "We want a streak saver for users with a streak of 5+ days who haven't worked out today. We also want "
        "a momentum booster for users with a momentum score above 70.",
        [{"current_streak_days", "days_since_last_workout"}, {"momentum_score"}],
    ),
    (
        "I need a streak saver for users on a 5-day streak. I also need a momentum booster for users with "
        "momentum above 70.",
        [{"current_streak_days"}, {"momentum_score"}],
    ),
    (
        "Set up a win-back email for users whose trial expired. Also set up a reactivation offer for users who "
        "cancelled.",
        [{"subscription_status"}, {"subscription_status"}],
    ),
    (
        "We'd like a welcome series for new users. We would also like an upgrade nudge for trial users who "
        "viewed pricing.",
        [{"activation_state"}, {"subscription_status", "pricing_views"}],
    ),
    (
        "Streak saver: users with a streak of 3+ days who haven't worked out today. Momentum booster: users with "
        "momentum above 60.",
        [{"current_streak_days", "days_since_last_workout"}, {"momentum_score"}],
    ),
]

EXPIRED_THEN_CANCELLED = [
    "Run a win-back email for expired trials. Run a comeback offer for cancelled subscribers.",
    "For expired trials, send a win-back email. For cancelled subscribers, send a comeback offer.",
    "Create two rules: a win-back email for expired trials and a comeback offer for cancelled subscribers.",
    "We need a rule for expired trial users (win-back email) and another for cancelled subscribers (comeback "
    "offer).",
    "Win back users whose trial expired with an email. Reactivate cancelled subscribers with a discount.",
]


@pytest.mark.parametrize("prompt", EXPIRED_THEN_CANCELLED, ids=[p[:40] for p in EXPIRED_THEN_CANCELLED])
def test_expired_trials_and_cancelled_subscribers_are_two_programs(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    values = [r.audience.model_dump()["value"] for r in by_priority(policy)]  # type: ignore[union-attr]
    assert values == ["expired", "cancelled"]
    # the label is the program, never the scaffolding around it ("rule", "two")
    assert not any(r.id in ("rule", "two", "expired_trials") for r in policy.rules)


@pytest.mark.parametrize(("prompt", "expected"), SEPARATE, ids=[s[0][:40] for s in SEPARATE])
def test_programs_in_separate_sentences_get_separate_rules(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]]
) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, expected)
    got = audiences(policy)
    # neither audience borrows the other's conditions
    assert not (got[0] & got[1]) or expected[0] & expected[1]


def test_two_subscription_states_stay_apart(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Set up a win-back email for users whose trial expired. Also set up a reactivation offer for users who "
        "cancelled.",
    )
    values = [r.audience.model_dump()["value"] for r in by_priority(policy)]  # type: ignore[union-attr]
    assert values == ["expired", "cancelled"]


ANNOTATED: list[tuple[str, list[str]]] = [
    (
        "Win-back push for lapsed users (priority 2), upgrade offer for trial users (priority 1), welcome "
        "series for new users (priority 3).",
        ["subscription_status", "days_since_last_workout", "activation_state"],
    ),
    (
        "Win-back push for lapsed users - lowest priority. Upgrade offer for trial users - top priority.",
        ["subscription_status", "days_since_last_workout"],
    ),
    (
        "Win-back push for lapsed users (lowest). Upgrade offer for trial users (most important).",
        ["subscription_status", "days_since_last_workout"],
    ),
    (
        "Win-back push for lapsed users [low priority], upgrade offer for trial users [high priority]",
        ["subscription_status", "days_since_last_workout"],
    ),
    (
        "Win-back push for lapsed users, upgrade offer for trial users (top), welcome series for new users "
        "(second).",
        ["subscription_status", "activation_state", "days_since_last_workout"],
    ),
    (
        "Re-engage lapsed users with a push (lowest priority). Welcome new users with an email series (highest "
        "priority). Nudge trial users who viewed pricing toward upgrading.",
        ["activation_state", "subscription_status", "days_since_last_workout"],
    ),
    (
        "We run two programs: a win-back email for users whose trial expired in the last 30 days, and a "
        "reactivation push for users who cancelled. The reactivation push has the highest priority.",
        ["subscription_status", "subscription_status"],
    ),
    (
        "A streak saver for users on a 5+ day streak who haven't worked out today, and a momentum booster for "
        "users whose momentum score is over 70 — the momentum booster should win when both apply.",
        ["momentum_score", "current_streak_days"],
    ),
]


@pytest.mark.parametrize(("prompt", "order"), ANNOTATED, ids=[a[0][:40] for a in ANNOTATED])
def test_inline_priority_annotations_order_the_rules(planner: CatalogPlanner, prompt: str, order: list[str]) -> None:
    policy = draft_policy(planner, prompt)
    got = audiences(policy)
    assert len(got) == len(order) and all(name in names for name, names in zip(order, got, strict=True)), got


HOLD_BACK: list[tuple[str, set[str]]] = [
    ("Users with CSAT below 3 should not get marketing.", {"avg_csat"}),
    ("CSAT below 3 or open billing tickets should hold marketing back.", {"avg_csat", "open_tickets"}),
    ("Hold back marketing from anyone with an open billing ticket.", {"open_tickets", "support_ticket_created"}),
    ("Don't market to anyone with an open billing ticket.", {"open_tickets", "support_ticket_created"}),
    ("Nobody with an open ticket should get these.", {"open_tickets"}),
    ("Open billing tickets should block all marketing.", {"open_tickets", "support_ticket_created"}),
    ("Anyone with CSAT under 3 should be held back from marketing.", {"avg_csat"}),
]
PROGRAMS = (
    "Upgrade offer for trial users who viewed pricing and a win-back push for users inactive 14 days. "
)


@pytest.mark.parametrize(("sentence", "held"), HOLD_BACK, ids=[h[0][:40] for h in HOLD_BACK])
def test_what_holds_marketing_back_is_a_suppression_not_an_audience(
    planner: CatalogPlanner, sentence: str, held: set[str]
) -> None:
    policy = draft_policy(planner, PROGRAMS + sentence)
    assert_audiences(policy, [{"subscription_status", "pricing_views"}, {"days_since_last_workout"}])
    got = audiences(policy)
    assert not any(held & names for names in got), got  # the held-back condition is in no audience
    assert any(held <= names for names in suppression_names(policy))


SPLITS = [
    "Remind trial users with 2 days left: by push if they have push enabled, otherwise by email.",
    "Send the win-back offer to lapsed users by push to users with push enabled and by email to everyone else.",
    "Remind trial users whose trial ends in 2 days by push for users with push enabled, by email otherwise.",
    "Send the trial-ending reminder by push to users who have push turned on and by email to the rest.",
    "Remind users whose trial ends in 3 days: push to those with push enabled, email to everyone else.",
]


@pytest.mark.parametrize("prompt", SPLITS, ids=[s[:40] for s in SPLITS])
def test_a_channel_split_is_one_rule_with_a_push_then_email_plan(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert [c.channel for c in rule.channels] == ["push", "email"]
    # the push condition is the channel plan's business, not the audience's
    assert "push_enabled" not in {c.get("trait") for c in [rule.audience.model_dump(), *rule.audience.model_dump().get("conditions", [])]}


@pytest.mark.parametrize(
    "prompt",
    [
        "Send a win-back email to users whose trial expired without paying. Send a reactivation offer to cancelled "
        "subscribers.",
        "One win-back email for expired trial users and one comeback offer for cancelled subscribers.",
    ],
)
def test_a_value_qualifying_a_noun_of_its_trait_is_the_value(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    values = [r.audience.model_dump()["value"] for r in by_priority(policy)]  # type: ignore[union-attr]
    assert values == ["expired", "cancelled"]
    assert not any(r.id.startswith("one_") for r in policy.rules)


def test_highest_priority_sentence_moves_the_later_program_first(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "We run two programs: a win-back email for users whose trial expired in the last 30 days, and a "
        "reactivation push for cancelled subscribers. The reactivation push has the highest priority.",
    )
    values = [r.audience.model_dump()["value"] for r in by_priority(policy)]  # type: ignore[union-attr]
    assert values == ["cancelled", "expired"]


def test_a_dash_clause_does_not_join_the_audience_before_it(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "A streak saver for users on a 5+ day streak who haven't worked out today, and a momentum booster for "
        "users whose momentum score is over 70 — the streak saver should win when both apply.",
    )
    assert audiences(policy) == [{"current_streak_days", "days_since_last_workout"}, {"momentum_score"}]


def test_a_channel_split_with_no_other_audience_is_two_programs(planner: CatalogPlanner) -> None:
    prompt = "Send the reminder by push to users with push enabled and by email to everyone else."
    spec = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(spec, Policy), spec
    assert validate_spec(spec, planner.catalog).ok
    rules = by_priority(spec)
    assert [[c.channel for c in r.channels] for r in rules] == [["push"], ["email"]]
    assert audiences(spec) == [{"push_enabled"}, {"push_enabled"}]
    # the email side is everyone the push side is not
    assert rules[1].audience == negate(rules[0].audience)


@pytest.mark.parametrize(
    "prompt",
    [
        "Remind trial users whose trial ends in 2 days. Send it by push to users with push enabled and by email to "
        "everyone else.",
        "Trial-ending reminder for trial users with 2 days left: send it by push to users with push enabled and by "
        "email to everyone else.",
    ],
)
def test_send_it_by_a_channel_is_a_draft_not_an_apply_request(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert [c.channel for c in rule.channels] == ["push", "email"]


@pytest.mark.parametrize("prompt", ["Send it by email now", "Send them via push right away", "Run it via email"])
def test_sending_now_by_a_channel_is_still_refused(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "out_of_scope"


def test_the_first_is_and_the_second_is_frame_programs_and_keep_their_annotations(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "We have two programs. The first is a win-back email for users whose trial expired without converting. "
        "The second is a comeback offer for cancelled subscribers (top priority). Nobody with an open billing "
        "ticket or low CSAT should get either.",
    )
    rules = by_priority(policy)
    assert rules[0].audience.model_dump().get("value") == "cancelled"
    assert audiences(policy)[1] >= {"subscription_status"}
    assert not any(r.id.startswith(("second", "first")) for r in rules)
    assert any({"avg_csat", "open_tickets"} <= names for names in suppression_names(policy))
    assert not any({"avg_csat"} & names for names in audiences(policy))
