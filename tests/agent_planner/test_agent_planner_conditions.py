"""Condition phrases → exact spec conditions: numbers, comparisons, negation, windows, states, groups."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from orchestrator.spec import AllOf, AnyOf, Condition, Rule

CASES: list[tuple[str, list[Condition]]] = [
    # numbers and comparisons; a bare number means "at least"
    ("completed 3 workouts", [T("workouts_completed", "gte", 3)]),
    ("finished three workouts", [T("workouts_completed", "gte", 3)]),
    ("at least 5 workouts completed", [T("workouts_completed", "gte", 5)]),
    ("3 or more pricing views", [T("pricing_views", "gte", 3)]),
    ("5+ completed workouts", [T("workouts_completed", "gte", 5)]),
    ("≥ 2 plan comparisons", [T("plan_comparisons", "gte", 2)]),
    ("more than 5 workouts", [T("workouts_completed", "gt", 5)]),
    ("fewer than 2 completed workouts", [T("workouts_completed", "lt", 2)]),
    ("no more than 2 open tickets", [T("open_tickets", "lte", 2)]),
    ("exactly 1 workout", [T("workouts_completed", "eq", 1)]),
    ("between 2 and 4 workouts", [T("workouts_completed", "between", [2, 4])]),
    ("momentum score over 60", [T("momentum_score", "gt", 60)]),
    ("momentum under 20", [T("momentum_score", "lt", 20)]),
    ("a streak of at least 7 days", [T("current_streak_days", "gte", 7)]),
    ("inactive for 10+ days", [T("days_since_last_workout", "gte", 10)]),
    ("viewed pricing twice", [T("pricing_views", "gte", 2)]),
    # negation
    ("no open support tickets", [T("open_tickets", "eq", 0)]),
    ("without open tickets", [T("open_tickets", "eq", 0)]),
    ("never viewed pricing", [T("pricing_views", "eq", 0)]),
    ("not on iOS", [T("device_os", "ne", "ios")]),
    ("haven't worked out in 7 days", [T("days_since_last_workout", "gte", 7)]),
    ("not opted in to marketing", [T("marketing_opt_in", "eq", False)]),
    ("who are not at risk", [T("activation_state", "ne", "at_risk")]),
    ("hasn't started checkout", [T("checkout_attempts", "eq", 0)]),
    # a negated number is "not equal", a negated verb still reverses "at least"
    ("whose completed workouts isn't 1", [T("workouts_completed", "ne", 1)]),
    ("completed workouts is not exactly 1", [T("workouts_completed", "ne", 1)]),
    ("workouts completed other than 2", [T("workouts_completed", "ne", 2)]),
    ("open tickets not equal to 3", [T("open_tickets", "ne", 3)]),
    ("haven't completed 3 workouts", [T("workouts_completed", "lt", 3)]),
    ("workouts other than 1 in the last 7 days", [E("workout_completed", "ne", 1, 7)]),
    # time windows turn counts into event conditions
    ("completed 3 workouts in the last week", [E("workout_completed", "gte", 3, 7)]),
    ("completed a workout in the last 14 days", [E("workout_completed", "gte", 1, 14)]),
    ("viewed pricing this week", [E("pricing_viewed", "gte", 1, 7)]),
    ("viewed pricing in the past month", [E("pricing_viewed", "gte", 1, 30)]),
    ("opened the app yesterday", [E("app_opened", "gte", 1, 1)]),
    ("fewer than 2 workouts over the last 2 weeks", [E("workout_completed", "lt", 2, 14)]),
    ("more than 5 app opens this week", [E("app_opened", "gt", 5, 7)]),
    ("completed a workout since Monday", [E("workout_completed", "gte", 1, 7)]),
    ("no workouts for 10 days", [E("workout_completed", "eq", 0, 10)]),
    ("haven't viewed pricing in the last 14 days", [E("pricing_viewed", "eq", 0, 14)]),
    ("signed up in the last 7 days", [T("days_since_signup", "lte", 7)]),
    # property filters on event counts; a value alone is the trait
    ("3 yoga workouts", [E("workout_completed", "gte", 3, workout_type="yoga")]),
    (
        "at least 2 yoga workouts in the past month",
        [E("workout_completed", "gte", 2, 30, workout_type="yoga")],
    ),
    ("yoga lovers", [T("preferred_workout_type", "eq", "yoga")]),
    # trait states and booleans
    ("at risk users", [T("activation_state", "eq", "at_risk")]),
    ("at-risk users", [T("activation_state", "eq", "at_risk")]),
    ("committed users", [T("activation_state", "eq", "committed")]),
    ("trial users", [T("subscription_status", "eq", "trial")]),
    ("users on a free trial", [T("subscription_status", "eq", "trial")]),
    ("paying users", [T("subscription_status", "eq", "active")]),
    ("high upgrade intent", [T("upgrade_intent", "eq", "high")]),
    ("high intent users", [T("upgrade_intent", "eq", "high")]),
    ("medium support risk", [T("support_risk", "eq", "medium")]),
    ("iOS users", [T("device_os", "eq", "ios")]),
    ("users in Germany", [T("country", "eq", "DE")]),
    ("users in the US", [T("country", "eq", "US")]),
    ("UK users", [T("country", "eq", "GB")]),
    ("acquired from TikTok", [T("utm_source", "eq", "tiktok")]),
    ("opted in", [T("marketing_opt_in", "eq", True)]),
    ("opted out", [T("marketing_opt_in", "eq", False)]),
    ("push enabled", [T("push_enabled", "eq", True)]),
    ("push disabled", [T("push_enabled", "eq", False)]),
    ("with purchase intent", [T("upgrade_intent", "ne", "none")]),
    # enum values compare in catalog order
    ("at least medium upgrade intent", [T("upgrade_intent", "in", ["medium", "high"])]),
    ("upgrade intent at most low", [T("upgrade_intent", "in", ["none", "low"])]),
    ("high or above support risk", [T("support_risk", "eq", "high")]),
    # a synonym missing one of its words still matches when only one entry fits
    ("trial users with 3 or fewer days left", [T("trial_days_left", "lte", 3)]),
    # several conditions
    (
        "completed 3 workouts, viewed pricing, and have no open support tickets",
        [T("workouts_completed", "gte", 3), T("pricing_views", "gte", 1), T("open_tickets", "eq", 0)],
    ),
    ("iOS users in Germany", [T("device_os", "eq", "ios"), T("country", "eq", "DE")]),
    (
        "Android users with push disabled and momentum below 20",
        [T("device_os", "eq", "android"), T("push_enabled", "eq", False), T("momentum_score", "lt", 20)],
    ),
    ("iOS or Android users", [T("device_os", "in", ["ios", "android"])]),
    ("iOS and Android users", [T("device_os", "in", ["ios", "android"])]),
    (
        "iOS or Android users who completed 3 workouts",
        [T("device_os", "in", ["ios", "android"]), T("workouts_completed", "gte", 3)],
    ),
    (
        "at-risk users with high support risk or more than 2 open tickets",
        [
            T("activation_state", "eq", "at_risk"),
            AnyOf(conditions=[T("support_risk", "eq", "high"), T("open_tickets", "gt", 2)]),
        ],
    ),
    # a negation before "or" applies to every alternative
    (
        "haven't viewed pricing or compared plans",
        [T("pricing_views", "eq", 0), T("plan_comparisons", "eq", 0)],
    ),
    (
        "neither viewed pricing nor compared plans",
        [T("pricing_views", "eq", 0), T("plan_comparisons", "eq", 0)],
    ),
    ("not on iOS or Android", [T("device_os", "not_in", ["ios", "android"])]),
    (
        "never worked out or opened the app in the last week",
        [T("workouts_completed", "eq", 0), E("app_opened", "eq", 0, 7)],
    ),
    ("committed or at risk", [T("activation_state", "in", ["committed", "at_risk"])]),
    (
        "in Germany or with high upgrade intent",
        [AnyOf(conditions=[T("country", "eq", "DE"), T("upgrade_intent", "eq", "high")])],
    ),
    (
        "between 2 and 4 workouts this month",
        [AllOf(conditions=[E("workout_completed", "gte", 2, 30), E("workout_completed", "lte", 4, 30)])],
    ),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES, ids=[c[0] for c in CASES])
def test_phrase_parses_to_exact_conditions(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unmatched == []
    assert parsed.conditions == expected


@pytest.mark.parametrize(
    ("phrase", "unmatched", "suggested"),
    [
        ("users who love dancing", ["love dancing"], None),
        ("high users", ["high"], "upgrade_intent = high"),
        ("with a momentum score", ["momentum score"], "momentum_score"),
    ],
)
def test_unmatched_phrase_is_named_with_suggestions(
    planner: CatalogPlanner, phrase: str, unmatched: list[str], suggested: str | None
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.conditions == []
    assert parsed.unmatched == unmatched
    assert parsed.suggestions, "a refusal must offer the closest catalog entries"
    if suggested:
        assert any(suggested in s for s in parsed.suggestions)


def test_window_reading_is_recorded(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("haven't worked out in 7 days", planner.catalog, planner.lexicon)
    assert parsed.readings == ["'not worked out in 7 days' read as days_since_last_workout gte 7"]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Users without any open tickets", T("open_tickets", "eq", 0)),
        ("Users with 0 open tickets", T("open_tickets", "eq", 0)),
        ("Users who have not a single open ticket", T("open_tickets", "eq", 0)),
        ("Users who completed zero workouts", T("workouts_completed", "eq", 0)),
        ("Users with zero workouts this week", E("workout_completed", "eq", 0, within=7)),
        ("Users with no workouts this week", E("workout_completed", "eq", 0, within=7)),
        ("Users who didn't start a workout this week", E("workout_started", "eq", 0, within=7)),
        ("Users who never compared plans", T("plan_comparisons", "eq", 0)),
        ("Users who haven't opted in", T("marketing_opt_in", "eq", False)),
        ("Users without push enabled", T("push_enabled", "eq", False)),
    ],
)
def test_negations_of_counts_traits_and_booleans(
    planner: CatalogPlanner, prompt: str, expected: object
) -> None:
    rule = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule), rule
    assert rule.audience == expected


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Paying users on iOS", [T("subscription_status", "eq", "active"), T("device_os", "eq", "ios")]),
        (
            "paid subscribers who use an iPhone",
            [T("subscription_status", "eq", "active"), T("device_os", "eq", "ios")],
        ),
        (
            "Trialing users on Android phones",
            [T("subscription_status", "eq", "trial"), T("device_os", "eq", "android")],
        ),
        (
            "Desktop users whose trial expired",
            [T("device_os", "eq", "web"), T("subscription_status", "eq", "expired")],
        ),
        (
            "yoga lovers at churn risk",
            [T("preferred_workout_type", "eq", "yoga"), T("activation_state", "eq", "at_risk")],
        ),
    ],
)
def test_value_synonyms_from_the_catalog(
    planner: CatalogPlanner, prompt: str, expected: list[object]
) -> None:
    rule = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule), rule
    assert rule.audience == AllOf(conditions=expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Users with medium or high intent", T("upgrade_intent", "in", ["medium", "high"])),
        ("Users with no preferred workout type", T("preferred_workout_type", "is_null", None)),
        ("Users who have no favorite workout", T("preferred_workout_type", "is_null", None)),
        ("Users who opted out of marketing", T("marketing_opt_in", "eq", False)),
        ("Users with 2 days or less left in their trial", T("trial_days_left", "lte", 2)),
        ("Users whose trial expired without paying", T("subscription_status", "eq", "expired")),
        ("Users who turned off push this week", E("push_permission_changed", within=7, enabled=False)),
        ("Users who turned notifications on this week", E("push_permission_changed", within=7, enabled=True)),
    ],
)
def test_neighbouring_words_settle_the_reading(
    planner: CatalogPlanner, prompt: str, expected: object
) -> None:
    rule = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule), rule
    assert rule.audience == expected


def test_a_bare_enum_trait_beside_a_condition_is_context(planner: CatalogPlanner) -> None:
    rule = planner.draft("Users whose device has push enabled", "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule) and rule.audience == T("push_enabled", "eq", True)
    alone = planner.draft("Users by device", "eligibility", planner.catalog, [])
    assert not isinstance(alone, Rule) and "device" in alone.unmatched_phrases


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Trial users with 2 days left", T("trial_days_left", "lte", 2)),
        ("Users with 3 days remaining in their trial", T("trial_days_left", "lte", 3)),
        ("Trial users whose trial ends in exactly 3 days", T("trial_days_left", "eq", 3)),
        ("Users inactive for 10 days", T("days_since_last_workout", "gte", 10)),
    ],
)
def test_a_bare_number_on_a_countdown_is_at_most(
    planner: CatalogPlanner, prompt: str, expected: object
) -> None:
    rule = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule), rule
    leaves = rule.audience.conditions if isinstance(rule.audience, AllOf) else [rule.audience]
    assert expected in leaves


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("push turned on", [T("push_enabled", "eq", True)]),
        ("with push turned off", [T("push_enabled", "eq", False)]),
        ("who have push", [T("push_enabled", "eq", True)]),
        ("who don't have push", [T("push_enabled", "eq", False)]),
        ("notifications on", [T("push_enabled", "eq", True)]),
        ("notifications off", [T("push_enabled", "eq", False)]),
        ("with notifications turned off", [T("push_enabled", "eq", False)]),
        ("whose push is off", [T("push_enabled", "eq", False)]),
        # a window keeps the event of turning it off
        ("turned off push this week", [E("push_permission_changed", "gte", 1, 7, enabled=False)]),
    ],
)
def test_push_on_off_and_having_push_is_the_permission(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    assert parse_conditions(phrase, planner.catalog, planner.lexicon).conditions == expected


def test_push_as_a_channel_is_not_the_permission(planner: CatalogPlanner) -> None:
    rule = planner.draft("Send a push reminder to trial users", "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule), rule
    assert rule.audience == T("subscription_status", "eq", "trial")
    received = parse_conditions("received a push this week", planner.catalog, planner.lexicon)
    assert received.unmatched == []
    # a push received is one sent on the push channel, never the push permission
    assert [c.model_dump(exclude_none=True) for c in received.conditions] == [
        {"kind": "event", "event": "message_sent", "op": "gte", "count": 1, "within_days": 7,
         "where": [{"property": "channel", "op": "eq", "value": "push"}]}]
