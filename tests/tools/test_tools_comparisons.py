"""compare_funnel and message_exposure on the hand-made fixture: exact numbers, and evidence that reproduces them."""

from __future__ import annotations

import pytest

from tools.context import ToolContext
from tools.exposure import ExposureComparison, message_exposure
from tools.funnel import FunnelComparison, compare_funnel
from tools.results import ToolError


def _funnel(ctx: ToolContext) -> FunnelComparison:
    result = compare_funnel(ctx, "trial_conversion", "device_os", ["ios", "android"])
    assert isinstance(result, FunnelComparison), result
    return result


def _exposure(ctx: ToolContext) -> ExposureComparison:
    result = message_exposure(ctx, "device_os", ["iOS", "android"])
    assert isinstance(result, ExposureComparison), result
    return result


def test_funnel_counts_match_the_planted_cohorts(ctx: ToolContext) -> None:
    steps = {(s.segment, s.step): s for s in _funnel(ctx).steps}
    ios = [steps["ios", step] for step in ("trial_started", "workout_completed", "workout_completed_2", "pricing_viewed", "subscription_started")]
    assert [(s.previous_count, s.current_count) for s in ios] == [(10, 10), (8, 8), (6, 3), (4, 2), (3, 1)]
    android = steps["android", "workout_completed_2"]
    assert (android.previous_count, android.current_count) == (6, 7)
    assert android.current_rate == pytest.approx(7 / 12)
    assert steps["ios", "workout_completed_2"].rate_delta == pytest.approx(-0.3)


def test_ios_first_breaks_at_the_second_workout(ctx: ToolContext) -> None:
    result = _funnel(ctx)
    ios_drops = [s for s in result.steps if s.segment == "ios" and (s.rate_delta or 0) <= -0.1]
    android_drops = [s for s in result.steps if s.segment == "android" and (s.rate_delta or 0) <= -0.1]
    assert ios_drops[0].step == "workout_completed_2" and not android_drops


def test_exposure_shows_the_ios_push_delivery_collapse(ctx: ToolContext) -> None:
    result = _exposure(ctx)
    assert result.segments == ["ios", "android"]
    change = {(c.segment, c.channel, c.metric): c for c in result.changes}
    ios_push = change["ios", "push", "delivery_rate"]
    assert (ios_push.previous, ios_push.current) == pytest.approx((0.9, 0.3))
    assert change["ios", "push", "sent"].delta == 0
    assert change["android", "push", "delivery_rate"].delta == pytest.approx(-0.05)
    assert change["ios", "email", "delivery_rate"].delta == 0
    # ios-{period}-0..4 receive the fixture's messages; the segment has 21 users.
    assert change["ios", "push", "sends_per_user"].current == pytest.approx(20 / 21)


def test_every_funnel_number_is_reproduced_by_its_evidence_sql(ctx: ToolContext) -> None:
    result = _funnel(ctx)
    assert {s.evidence_id for s in result.steps} == set(result.sql)
    with ctx.warehouse.sandbox() as con:
        for step in result.steps:
            cursor = con.execute(result.sql[step.evidence_id])
            rows = cursor.fetchall()
            assert len(rows) == 1, step.evidence_id
            row = dict(zip([d[0] for d in cursor.description], rows[0], strict=True))
            assert (row["previous_count"], row["current_count"]) == (step.previous_count, step.current_count)
            assert (row["previous_rate"], row["current_rate"]) == (step.previous_rate, step.current_rate)


def test_every_exposure_number_is_reproduced_by_its_evidence_sql(ctx: ToolContext) -> None:
    result = _exposure(ctx)
    assert {c.evidence_id for c in result.changes} == set(result.sql)
    with ctx.warehouse.sandbox() as con:
        for change in result.changes:
            cursor = con.execute(result.sql[change.evidence_id])
            rows = cursor.fetchall()
            assert len(rows) == 1, change.evidence_id
            row = dict(zip([d[0] for d in cursor.description], rows[0], strict=True))
            assert row[f"previous_{change.metric}"] == pytest.approx(change.previous)
            assert row[f"current_{change.metric}"] == pytest.approx(change.current)


def test_a_segment_without_a_cohort_reports_zeros(ctx: ToolContext) -> None:
    result = compare_funnel(ctx, "activation", "device_os", ["ios", "web"])
    assert isinstance(result, FunnelComparison)
    web = [s for s in result.steps if s.segment == "web"]
    assert web and all(s.current_count == 0 and s.current_rate is None for s in web)


@pytest.mark.parametrize(
    ("metric", "dimension", "segments", "accepted"),
    [
        ("trial_convertion", "device_os", ["ios", "android"], "trial_conversion"),
        ("trial_conversion", "device", ["ios", "android"], "device_os"),
        ("trial_conversion", "device_os", ["ios", "windows"], "android"),
        ("trial_conversion", "device_os", ["ios"], "two or more"),
        ("trial_conversion", "device_os", ["ios", "IOS"], "two or more"),
        ("trial_conversion", "device_os", ["ios'; DROP TABLE x; --", "android"], "ios"),
    ],
)
def test_bad_arguments_come_back_as_errors_naming_what_is_accepted(
    ctx: ToolContext, metric: str, dimension: str, segments: list[str], accepted: str
) -> None:
    result = compare_funnel(ctx, metric, dimension, segments)
    assert isinstance(result, ToolError)
    assert accepted in (result.accepted or "")


def test_window_days_out_of_range_is_an_error(ctx: ToolContext) -> None:
    result = message_exposure(ctx, "device_os", ["ios", "android"], window_days=0)
    assert isinstance(result, ToolError) and result.accepted == "1 to 90"
