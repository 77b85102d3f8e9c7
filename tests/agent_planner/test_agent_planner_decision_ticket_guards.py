"""A guard that names a kind of support issue ("never while they have an open billing ticket", "hold it while
they have an open billing or bug ticket") is a suppression of the program it is said of, read as the closest
thing the catalog keeps (open tickets, and such a ticket created in the last 30 days) and said to be an
approximation; it is never refused, dropped, widened to any ticket, nor drafted as a program of its own."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, AnyOf, Condition, Policy

OPEN_BILLING = AllOf(conditions=[T("open_tickets", "gte", 1), E("support_ticket_created", "gte", 1, 30, ticket_reason="billing")])
OPEN_BUG = AllOf(conditions=[T("open_tickets", "gte", 1), E("support_ticket_created", "gte", 1, 30, ticket_reason="bug")])


def _stated(policy: Policy, condition: Condition) -> list[str] | str:
    """Return the rules the one suppression with `condition` applies to."""
    found = [s for s in policy.suppressions if s.condition == condition]
    assert len(found) == 1, [s.condition for s in policy.suppressions]
    return found[0].applies_to


@pytest.mark.parametrize(
    "prompt",
    [
        "Send the upgrade offer to high-intent trial users, but never while they have an open billing ticket.",
        "Email the upgrade offer to trial users with high purchase intent but not while they have an open billing ticket",
        "Send the upgrade nudge to high-intent users unless they have an open billing ticket.",
    ],
)
def test_one_program_with_a_reason_ticket_guard_is_a_rule_suppression(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert T("upgrade_intent", "eq", "high") in rule.audience.conditions  # type: ignore[union-attr]
    held = [s for s in rule.suppressions if s.condition == OPEN_BILLING]
    assert len(held) == 1
    assert "Approximated:" in held[0].description and "30 days" in held[0].description
    assert OPEN_BILLING not in getattr(rule.audience, "conditions", [])


def test_two_reasons_around_one_ticket_keep_both(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner, "Push the upgrade offer to high-intent users but hold it while they have an open billing or bug ticket."
    )
    held = [s for s in rule.suppressions if isinstance(s.condition, AnyOf)]
    assert len(held) == 1 and held[0].condition.conditions == [OPEN_BILLING, OPEN_BUG]  # type: ignore[union-attr]
    assert [c.channel for c in rule.channels] == ["push"]


@pytest.mark.parametrize(
    ("prompt", "guarded"),
    [
        (
            "Upgrade nudge for users with high purchase intent first, then the save offer for at-risk users. Never "
            "send the upgrade nudge while they have an open billing ticket.",
            "upgrade_nudge",
        ),
        (
            "Order for trial users: 1. second workout nudge 2. support issues 3. upgrade messaging. Suppress upgrade "
            "messaging while they have an open billing ticket.",
            "upgrade_messaging",
        ),
        (
            "Save offer for at-risk users ahead of the upgrade offer for high-intent users. Pause the upgrade offer "
            "whenever they have an open billing ticket.",
            "upgrade_offer",
        ),
        (
            "Win-back for cancelled users, then the upgrade offer for high-intent users. The upgrade offer should "
            "never go out while they have an open ticket about billing.",
            "upgrade_offer",
        ),
    ],
)
def test_a_program_named_with_a_while_guard_is_suppressed_alone(
    planner: CatalogPlanner, prompt: str, guarded: str
) -> None:
    policy = draft_policy(planner, prompt)
    assert guarded in [r.id for r in policy.rules]
    assert not any(r.id.startswith(("never", "suppress", "pause")) for r in policy.rules)
    assert _stated(policy, OPEN_BILLING) == [guarded]
    approximated = [e for e in policy.edge_cases if e.startswith("Approximation:")]
    assert len(approximated) == 1 and "ticket_reason billing" in approximated[0] and guarded in approximated[0]


def test_hold_back_a_program_from_people_who_filed_a_ticket(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Rank the upgrade offer above the re-engagement push for users inactive 7+ days, and hold back the upgrade "
        "offer from anyone who filed a billing ticket in the last 14 days.",
    )
    assert _stated(policy, E("support_ticket_created", "gte", 1, 14, ticket_reason="billing")) == ["upgrade_offer"]
    assert not any(e.startswith("Approximation:") for e in policy.edge_cases)  # a filed ticket is said exactly


def test_the_builtin_hold_is_said_to_cover_an_approximated_guard(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priority order: save offer for at-risk users, then upgrade nudge for high-intent users. Don't send the "
        "upgrade nudge to anyone with an open billing ticket.",
    )
    [case] = [e for e in policy.edge_cases if e.startswith("Approximation:")]
    assert "open_support_ticket" in case
    assert [r.id for r in by_priority(policy)] == ["save_offer", "upgrade_nudge"]


def test_a_guard_for_either_program_holds_every_rule(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Upgrade nudge for high-intent users, save offer for at-risk users; the save offer wins. Don't send either "
        "while they have an open bug ticket.",
    )
    assert _stated(policy, OPEN_BUG) == "all"  # it was dropped, leaving only the built-in any-ticket hold


def test_a_guard_beside_a_cap_after_a_dash_is_kept(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "First the save offer for at-risk users, then the upgrade nudge for users with high intent - hold the nudge "
        "whenever there's an open billing ticket, max 2 pushes a week.",
    )
    assert _stated(policy, OPEN_BILLING) == ["upgrade_nudge"]  # the sentence was cut whole as a cap setting
    assert policy.channel_caps["push"].max_sends == 2


@pytest.mark.parametrize(
    ("prompt", "ids", "guarded"),
    [
        (
            "The upgrade offer for high-intent users should never go out while they have an open bug or billing "
            "ticket; it ranks below the save offer for at-risk users.",
            ["save_offer", "upgrade_offer"],
            "upgrade_offer",
        ),
        (
            "The save offer for at-risk users must never be sent while they have an open billing ticket. The upgrade "
            "nudge for trial users comes second.",
            ["save_offer", "upgrade_nudge"],
            "save_offer",
        ),
    ],
)
def test_a_guard_in_the_sentence_that_defines_its_program(
    planner: CatalogPlanner, prompt: str, ids: list[str], guarded: str
) -> None:
    policy = draft_policy(planner, prompt)  # the guard was silently dropped with the rest of the sentence
    assert [r.id for r in by_priority(policy)] == ids
    held = [s for s in policy.suppressions if "billing" in s.description]
    assert len(held) == 1 and held[0].applies_to == [guarded]


@pytest.mark.parametrize("waiver", ["No quiet hours needed.", "We don't need a send window.", "Quiet hours aren't needed."])
def test_a_waived_send_time_setting_is_neither_refused_nor_a_program(planner: CatalogPlanner, waiver: str) -> None:
    prompt = (
        f"Win-back for cancelled users first, then the survey for users with low CSAT. {waiver} Hold the win-back "
        "as long as they have an open billing ticket."
    )
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ["win_back", "survey"]
    assert _stated(policy, OPEN_BILLING) == ["win_back"]
    assert prompt in policy.description
    asked = planner.draft(prompt.replace(waiver, "Respect quiet hours."), "decision", planner.catalog, [])
    assert not isinstance(asked, Policy)  # a send-time setting asked for is still refused by name
