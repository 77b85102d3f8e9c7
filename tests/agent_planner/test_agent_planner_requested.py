"""What a program asks for is not a trait of its audience when the catalog knows it only as a value ("a
referral ask": `utm_source = referral` is how users arrived); an asked-for action the catalog counts ("invite
them to compare plans") stays the goal."""

from __future__ import annotations

from agent_planner_decision_helpers import audiences
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.requested import without_asked_values


def test_a_value_asked_for_is_dropped_and_an_action_kept(planner: CatalogPlanner) -> None:
    assert "referral" not in without_asked_values("a referral ask", planner.lexicon)
    assert "referral" not in without_asked_values("ask them for a referral", planner.lexicon)
    assert (
        without_asked_values("invite them to compare plans", planner.lexicon)
        == "invite them to compare plans"
    )
    # people after "for" are the audience, not what is asked for
    assert "iOS" in without_asked_values("a request for iOS users", planner.lexicon)


def test_a_referral_ask_has_only_its_stated_audience(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Rank: a referral ask for paying members, then a win-back email for cancelled users."
    )
    assert audiences(policy) == [{"subscription_status"}, {"subscription_status"}]
