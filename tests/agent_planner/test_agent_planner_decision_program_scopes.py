"""Named programs in less common frames: a scope before the request ("For US users, rank A for X above B for
Y"), signups as the people of a program ("onboarding emails for new signups"), and a ranked label with no
people of its own ("lowest priority is the tips digest"), which is for whoever the programs above leave."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import assert_audiences, by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Not, iter_conditions


@pytest.mark.parametrize(
    "prompt",
    [
        "For US users, rank a cardio challenge for users who prefer cardio above a strength program for users who prefer strength.",
        "For US users, which should win: a cardio challenge for users who prefer cardio or a strength program for "
        "users who prefer strength?",
    ],
)
def test_people_before_the_request_scope_every_program(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, [{"country", "preferred_workout_type"}, {"country", "preferred_workout_type"}])
    for rule in policy.rules:
        assert T("country", "eq", "US") in iter_conditions(rule.audience)


def test_signups_are_the_people_of_a_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Decide the order: re-engagement push for users inactive 14 days, onboarding emails for new signups, "
        "upsell for committed users. Onboarding first, then re-engagement, upsell last.",
    )
    assert [r.id for r in by_priority(policy)] == ["onboarding_emails", "re_engagement_push", "upsell"]


def test_a_ranked_label_without_people_is_for_everyone_left(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Top priority is the save offer for at-risk users; second is the upgrade nudge for trial users; lowest "
        "priority is the tips digest.",
    )
    save, nudge, digest = by_priority(policy)
    assert (save.id, nudge.id) == ("save_offer", "upgrade_nudge")
    assert "tips_digest" in digest.id
    assert isinstance(digest.audience, Not)  # everyone the save offer and the upgrade nudge do not reach


@pytest.mark.parametrize(
    "prompt",
    [
        "The save offer targets at-risk users; the upgrade offer targets trial users; the tips email goes to "
        "everyone else.",
        "At-risk users should hear about the save offer first; trial users get the upgrade offer; everyone else "
        "gets the tips email.",
    ],
)
def test_targets_and_hear_about_tie_a_program_to_its_people(planner: CatalogPlanner, prompt: str) -> None:
    save, upgrade, tips = by_priority(draft_policy(planner, prompt))
    assert (save.id, upgrade.id, tips.id) == ("save_offer", "upgrade_offer", "tips_email")
    assert save.audience == T("activation_state", "eq", "at_risk")
    assert upgrade.audience == T("subscription_status", "eq", "trial")
    assert isinstance(tips.audience, Not)


def test_in_that_order_is_no_part_of_the_last_audience(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Rank the following programs for users in the UK: a cycling challenge for users who prefer cycling, a "
        "running plan for users who prefer running, and a yoga series for yoga lovers, in that order.",
    )
    assert [r.id for r in by_priority(policy)] == ["cycling_challenge", "running_plan", "yoga_series"]
    for rule in policy.rules:
        assert T("country", "eq", "GB") in iter_conditions(rule.audience)


def test_listed_labels_before_a_colon_are_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Programs, highest priority first:\n- Save offer: at-risk users\n- Upgrade nudge: trial users with 3+ "
        "pricing views\n- Weekly digest: everyone else",
    )
    save, nudge, digest = by_priority(policy)
    assert (save.id, nudge.id, digest.id) == ("save_offer", "upgrade_nudge", "weekly_digest")
    assert save.audience == T("activation_state", "eq", "at_risk")
    assert isinstance(digest.audience, Not)


def test_a_framing_sentence_names_only_the_scope(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Here's what we want to run for our Android users. First, a push re-enable email for people with push "
        "off. Second, a streak saver push for users on a 3+ day streak. Third, the upgrade offer for trial users.",
    )
    assert_audiences(
        policy,
        [
            {"device_os", "push_enabled"},
            {"device_os", "current_streak_days"},
            {"device_os", "subscription_status"},
        ],
    )
    # "want to run" frames the programs: no running preference is read into the scope
    assert all("preferred_workout_type" not in r.audience.model_dump_json() for r in policy.rules)


def test_a_ranked_verb_program_in_its_ing_form_is_a_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Our top priority is winning back cancelled users with a discount email. After that, nudge trial users to "
        "upgrade. Lowest priority: a monthly newsletter for everyone.",
    )
    win_back, nudge, newsletter = by_priority(policy)
    assert win_back.audience == T("subscription_status", "eq", "cancelled")
    assert [c.channel for c in win_back.channels] == ["email"]
    assert nudge.audience == T("subscription_status", "eq", "trial")
    assert "newsletter" in newsletter.id and isinstance(newsletter.audience, Not)


def test_labels_asked_about_take_the_people_a_later_sentence_gives(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Which should go first for iOS users: the streak saver or the upgrade nudge? The streak saver applies to "
        "users with a 3+ day streak, the upgrade nudge to trial users.",
    )
    assert [r.id for r in by_priority(policy)] == ["streak_saver", "upgrade_nudge"]
    assert_audiences(policy, [{"device_os", "current_streak_days"}, {"device_os", "subscription_status"}])


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "New users first, then trial users, then everyone else. New users get onboarding, trial users get the "
            "upgrade offer, everyone else gets the newsletter.",
            ["onboarding", "upgrade_offer", "newsletter"],
        ),
        (
            "Trial users first, then new users. New users get onboarding, trial users get the upgrade offer.",
            ["upgrade_offer", "onboarding"],
        ),
    ],
)
def test_people_ranked_then_given_programs_are_those_programs(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ids


def test_worded_and_numbered_annotations_keep_one_order(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "The save offer (top priority) targets at-risk users; the upgrade offer (priority 2) targets trial users "
        "with 3+ pricing views; the tips email (lowest) goes to everyone else.",
    )
    assert [r.id for r in by_priority(policy)] == ["save_offer", "upgrade_offer", "tips_email"]


def test_a_program_defined_as_its_people_is_for_them(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Winback beats upsell. Winback = cancelled users, upsell = committed users on a trial."
    )
    winback, upsell = by_priority(policy)
    assert (winback.id, upsell.id) == ("winback", "upsell")
    assert winback.audience == T("subscription_status", "eq", "cancelled")
    assert names(upsell.audience) == {"activation_state", "subscription_status"}


def test_a_framing_head_before_a_colon_scopes_the_programs_after_it(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "We have three programs for Android users: a re-enable email for users with push off, a streak saver "
            "for users with a streak of 3+ days, and the upgrade nudge for trial users. Rank them by urgency.",
        )
    )
    android = T("device_os", "eq", "android")
    assert [r.id for r in rules] == ["re_enable_email", "streak_saver", "upgrade_nudge"]
    assert all(android in getattr(r.audience, "conditions", []) for r in rules)
