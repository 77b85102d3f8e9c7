"""The registry diff in words keeps what a condition means: its not and or, and what an added or removed guard holds."""

from __future__ import annotations

from orchestrator.registry import spec_changes
from orchestrator.spec import AnyOf, Not, Rule, StopCondition, Suppression, TraitCondition


def _trait(name: str, value: object, op: str = "eq") -> TraitCondition:
    return TraitCondition(trait=name, op=op, value=value)  # type: ignore[arg-type]


def _rule(**update: object) -> Rule:
    base = Rule(id="nudge", description="d", audience=_trait("workouts_completed", 3, "gte"))
    return base.model_copy(update=update)


def test_a_negated_or_alternative_part_is_said_with_its_not_and_or() -> None:
    opted_out = Suppression(id="opt_out", description="d", condition=Not(condition=_trait("marketing_opt_in", True)))
    flipped = opted_out.model_copy(update={"condition": _trait("marketing_opt_in", True)})
    # read leaf by leaf, flipping the suppression from "not opted in" to "opted in" was no change at all
    assert spec_changes(_rule(suppressions=[opted_out]), _rule(suppressions=[flipped])) == [
        "suppressions opt_out.condition: removed condition not (marketing_opt_in = True)",
        "suppressions opt_out.condition: added condition marketing_opt_in = True"]
    either = AnyOf(conditions=[_trait("device_os", "ios"), _trait("country", "US")])
    assert spec_changes(_rule(), _rule(audience=either)) == [
        "audience: removed condition workouts_completed >= 3",
        "audience: added condition device_os = ios or country = US"]


def test_a_guard_added_or_removed_says_what_it_holds() -> None:
    stop = StopCondition(id="subscribed", description="d", condition=_trait("subscription_status", "active"))
    renamed = stop.model_copy(update={"id": "converted"})
    assert spec_changes(_rule(stop_conditions=[stop]), _rule(stop_conditions=[renamed])) == [
        "stop_conditions: removed subscribed (subscription_status = active)",
        "stop_conditions: added converted (subscription_status = active)"]  # a rename, which the names alone hid
