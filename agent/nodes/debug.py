"""The debug path: plan the comparison, run the diagnostic tools, rank causes, summarise with grounding."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from langgraph.runtime import Runtime
from pydantic import ValidationError

from agent.backend import Backend, ExposureEvidence, FunnelEvidence
from agent.context import Context
from agent.debug_channel import channel_lead, noted_channel
from agent.debug_focus import (
    Direction,
    asked_direction,
    focus_note,
    held_premise_note,
    other_moved_note,
    pick_control,
    pick_focus,
    premise_note,
    stands_in,
)
from agent.debug_level import also_note, asked_level, asks_rates, level_note, rates_note
from agent.debug_nearest_period import MOVED_CAVEAT, nearest_plan
from agent.debug_period_notes import period_note, shorter_period_caveat
from agent.debug_scope_notes import scope_notes, segment_labels, summary_lead
from agent.debug_step import noted_step, step_lead
from agent.diagnose import derived_values, next_checks, rank_causes, summarize
from agent.grounding import ungrounded
from agent.nodes.common import call_tool, metered
from agent.nodes.refusals import out_of_range
from agent.nodes.support import diagnose_support, gather_support
from agent.nodes.survey import survey_funnels, survey_lead
from agent.state import AgentState
from agent.types import DebugPlan, Diagnostic, FunnelStepDelta, Refusal
from warehouse.catalog import Catalog
from warehouse.errors import MccError


@runtime_checkable
class Summarizer(Protocol):
    """A planner that can word the diagnostic's summary (the LLM planner); its numbers are checked."""

    def summarize(self, diagnostic: Diagnostic) -> str: ...


