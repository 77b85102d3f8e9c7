"""Decision prompts whose guard is said once for several programs: ", unless …" closing a ranking of two or
more programs reaches all of them (it reached only the last), also after "For X, A beats B"; a negation
typed without its apostrophe ("dont message anyone who …") is still a guard (it was dropped silently); and
"upsell X and save Y" is two programs, ranked by a later "save first" or "at-risk first"."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Policy


def _guarded(policy: Policy, trait: str) -> set[str]:
    """Return the ids of the rules some stated suppression on `trait` reaches (all rules for "all")."""
    reached: set[str] = set()
    for sup in policy.suppressions:
        if trait in names(sup.condition):
            reached |= {r.id for r in policy.rules} if sup.applies_to == "all" else set(sup.applies_to)
    for rule in policy.rules:
        if any(trait in names(s.condition) for s in rule.suppressions):
            reached.add(rule.id)
    return reached


# (prompt, trait the trailing guard names, rules in priority order)
TRAILING: list[tuple[str, str, int]] = [
    (
        "The save offer for at-risk users, then the upgrade offer for trial users, then the re-engagement "
        "push for lapsed users, unless they got more than 4 messages this week.",
        "messages_received_7d",
        3,
    ),
    (
        "at-risk users get the save offer before high-intent users get the upgrade offer, unless their CSAT "
        "is 2 or lower",
        "avg_csat",
        2,
    ),
    (
        "For trial users, the upgrade offer beats onboarding, unless they have push disabled.",
        "push_enabled",
        2,
    ),
    (
        "For android users the streak reminder outranks the upgrade offer unless they got more than 3 "
        "messages this week",
        "messages_received_7d",
        2,
    ),
]


@pytest.mark.parametrize(("prompt", "trait", "count"), TRAILING, ids=[str(i) for i in range(len(TRAILING))])
def test_a_guard_closing_a_ranking_reaches_every_program(
    planner: CatalogPlanner, prompt: str, trait: str, count: int
) -> None:
    policy = draft_policy(planner, prompt)
    assert len(policy.rules) == count
    assert _guarded(policy, trait) == {r.id for r in policy.rules}


def test_a_guard_inside_one_programs_piece_stays_its_own(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "The upgrade offer for trial users unless they got more than 4 messages this week, then the save "
        "offer for at-risk users.",
    )
    first, second = by_priority(policy)
    assert _guarded(policy, "messages_received_7d") == {first.id}
    assert second.id not in _guarded(policy, "messages_received_7d")


@pytest.mark.parametrize(
    "prompt",
    [
        "For lapsed users: a comeback push first and a win-back email second. dont message anyone who got "
        "more than 4 messages this week",
        "Trial users get the upgrade offer, at-risk users get the save offer; save offer wins. Dont send "
        "anything to people who received more than 4 messages this week.",
    ],
)
def test_a_negation_typed_without_its_apostrophe_is_a_guard(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    assert _guarded(policy, "messages_received_7d") == {r.id for r in policy.rules}


@pytest.mark.parametrize(
    ("prompt", "first", "second"),
    [
        ("upsell high-intent users and save at-risk users. at-risk first.", "at_risk", "high"),
        (
            "Upsell trial users with high intent and save at-risk subscribers; saving comes first.",
            "at_risk",
            "high",
        ),
        ("We want to upsell committed users and save at-risk users, with at-risk first.", "at_risk", "committed"),
        ("save at-risk users before we upsell high-intent ones", "at_risk", "high"),
    ],
)
def test_upsell_and_save_are_two_programs(
    planner: CatalogPlanner, prompt: str, first: str, second: str
) -> None:
    policy = draft_policy(planner, prompt)
    high, low = by_priority(policy)
    assert T("activation_state", "eq", first) in _leaves(high.audience)
    assert second in {getattr(leaf, "value", None) for leaf in _leaves(low.audience)}


def test_a_save_offer_is_still_a_label(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Save offer for frustrated users first, then upgrade offer for high intent users."
    )
    assert [r.id for r in by_priority(policy)] == ["save_offer", "upgrade_offer"]


def _leaves(cond: object) -> list[object]:
    from orchestrator.spec import iter_conditions

    return list(iter_conditions(cond))  # type: ignore[arg-type]


def test_a_ranked_place_the_program_reader_cannot_read_keeps_every_program(planner: CatalogPlanner) -> None:
    # "saving at-risk users" is a program now; "converting trial users" is not, and was dropped beside it
    policy = draft_policy(
        planner,
        "Top priority is saving at-risk users; second is converting trial users with high intent; last is "
        "welcoming new users.",
    )
    assert [names(r.audience) for r in by_priority(policy)] == [
        {"activation_state"},
        {"subscription_status", "upgrade_intent"},
        {"activation_state"},
    ]
