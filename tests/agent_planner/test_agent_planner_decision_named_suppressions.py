"""A suppression said of one program by name ("exclude users in Germany from the comeback push", "Skip the
upgrade offer for anyone in Canada", "Don't send the streak reminder to users with push disabled") holds back
that program's rule only; a name that matches no program holds back every rule."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "rule_id", "trait"),
    [
        (
            "Prioritize: upgrade offer for trial users with 3+ pricing views, then a comeback push for lapsed "
            "users; exclude users in Germany from the comeback push.",
            "comeback_push",
            "country",
        ),
        (
            "Upgrade offer for high-intent users over the save offer for at-risk users. Skip the upgrade offer "
            "for anyone in Canada.",
            "upgrade_offer",
            "country",
        ),
        (
            "1. win-back email for cancelled users 2. streak reminder for committed users. Don't send the streak "
            "reminder to users with push disabled.",
            "streak_reminder",
            "push_enabled",
        ),
        (
            "Upgrade nudge for trial users before the save offer for at-risk users, but don't send the save offer "
            "to anyone who received 3 messages this week.",
            "save_offer",
            "messages_received_7d",
        ),
        (
            "Rank these: onboarding emails for new users, upgrade nudges for trial users. Pause the onboarding "
            "emails for anyone with push disabled.",
            "onboarding_emails",
            "push_enabled",
        ),
    ],
)
def test_a_suppression_said_of_a_program_holds_back_that_program(
    planner: CatalogPlanner, prompt: str, rule_id: str, trait: str
) -> None:
    policy = draft_policy(planner, prompt)
    held = [s for s in policy.suppressions if trait in names(s.condition)]
    assert [s.applies_to for s in held] == [[rule_id]]


def test_a_suppression_naming_no_program_holds_back_every_rule(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Upgrade offer for high-intent users over the save offer for at-risk users. Skip the newsletter for "
        "anyone in Canada.",
    )
    held = [s for s in policy.suppressions if "country" in names(s.condition)]
    assert [s.applies_to for s in held] == ["all"]


def test_only_sending_a_program_to_some_people_narrows_its_audience(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Only send the streak saver to users with push enabled. The streak saver for users with a 5+ day streak "
        "beats the upgrade offer for trial users.",
    )
    saver, upgrade = policy.rules if policy.rules[0].id == "streak_saver" else policy.rules[::-1]
    assert names(saver.audience) == {"current_streak_days", "push_enabled"}
    assert names(upgrade.audience) == {"subscription_status"}


@pytest.mark.parametrize(
    ("said", "applies"),
    [
        ("The save offer shouldn't go to anyone in Germany.", ["save_offer"]),
        ("Keep users in Germany out of the save offer.", ["save_offer"]),
        ("No save offer for anyone in Germany.", ["save_offer"]),
        ("The save offer should never reach users in Germany.", ["save_offer"]),
        ("Users in Germany should not get the save offer.", ["save_offer"]),
        ("No messages for anyone in Germany.", "all"),
    ],
)
def test_a_named_suppression_said_any_way_holds_back_that_program(
    planner: CatalogPlanner, said: str, applies: list[str] | str
) -> None:
    policy = draft_policy(
        planner,
        "Prioritize: the upgrade nudge for trial users, then the save offer for at-risk users, then the yoga series "
        f"for yoga fans. {said}",
    )
    assert [r.id for r in policy.rules] == ["upgrade_nudge", "save_offer", "yoga_series"]
    assert [s.applies_to for s in policy.suppressions if "country" in names(s.condition)] == [applies]


@pytest.mark.parametrize(
    "guard", ["(never on users who opted out of push)", "(but never for anyone with push off)"]
)
def test_a_never_guard_beside_a_listed_program_suppresses_for_that_program(
    planner: CatalogPlanner, guard: str
) -> None:
    policy = draft_policy(
        planner,
        f"1. Win-back email for cancelled users\n2. Streak saver for users with a 3+ day streak {guard}\n"
        "3. Referral invite for active subscribers",
    )
    _, saver, _ = by_priority(policy)
    assert saver.audience == T("current_streak_days", "gte", 3)  # the guard narrows no one's audience
    push_off = [s for s in policy.suppressions if s.condition == T("push_enabled", "eq", False)]
    assert [s.applies_to for s in push_off] == [["streak_saver"]]