def plan_debug(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Turn the prompt into a metric, a dimension, segments and a window."""
    planner = runtime.context.planner()
    try:
        with metered(planner) as spent:
            plan = planner.plan_debug(state["prompt"], runtime.context.catalog)
    except MccError as exc:
        return {"error": str(exc), **spent, "steps": ["plan_debug"]}
    except ValidationError as exc:  # "in the last 99999 days": the range, not a traceback
        return {"result": out_of_range(exc).model_dump(mode="json"), **spent, "steps": ["plan_debug"]}
    if isinstance(plan, Refusal):
        return {"result": plan.model_dump(mode="json"), "plan": None, **spent, "steps": ["plan_debug"]}
    return {"plan": plan.model_dump(mode="json"), **spent, "steps": ["plan_debug"]}


def gather(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Run the plan's tools; a period the data does not cover is moved to the nearest one it can compare."""
    plan = DebugPlan.model_validate(state["plan"])
    update, refused = _gather(plan, runtime.context.backend(), runtime.context.catalog)
    moved = nearest_plan(plan, refused)
    if moved is None:
        return update
    plan, note = moved
    retried, _ = _gather(plan, runtime.context.backend(), runtime.context.catalog)
    if "evidence" in retried:
        retried["evidence"]["moved_period"] = note
    return {"plan": plan.model_dump(mode="json"), **retried, "tools": [*update["tools"], *retried["tools"]]}


def _gather(plan: DebugPlan, backend: Backend, catalog: Catalog) -> tuple[dict[str, Any], MccError | None]:
    """Run compare_funnel and message_exposure (or the support tools) for the plan; return the state update
    and the refusal that stopped it, if any."""
    if plan.support is not None:
        return gather_support(plan, backend, catalog)
    survey: dict[str, Any] = {}
    if not plan.focus_named and len([d for d in plan.survey if d not in plan.filters]) > 1:
        # "which segment is behind the drop?": every dimension, then the one where the change concentrates
        plan, funnel, survey, traces, f_exc = survey_funnels(plan, backend, catalog)
    else:
        funnel, f_trace, f_exc = call_tool(
            "compare_funnel", lambda: backend.funnel(plan),
            lambda r: f"{len(r.steps)} step rows, window {r.window.label}")
        traces = [f_trace]
    if f_exc is not None or funnel is None:
        return {"error": str(f_exc), "tools": traces, "steps": ["gather"]}, f_exc
    exposure, e_trace, e_exc = call_tool(
        "message_exposure", lambda: backend.exposure(plan), lambda r: f"{len(r.rows)} channel rows"
    )
    if e_exc is not None or exposure is None:
        return {"error": str(e_exc), "tools": [*traces, e_trace], "steps": ["gather"]}, e_exc
    evidence = {"funnel": funnel.model_dump(mode="json"), "exposure": exposure.model_dump(mode="json"),
                **({"survey": survey} if survey else {})}
    return {"evidence": evidence, "plan": plan.model_dump(mode="json"), "tools": [*traces, e_trace],
            "steps": ["gather"]}, None


def diagnose(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Rank causes deterministically and build the Diagnostic with the deterministic summary."""
    plan = DebugPlan.model_validate(state["plan"])
    evidence = state["evidence"] or {}
    if plan.support is not None:
        support = diagnose_support(plan, evidence, runtime.context.catalog)
        return {"result": support.model_dump(mode="json"), "steps": ["diagnose"]}
    funnel = FunnelEvidence.model_validate(evidence["funnel"])
    exposure = ExposureEvidence.model_validate(evidence["exposure"])
    catalog = runtime.context.catalog
    labels = segment_labels(catalog, plan.dimension, plan.segments)
    channel, step = noted_channel(plan.not_applied), noted_step(plan.not_applied)
    said = asked_direction(plan.question)
    # the movement asked is a stand-in's, a channel's or a step's, not the compared metric's
    direction = None if stands_in(plan.not_applied) or channel is not None or step is not None else said
    survey = evidence.get("survey") or {}
    focus = (plan.segments[0] if plan.focus_named
             else survey.get("focus") or pick_focus(funnel.steps, plan.segments, direction))
    # Two segments are the pair asked about; with more, the focus is compared with the steadiest of the rest.
    named = plan.comparison if plan.comparison in plan.segments and plan.comparison != focus else None
    # the values said to move with the focus ("iOS and Android") are no comparison for it
    candidates = [s for s in plan.segments if s not in plan.also or s == focus]
    comparison = named or (plan.segments[1] if len(plan.segments) == 2 and plan.focus_named and not plan.also
                           else pick_control(funnel.steps, focus, candidates))
    chosen = named is None and (not plan.focus_named or len(plan.segments) > 2)
    focus_notes = ([focus_note(plan.metric, plan.dimension, focus, comparison, labels, funnel.steps,
                               named=plan.focus_named)] if chosen else [])
    segments = [focus, *([comparison] if comparison else []), *(s for s in plan.segments if s not in (focus, comparison))]
    causes = rank_causes(funnel.steps, exposure.rows, focus, comparison, labels)
    scoped = summary_lead(funnel.filters)
    if channel is not None:
        # "why did push delivery drop on iOS?": the channel's own measure first, then the metric it feeds
        premise = channel_lead(channel, exposure.rows, segments, labels, said)
    elif step is not None:
        # "why did pricing page views drop on iOS?": that step first; the question's direction is the step's
        premise = step_lead(step, funnel.steps, focus, comparison, labels, said)
    else:
        premise = _premise(plan, funnel.steps, focus, named, comparison, direction, labels)
    # after "Among users with ...: " the sentence runs on in lower case, as the summary's own does
    moved = evidence.get("moved_period")
    lead = ((MOVED_CAVEAT if moved else "") + shorter_period_caveat(funnel.window) + survey_lead(survey, labels)
            + scoped
            + (premise[:1].lower() + premise[1:] if scoped else premise))
    summary = (lead + summarize(plan.metric, funnel.steps, focus, comparison, causes, labels)
               + also_note(plan.metric, funnel.steps, [s for s in plan.also if s != focus], labels))
    diagnostic = Diagnostic(
        question=plan.question,
        metric=plan.metric,
        dimension=plan.dimension,
        segments=segments,
        window=funnel.window,
        funnel=funnel.steps,
        exposure=exposure.rows,
        causes=causes,
        next_checks=next_checks(causes, focus, plan.dimension, funnel.filters),
        summary=summary,
        sql={**funnel.sql, **exposure.sql},
        filters=funnel.filters,
        notes=[*([moved] if moved else []), period_note(funnel.window, plan.period), *funnel.period_notes,
               *([survey["note"]] if survey else []), *focus_notes,
               *scope_notes(plan, funnel.filters, funnel.traits_as_of, funnel.window.current_end)],
    )
    return {"result": diagnostic.model_dump(mode="json"), "steps": ["diagnose"]}


def _premise(
    plan: DebugPlan, funnel: list[FunnelStepDelta], focus: str, named: str | None, comparison: str | None,
    direction: Direction | None, labels: dict[str, str],
) -> str:
    """Return what the data say of the question's premise: a movement against it, a level, a value set apart."""
    premise = premise_note(plan.metric, funnel, focus, direction, labels)
    if named is None:  # a value set apart has its own note (`held_premise_note`)
        premise += other_moved_note(plan.metric, funnel, focus, comparison, direction, labels)
    if direction is None and not stands_in(plan.not_applied):
        # "why is conversion so low in India?": where the two stand now, before what changed
        premise = level_note(plan.metric, funnel, focus, comparison, asked_level(plan.question), labels)
    if named is not None:
        premise = held_premise_note(plan.metric, funnel, named, direction, labels) + premise
    if asks_rates(plan.question):
        # "what's the conversion rate by platform?": the rates asked for first, then what changed
        premise = rates_note(plan.metric, funnel, [focus, *(s for s in plan.segments if s != focus)], labels) + premise
    return premise


def summarize_grounded(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Let a summarising planner word the summary; keep it only if every number it cites is grounded."""
    planner = runtime.context.planner()
    if not isinstance(planner, Summarizer):
        return {"steps": ["summarize"]}
    diagnostic = Diagnostic.model_validate(state["result"])
    try:
        with metered(planner) as spent:  # type: ignore[arg-type]
            text = planner.summarize(diagnostic)
    except MccError as exc:
        failed = f"summary: model failed ({exc}); kept the deterministic one"
        # the planner's own notes (an adaptation to the server) stay beside this one
        return {**spent, "fallbacks": [*spent.get("fallbacks", []), failed], "steps": ["summarize"]}
    evidence = state["evidence"] or {}
    focus = diagnostic.segments[0]
    comparison = diagnostic.segments[1] if len(diagnostic.segments) > 1 else None
    supported = [evidence, derived_values(diagnostic.funnel, diagnostic.exposure, focus, comparison)]
    invented = ungrounded(text, supported)
    if invented:
        note = f"summary: model cited numbers no tool returned ({', '.join(invented)}); kept the deterministic one"
        return {**spent, "fallbacks": [*spent.get("fallbacks", []), note], "steps": ["summarize"]}
    updated = diagnostic.model_copy(update={"summary": text})
    return {"result": updated.model_dump(mode="json"), **spent, "steps": ["summarize"]}
