"""Programs listed in prose after an introduction ("We have three programs competing for paying members: a
streak celebration, a referral ask, and a cancellation save for people who stopped working out.") and
ranked by a later sentence that names them short or plural ("The cancellation save comes first,
celebrations second, referrals last."): one rule each, in that order, each in the introduction's scope, an
item's own people only its own, and the thing a program asks for ("a referral ask") no trait of its
audience."""

from __future__ import annotations

from agent_planner_decision_helpers import audiences, by_priority, names, suppression_names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import iter_conditions

PAYING = T("subscription_status", "eq", "active")
COMPETING = (
    "We have three programs competing for paying members: a streak celebration, a referral ask, and a "
    "cancellation save for people who stopped working out. The cancellation save comes first, celebrations "
    "second, referrals last. Don't message anyone with an open bug ticket."
)


def test_each_listed_program_is_a_rule_in_the_stated_order(planner: CatalogPlanner) -> None:
    save, streak, referral = by_priority(draft_policy(planner, COMPETING))
    assert "cancellation" in save.id and "streak" in streak.id and "referral" in referral.id


def test_the_introduction_scopes_every_program_and_an_item_keeps_its_own_people(
    planner: CatalogPlanner,
) -> None:
    policy = draft_policy(planner, COMPETING)
    save, streak, referral = by_priority(policy)
    for rule in (save, streak, referral):
        assert PAYING in iter_conditions(rule.audience), rule.id
    own = audiences(policy)[0] - {"subscription_status"}  # "people who stopped working out": the save's only
    assert own and not own & (audiences(policy)[1] | audiences(policy)[2])
    assert "current_streak_days" in audiences(policy)[1]


def test_what_a_program_asks_for_is_no_trait(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, COMPETING)
    assert "utm_source" not in set().union(*audiences(policy))
    assert audiences(policy)[2] == {"subscription_status"}
    assert any("support_ticket_created" in n or "open_tickets" in n for n in suppression_names(policy))


def test_one_program_ranked_by_a_later_sentence_moves(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Two programs for paying members: a streak celebration and a referral ask. The referral ask goes first.",
    )
    referral, streak = by_priority(policy)
    assert (referral.id, streak.id) == ("referral_ask", "streak_celebration")
    assert audiences(policy) == [{"subscription_status"}, {"subscription_status", "current_streak_days"}]


def test_programs_listed_after_are_follow_an_order_request(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Our programs for new members are a welcome series, a first-workout nudge and a referral invite. Order "
        "them nudge, welcome, referral.",
    )
    assert [r.id for r in by_priority(policy)] == ["first_workout_nudge", "welcome_series", "referral_invite"]
    assert all("activation_state" in names(r.audience) for r in policy.rules)
    assert "utm_source" not in set().union(*audiences(policy))  # the invite asks for referrals


def test_a_framing_head_gives_only_its_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "We run these for lapsed users: a comeback push, a discount email and a feedback survey. The discount "
        "email goes first.",
    )
    assert [r.id for r in by_priority(policy)] == ["discount_email", "comeback_push", "feedback_survey"]
    # "run" frames the list: no running preference in anyone's audience
    assert audiences(policy) == [{"days_since_last_workout"}] * 3
