"""A guard that names its program without "the" ("Stop onboarding after 2 workouts", "Don't send upgrade
messaging to users with open tickets") is that program's alone once the draft shows the program exists; a
name said with a slip ("onbaording", "the streak saver" for "streak saving") still finds it; a heading whose
guards were all read this way ("Suppressions: …. Stop: …") adds no rule of its own."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.program_labels import label_within, same_label
from orchestrator.spec import Policy, Rule


def _stops(rule: Rule) -> list[object]:
    return [s.condition for s in rule.stop_conditions]


def _applies(policy: Policy, condition: object) -> list[object]:
    return [s.applies_to for s in policy.suppressions if s.condition == condition]


def test_a_bare_program_name_stops_that_program_only(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Set priorities for android users who signed up in the last 7 days: onboarding first, then push "
        "permission ask, then upgrade messaging. Stop onboarding after 2 workouts.",
    )
    onboarding, permission, upgrade = by_priority(policy)
    assert T("workouts_completed", "gte", 2) in _stops(onboarding)
    assert T("workouts_completed", "gte", 2) not in _stops(permission) + _stops(upgrade)


def test_a_bare_name_in_a_numbered_list_with_a_fallback_stop_elsewhere(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Cancelled users: 1) win-back, 2) feedback survey. Stop win-back after they resubscribe.",
    )
    win_back, survey = by_priority(policy)
    assert T("subscription_status", "eq", "active") in _stops(win_back)
    assert T("subscription_status", "eq", "active") not in _stops(survey)


def test_a_typo_in_the_program_name_still_finds_it(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priorty order for new users: (1) onbaording for users with no workouts, (2) second workout nudge, "
        "(3) upgrade messaging. Stop onboarding after their first workout.",
    )
    first, nudge, upgrade = by_priority(policy)
    assert T("workouts_completed", "gte", 1) in _stops(first)
    assert T("workouts_completed", "gte", 1) not in _stops(nudge) + _stops(upgrade)


def test_a_headed_suppression_and_stop_add_no_rules(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: first nudge a second workout, then support issues, then upgrade messaging. "
        "Suppressions: don't send upgrade messaging to users with open tickets. Stop: stop the nudge once they "
        "complete a second workout.",
    )
    assert [r.id for r in by_priority(policy)] == [
        "nudge_second_workout",
        "support_issues",
        "upgrade_messaging",
    ]
    nudge = by_priority(policy)[0]
    assert T("workouts_completed", "gte", 2) in _stops(nudge)
    assert ["upgrade_messaging"] in _applies(policy, T("open_tickets", "gte", 1))


def test_a_stop_heading_listing_two_named_stops(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "1. Support issues (open tickets) 2. Streak saving (streak >= 7 days) 3. Referral ask (committed users) "
        "4. Upgrade messaging (trial users). Stop conditions: stop streak saving once they work out today; stop "
        "upgrade messaging once they subscribe.",
    )
    support, streak, referral, upgrade = by_priority(policy)
    today = E("workout_completed", within=1)
    assert today in _stops(streak)
    assert today not in _stops(support) + _stops(referral) + _stops(upgrade)
    assert T("subscription_status", "eq", "active") in _stops(upgrade)


def test_a_saver_is_the_saving_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priority order: streak saving for users with a streak of at least 3 days, then workout reminders for "
        "users who haven't worked out in 3 days. Suppress users who opted out of push from the streak saver.",
    )
    assert _applies(policy, T("push_enabled", "eq", False)) == [["streak_saving"]]


def test_bare_words_that_name_no_program_stay_a_condition(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: upgrade offer first, then onboarding. Exclude users who signed up from facebook.",
    )
    assert _applies(policy, T("utm_source", "eq", "facebook")) == ["all"]


def test_label_matching_allows_one_slip_in_a_long_word_only() -> None:
    assert same_label("streak saver", "streak saving")
    assert same_label("onbaording", "onboarding")
    assert not same_label("boarding", "onboarding")
    assert not same_label("referral ask", "renewal reminder")
    assert label_within("onboarding", "onboarding series")
    assert not label_within("onboarding for new users", "onboarding")
