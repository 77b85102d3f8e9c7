from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.catalog import load_catalog
from warehouse.collect.tracking_plan import TrackingPlan, load_tracking_plan
from warehouse.errors import InputError


@pytest.fixture(scope="module")
def plan() -> TrackingPlan:
    return load_tracking_plan()


def test_plan_covers_every_catalog_event_with_the_catalog_enum_values(plan: TrackingPlan) -> None:
    catalog = load_catalog()
    assert set(plan.events) == set(catalog.event_names)
    for event in catalog.events:
        for name, spec in event.properties.items():
            assert name in plan.events[event.name], (event.name, name)
            if spec.values:
                assert plan.events[event.name][name].values == spec.values


def test_plan_declares_the_properties_downstream_models_read(plan: TrackingPlan) -> None:
    assert set(plan.events["support_ticket_created"]) == {"ticket_id", "ticket_reason", "ticket_text"}
    assert set(plan.events["support_ticket_resolved"]) == {"ticket_id", "csat_score"}
    assert plan.events["support_ticket_resolved"]["csat_score"].type == "integer"
    for event in ("message_sent", "message_delivered", "message_opened", "message_clicked"):
        assert set(plan.events[event]) == {"channel", "rule_id", "message_id"}


def test_alias_maps_plan_selected_to_checkout_started_with_one_schema(plan: TrackingPlan) -> None:
    assert plan.aliases["plan_selected"].event == "checkout_started"
    assert plan.canonical("plan_selected", {"plan_name": "yearly", "price": 99.0}) == (
        "checkout_started", {"plan": "annual"})
    assert plan.canonical("Plan Selected", {"plan": "monthly"}) == ("checkout_started", {"plan": "monthly"})
    assert plan.canonical("checkout_started", {"plan": "monthly"}) == ("checkout_started", {"plan": "monthly"})
    app = {"type": "track", "event": "plan_selected", "properties": {"plan_name": "monthly", "price": 9.99}}
    web = {"type": "track", "event": "checkout_started", "properties": {"plan": "monthly"}}
    assert plan.check(app) == [] and plan.check(web) == []


def test_page_names_map_to_canonical_events(plan: TrackingPlan) -> None:
    assert plan.page_event("Pricing") == "pricing_viewed"
    assert plan.page_event("Compare Plans") == "plan_compared"
    assert plan.page_event("Home") is None
    assert plan.page_event(None) is None


@pytest.mark.parametrize(
    ("properties", "event", "expected"),
    [
        ({"workout_type": "yoga", "duration_min": 30}, "workout_completed", []),
        ({"workout_type": "yoga"}, "workout_completed", ["Required-Missing"]),
        ({"workout_type": "yoga", "duration_min": "30"}, "workout_completed", ["Datatype-Mismatch"]),
        ({"workout_type": "pilates", "duration_min": 30}, "workout_completed", ["Datatype-Mismatch"]),
        ({"workout_type": "yoga", "duration_min": 30, "mood": "ok"}, "workout_completed", ["Additional-Properties"]),
        ({"ticket_id": "t1", "csat_score": 4.0}, "support_ticket_resolved", []),
        ({"ticket_id": "t1", "csat_score": 4.5}, "support_ticket_resolved", ["Datatype-Mismatch"]),
        ({"enabled": 1}, "push_permission_changed", ["Datatype-Mismatch"]),
        ({}, "workout_teleported", ["Unplanned-Event"]),
    ],
)
def test_check_reports_rudderstack_violation_types(
    plan: TrackingPlan, properties: dict[str, object], event: str, expected: list[str]
) -> None:
    found = plan.check({"type": "track", "event": event, "properties": properties})
    assert [v.type for v in found] == expected


def test_identify_traits_with_declared_types_are_checked(plan: TrackingPlan) -> None:
    assert plan.check({"type": "identify", "traits": {"marketing_opt_in": True, "anything": 1}}) == []
    found = plan.check({"type": "identify", "traits": {"marketing_opt_in": "yes", "signup_at": "soon"}})
    assert [v.type for v in found] == ["Datatype-Mismatch", "Datatype-Mismatch"]


def test_a_plan_whose_alias_points_nowhere_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text("version: 1\nevents: {a: {}}\naliases: {b: {event: c}}\n")
    with pytest.raises(InputError, match="not a planned event"):
        load_tracking_plan(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_tracking_plan(tmp_path / "missing.yaml")
