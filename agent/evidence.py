"""Turn the diagnostic tools' results into the Diagnostic's evidence types."""

from __future__ import annotations

from typing import Any

from agent.backend import ExposureEvidence, FunnelEvidence, SupportEvidence
from agent.types import DebugPlan, ExposureDelta, FunnelStepDelta, SupportDelta, Window


def window_of(periods: Any, label: str) -> Window:
    """Return the Diagnostic's window from the tools' periods (ISO timestamps, start exclusive)."""
    return Window(
        current_start=periods.current_start.isoformat(sep=" "),
        current_end=periods.current_end.isoformat(sep=" "),
        previous_start=periods.previous_start.isoformat(sep=" "),
        previous_end=periods.previous_end.isoformat(sep=" "),
        label=label,
    )


def funnel_evidence(result: Any, plan: DebugPlan) -> FunnelEvidence:
    """Convert compare_funnel's FunnelComparison."""
    steps = [
        FunnelStepDelta.model_validate(s.model_dump(include=set(FunnelStepDelta.model_fields))) for s in result.steps
    ]
    as_of = result.traits_as_of.isoformat(sep=" ") if result.traits_as_of is not None else None
    return FunnelEvidence(window=window_of(result.periods, plan.window_label), steps=steps, sql=dict(result.sql),
                          filters=dict(result.filters), traits_as_of=as_of, period_notes=list(result.periods.notes))


def exposure_evidence(result: Any) -> ExposureEvidence:
    """Convert message_exposure's ExposureComparison."""
    rows = [ExposureDelta.model_validate(c.model_dump()) for c in result.changes]
    return ExposureEvidence(rows=rows, sql=dict(result.sql))


def support_evidence(result: Any, plan: DebugPlan) -> SupportEvidence:
    """Convert compare_support's SupportComparison."""
    as_of = result.traits_as_of.isoformat(sep=" ") if result.traits_as_of is not None else None
    return SupportEvidence(window=window_of(result.periods, plan.window_label),
                           rows=[SupportDelta.model_validate(r.model_dump()) for r in result.rows],
                           segments=list(result.segments), rest=list(result.rest), reasons=list(result.reasons),
                           sql=dict(result.sql), filters=dict(result.filters), traits_as_of=as_of,
                           period_notes=list(result.periods.notes))
