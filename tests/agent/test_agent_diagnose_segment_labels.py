"""Segments of a trait are named as people read them in the causes and the summary."""

from __future__ import annotations

from agent_fakes import exposure_rows, funnel_rows

from agent.debug_scope_notes import segment_labels
from agent.diagnose import rank_causes, summarize
from warehouse.catalog import load_catalog

STEPS = ["trial_started", "workout_completed", "workout_completed_2", "pricing_viewed", "subscription_started"]
STEADY = [1000, 700, 420, 300, 120]


def test_a_yes_no_trait_reads_with_and_without() -> None:
    labels = segment_labels(load_catalog(), "push_enabled", ["false", "true"])
    assert labels == {"false": "users without push enabled", "true": "users with push enabled"}
    funnel = (funnel_rows("false", STEADY, [1000, 690, 280, 200, 80], STEPS)
              + funnel_rows("true", STEADY, [1000, 705, 425, 305, 122], STEPS))
    exposure = exposure_rows("false", "push", (5000, 5000), (0.92, 0.40)) + exposure_rows("true", "push", (5000, 5000),
                                                                                          (0.92, 0.91))
    causes = rank_causes(funnel, exposure, "false", "true", labels)
    text = summarize("trial_conversion", funnel, "false", "true", causes, labels)
    assert text.startswith("trial_conversion for users without push enabled went from 12.0% to 8.0% "
                           "(users with push enabled: 12.0% to 12.2%)")
    assert "for users without push enabled went from" in causes[0].summary
    assert "while users with push enabled went from" in causes[0].summary
    assert not any(" for false" in c.summary or " for true" in c.summary for c in causes)


def test_a_dimension_keeps_its_values_and_an_enum_trait_names_itself() -> None:
    catalog = load_catalog()
    assert segment_labels(catalog, "device_os", ["ios", "android"]) == {"ios": "ios", "android": "android"}
    assert segment_labels(catalog, "activation_state", ["at_risk"]) == {"at_risk": "users with activation state at risk"}
