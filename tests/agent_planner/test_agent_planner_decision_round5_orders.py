"""Decision prompts of round 5: a ranking said pair by pair across sentences or semicolons ("A outranks B. B
outranks C.", "A matters more than B, which matters more than C"), "both" after a semicolon, a reason in
brackets ("(they know the product)"), a channel barred for every program ("no sms."), and a stop on an act the
catalog does not record ("stop once they refer a friend"), refused by name rather than read as the source."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

_INACTIVE = T("days_since_last_workout", "gte", 21)
_TRIAL = T("subscription_status", "eq", "trial")
_NEW = T("activation_state", "eq", "new")


def _has(audience: object, cond: T) -> bool:
    return audience == cond or cond in getattr(audience, "conditions", [])


@pytest.mark.parametrize(
    ("prompt", "ids", "scope"),
    [
        (
            "For inactive users (21+ days): comeback push outranks the discount email; the discount email outranks "
            "the survey.",
            ["comeback_push", "discount_email", "survey"],
            _INACTIVE,
        ),
        (
            "For trial users: upgrade nudge before streak challenge. Streak challenge before the survey.",
            ["upgrade_nudge", "streak_challenge", "survey"],
            _TRIAL,
        ),
        (
            "For new users, the first workout nudge matters more than the push permission ask, which matters more "
            "than the upgrade offer.",
            ["workout_nudge", "push_permission_ask", "upgrade_offer"],
            _NEW,
        ),
    ],
)
def test_a_ranking_said_pair_by_pair_keeps_every_program(
    planner: CatalogPlanner, prompt: str, ids: list[str], scope: T
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert all(_has(r.audience, scope) for r in rules), [r.audience for r in rules]


def test_both_after_a_semicolon_ranks_the_pair_below_the_third(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "The save offer for at-risk users goes before the upgrade nudge for trial users; both come after the "
            "support follow-up for users with open tickets.",
        )
    )
    assert [r.id for r in rules] == ["support_follow_up", "save_offer", "upgrade_nudge"]


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "For expired trial users: the resubscribe offer first (they know the product), then the feature "
            "announcement.",
            ["resubscribe_offer", "feature_announcement"],
        ),
        (
            "For trial users: 1. upgrade nudge (because it drives revenue) 2. streak reminder 3. survey (we need "
            "the data)",
            ["upgrade_nudge", "streak_reminder", "survey"],
        ),
    ],
)
def test_a_reason_in_brackets_names_no_program(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert rules[0].stop_conditions[0].condition == T("subscription_status", "eq", "active")


def test_a_pronoun_bracket_after_people_still_defines_them(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "For lapsed users (they haven't worked out in 14 days): comeback challenge first, then the discount offer.",
        )
    )
    assert [r.audience for r in rules] == [T("days_since_last_workout", "gte", 14)] * 2


@pytest.mark.parametrize(
    ("prompt", "barred"),
    [
        ("upgrade nudge > streak challenge > survey, for trial users in india. no sms.", "sms"),
        (
            "For lapsed users: comeback challenge first, then the discount offer. Don't use push at all.",
            "push",
        ),
        ("For trial users: upgrade nudge first, streak challenge second, and never by email.", "email"),
    ],
)
def test_a_channel_barred_for_no_program_is_barred_for_every_program(
    planner: CatalogPlanner, prompt: str, barred: str
) -> None:
    rules = draft_policy(planner, prompt).rules
    assert all(rule.channels and barred not in {c.channel for c in rule.channels} for rule in rules)
    assert not any(barred in rule.id for rule in rules)  # no program is named for the channel


@pytest.mark.parametrize(
    "prompt",
    [
        "Referral ask for committed users should come first; stop once they refer a friend.",
        "For trial users: upgrade nudge first, then the tips. Stop once they refer a friend.",
        "For users with a 7+ day streak: streak celebration first, then the referral ask. Stop the referral ask as "
        "soon as she refers someone.",
    ],
)
def test_a_stop_on_an_unrecorded_act_is_refused_naming_the_source(
    planner: CatalogPlanner, prompt: str
) -> None:
    refusal = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal), refusal
    assert any("refer" in p for p in refusal.unmatched_phrases)
    assert any("how a user arrived" in s for s in refusal.suggestions)


def test_a_stop_on_having_been_referred_is_still_read(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Suppress anyone who was referred. For trial users: upgrade nudge first, then tips."
    )
    assert any(s.condition == T("utm_source", "eq", "referral") for s in policy.suppressions)


@pytest.mark.parametrize(
    ("prompt", "topic"),
    [
        (
            "For yoga lovers: the new yoga class announcement first, then the upgrade offer, then the referral ask.",
            T("preferred_workout_type", "eq", "yoga"),
        ),
        (
            "For Android users: 1. the latest feature tour 2. the upgrade nudge.",
            T("device_os", "eq", "android"),
        ),
    ],
)
def test_a_message_said_to_be_new_is_no_state_of_its_people(
    planner: CatalogPlanner, prompt: str, topic: T
) -> None:
    first = by_priority(draft_policy(planner, prompt))[0]
    assert first.audience == topic


def test_new_people_in_an_item_are_still_new_users(planner: CatalogPlanner) -> None:
    first = by_priority(
        draft_policy(planner, "For trial users: 1. welcome series for new users 2. upgrade nudge.")
    )[0]
    assert _has(first.audience, T("activation_state", "eq", "new"))


@pytest.mark.parametrize(
    ("prompt", "place", "count"),
    [
        (
            "In order of importance for new users: 1) complete first workout 2) turn on push 3) view pricing.",
            2,
            "pricing_views",
        ),
        ("For trial users: 1. compare plans 2. start checkout", 0, "plan_comparisons"),
        ("For new signups: first view pricing, then compare plans.", 1, "plan_comparisons"),
    ],
)
def test_an_item_asking_for_an_act_waits_for_it(
    planner: CatalogPlanner, prompt: str, place: int, count: str
) -> None:
    rule = by_priority(draft_policy(planner, prompt))[place]
    assert _has(rule.audience, T(count, "eq", 0))
    assert rule.stop_conditions[0].condition == T(count, "gte", 1)


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "Lapsed subscribers (cancelled in the last 60 days): start with the win-back offer; if that doesn't work, "
            "send the feedback survey.",
            ["win_back_offer", "feedback_survey"],
        ),
        (
            "For at-risk users, start with the save offer; if that doesn't work, try the comeback challenge.",
            ["save_offer", "comeback_challenge"],
        ),
        (
            "For trial users: try the upgrade nudge first, and if they don't convert, the discount offer.",
            ["upgrade_nudge", "discount_offer"],
        ),
    ],
)
def test_a_program_to_try_if_the_first_does_not_work_comes_next(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ids


def test_the_people_a_bracket_defines_are_who_they_were(planner: CatalogPlanner) -> None:
    rules = draft_policy(
        planner,
        "Lapsed subscribers (cancelled in the last 60 days): start with the win-back offer; if that doesn't work, "
        "send the feedback survey.",
    ).rules
    # "lapsed" is the cancellation the bracket says, not a workout recency it was also read as
    assert all(r.audience == E("subscription_cancelled", within=60) for r in rules), [
        r.audience for r in rules
    ]


def test_a_channel_fallback_is_still_no_program(planner: CatalogPlanner) -> None:
    rules = draft_policy(
        planner,
        "For trial users: upgrade nudge first, then tips. Send the tips by push; if they don't open it, email.",
    ).rules
    assert [r.id for r in rules] == ["upgrade_nudge", "tips"]


def test_places_marked_1st_and_2nd_are_a_decision(planner: CatalogPlanner) -> None:
    survey = by_priority(draft_policy(planner, "for churned users: winback email 1st, survey 2nd."))[1]
    assert survey.id == "survey"


@pytest.mark.parametrize(
    "prompt",
    [
        "The upgrade nudge should never go to anyone who received more than 5 messages this week. Rank it above the "
        "workout tips for trial users.",
        "The upgrade nudge must never reach anyone who got more than 5 messages this week.\nIt outranks the workout "
        "tips for trial users.",
    ],
)
def test_it_ranking_after_a_sentence_about_a_program_is_that_program(
    planner: CatalogPlanner, prompt: str
) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ["upgrade_nudge", "workout_tips"]
    fatigue = T("messages_received_7d", "gt", 5)
    assert [s.applies_to for s in policy.suppressions if s.condition == fatigue] == [["upgrade_nudge"]]


@pytest.mark.parametrize(
    "prompt",
    [
        "Save offer outranks the upgrade nudge. Upgrade nudge outranks the weekly digest.",
        "The win-back email comes before the survey, and the survey comes before the feature tour.",
    ],
)
def test_programs_ranked_with_no_people_are_refused_asking_whom_they_are_for(
    planner: CatalogPlanner, prompt: str
) -> None:
    refusal = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal), refusal
    assert not any("rest" in p or "outranks" in p for p in refusal.unmatched_phrases)
    assert any(s.startswith("say whom") for s in refusal.suggestions)


@pytest.mark.parametrize(
    ("prompt", "first"),
    [
        (
            "Hey! quick q - for people on a free trial who've done at least 2 workouts, should the upgrade nudge or "
            "the streak challenge go first? you decide",
            "streak_challenge",
        ),
        (
            "For at-risk users with at least 3 workouts, should the survey or the save offer come first?",
            "save_offer",
        ),
    ],
)
def test_at_least_in_the_people_is_no_order_stated(planner: CatalogPlanner, prompt: str, first: str) -> None:
    policy = draft_policy(planner, prompt)
    rules = by_priority(policy)
    assert (
        rules[0].id == first and len(rules) == 2
    )  # the principle's order: habit or retention before the rest
    assert all(_has(r.audience, T("workouts_completed", "gte", 2 if "2" in prompt else 3)) for r in rules)


@pytest.mark.parametrize(
    ("prompt", "first", "people"),
    [
        (
            "For trial users: if they have high upgrade intent, upgrade nudge first; otherwise workout tips first.",
            "upgrade_nudge",
            T("upgrade_intent", "eq", "high"),
        ),
        (
            "For at-risk users: if they have an open ticket, the support follow-up comes first, otherwise the save "
            "offer first.",
            "support_follow_up",
            T("open_tickets", "gte", 1),
        ),
    ],
)
def test_first_for_some_people_otherwise_another_first(
    planner: CatalogPlanner, prompt: str, first: str, people: T
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules][:1] == [first]
    assert _has(rules[0].audience, people)
