"""The debug path's survey: compare the change across every dimension, keep the one where it concentrates."""

from __future__ import annotations

from functools import partial
from typing import Any

from agent.backend import Backend, FunnelEvidence
from agent.debug_focus import asked_direction
from agent.debug_survey import concentrated, dimension_concentrations, ranked, survey_note
from agent.nodes.common import call_tool
from agent.types import DebugPlan
from tools.scope import accepted_values
from warehouse.catalog import Catalog
from warehouse.errors import MccError

# As many values of a dimension as a debug plan compares (DebugPlan.segments' bound).
_MAX_SEGMENTS = 8


def survey_funnels(
    plan: DebugPlan, backend: Backend, catalog: Catalog
) -> tuple[DebugPlan, FunnelEvidence | None, dict[str, Any], list[dict[str, Any]], MccError | None]:
    """Run compare_funnel on each surveyed dimension; return the plan on the dimension the diagnosis explains,
    its funnel, the survey's evidence (`focus`, `note`), the traces and the refusal that stopped it, if any."""
    traces: list[dict[str, Any]] = []
    surveyed: dict[str, tuple[DebugPlan, FunnelEvidence]] = {}
    found = []
    for dimension in [d for d in plan.survey if d not in plan.filters]:
        values = accepted_values(catalog, dimension) or []
        candidate = plan if dimension == plan.dimension else plan.model_copy(
            update={"dimension": dimension, "segments": values[:_MAX_SEGMENTS], "comparison": None, "also": []})
        funnel, trace, exc = call_tool("compare_funnel", partial(backend.funnel, candidate),
                                       lambda r: f"{len(r.steps)} step rows, window {r.window.label}")
        traces.append(trace)
        if exc is not None or funnel is None:
            return plan, None, {}, traces, exc
        surveyed[dimension] = (candidate, funnel)
        found += dimension_concentrations(dimension, funnel.steps)
    direction = asked_direction(plan.question)
    order = ranked(found, direction)
    picked = concentrated(order, direction)
    kept = picked.dimension if picked is not None else plan.dimension
    chosen, funnel = surveyed.get(kept) or next(iter(surveyed.values()))
    evidence = {"focus": picked.segment if picked is not None else None,
                "note": survey_note(plan.metric, list(surveyed), order, picked, direction,
                                    " and ".join(f"{k}={'/'.join(v)}" for k, v in plan.filters.items()))}
    return chosen, funnel, evidence, traces, None


def survey_lead(survey: dict[str, Any], labels: dict[str, str]) -> str:
    """Return the summary's opening on where the surveyed change concentrates ('' when nothing was surveyed)."""
    if not survey:
        return ""
    if survey.get("focus") is None:
        return "No one segment stands out: the change is spread across the segments compared (the notes rank them). "
    return f"Of every segment compared, the change concentrates in {labels.get(survey['focus'], survey['focus'])}. "
