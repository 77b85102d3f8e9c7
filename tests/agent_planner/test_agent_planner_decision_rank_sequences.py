"""A sentence ranking several programs by short names, after the programs are said: "At-risk comes first,
then trial, then new", "Order: comeback > upgrade > welcome", "Support first, then the second workout,
upgrades last". It reorders named programs, numbered items, and items listed in prose ("we run A, B and C");
a channel noun ending a listed item ("onboarding emails") is that item's channel."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, NEW, TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "Decide the order for three lifecycle programs: onboarding for new users, conversion for trial users "
        "and a save campaign for at-risk users. At-risk comes first, then trial, then new.",
        "We run a welcome series for new users, an upgrade offer for trial users and a rescue push for at-risk "
        "users. Order: rescue > upgrade > welcome.",
        "Programs: onboarding for new users, a save campaign for users at risk of churning, conversion for "
        "trial users. The save campaign goes first, conversion second, onboarding last.",
    ],
)
def test_named_programs_follow_the_ranking_sentence(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules] == [AT_RISK, TRIAL, NEW]


def test_numbered_items_follow_a_later_ranking_sentence(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: (1) upgrade messaging (2) second workout help (3) support outreach. Support first, "
        "then the second workout, upgrades last.",
    )
    assert [r.id for r in by_priority(policy)] == ["support_outreach", "second_workout", "upgrade_messaging"]


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "For trial users we run upgrade messaging, second workout help and support outreach. Support first, "
            "then the second workout, upgrades last.",
            ["support_outreach", "second_workout", "upgrade_messaging"],
        ),
        (
            "Set the priority between onboarding emails, support follow-ups, and upgrade promos for users on a "
            "free trial. Support follow-ups win, then onboarding, then upgrade promos.",
            ["support_follow_ups", "onboarding_emails", "upgrade_promos"],
        ),
    ],
)
def test_items_listed_in_prose_follow_the_ranking_sentence(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert all(TRIAL in getattr(r.audience, "conditions", [r.audience]) for r in rules)  # the shared scope
    assert rules[0].purpose == "service" and rules[0].audience.model_dump_json().count("open_tickets") == 1


def test_a_list_without_ranking_words_keeps_the_written_order(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Three programs: onboarding for new users, conversion for trial users, a save campaign for at-risk "
            "users. Trial, new, at-risk.",
        )
    )
    assert [r.audience for r in rules] == [NEW, TRIAL, AT_RISK]


def test_a_channel_noun_ending_an_item_is_its_channel(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: (1) onboarding emails (2) a workout push (3) get them to turn on push notifications.",
    )
    rules = by_priority(policy)
    assert [s.channel for s in rules[0].channels] == ["email"]
    assert [s.channel for s in rules[1].channels] == ["push"]
    assert len(rules[2].channels) == 2  # a switch of the permission names no channel: the default plan


@pytest.mark.parametrize(
    "prompt",
    [
        # a verb label is named by its noun: retain/retention, convert/conversion
        "Three lifecycle programs compete: welcome for brand new users, convert for trial users, retain for "
        "at-risk users. Retention wins, then conversion, then welcome.",
        # the audience in parentheses after each label; "most important" / "least" rank without ordinals
        "Rank onboarding (new users), conversion (trial users) and retention (at-risk users). Retention is most "
        "important, onboarding least.",
    ],
)
def test_rankings_name_programs_by_their_nouns_and_importance(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules] == [AT_RISK, TRIAL, NEW]


def test_audiences_said_to_overlap_compete(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Users with high upgrade intent and at-risk users overlap. Who gets the message first? Cap at 2 messages "
        "per week per user.",
    )
    # asked, not said: the planner puts retention (at risk) before upsell (high intent)
    assert [r.audience for r in by_priority(policy)] == [AT_RISK, T("upgrade_intent", "eq", "high")]
    assert policy.frequency_cap.max_sends == 2


@pytest.mark.parametrize(
    ("ranking", "ids"),
    [
        # "first" and "last" are places, not a swap between the two named
        (
            "The discount email goes first, the survey last.",
            ["discount_email", "tips_digest", "referral_ask", "feedback_survey"],
        ),
        (
            "The referral ask first, then the discount email.",
            ["referral_ask", "discount_email", "tips_digest", "feedback_survey"],
        ),
        # without an absolute word the two named trade the places they held
        (
            "The referral ask, then the tips digest.",
            ["referral_ask", "discount_email", "feedback_survey", "tips_digest"],
        ),
    ],
)
def test_a_partial_ranking_puts_first_and_last_at_the_ends(
    planner: CatalogPlanner, ranking: str, ids: list[str]
) -> None:
    policy = draft_policy(
        planner,
        "For trial users we run a tips digest, the discount email, a feedback survey and a referral ask. "
        + ranking,
    )
    assert [r.id for r in by_priority(policy)] == ids
