"""The debug path for support questions: survey the segments when none is named, compare the focus with the rest.

`gather_support` runs compare_support (twice when the prompt names no segment: a survey of every value,
then the chosen focus against the rest); `diagnose_support` ranks the hypotheses and builds the Diagnostic.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from agent.backend import Backend, SupportEvidence
from agent.debug_focus import asked_direction
from agent.debug_nearest_period import MOVED_CAVEAT
from agent.debug_period_notes import period_note, shorter_period_caveat
from agent.debug_scope_notes import scope_notes, segment_labels, summary_lead
from agent.nodes.common import call_tool
from agent.support_causes import rank_support_causes
from agent.support_diagnosis import (
    MEASURE_WORDS,
    premise_note,
    support_labels,
    support_next_checks,
    support_summary,
)
from agent.support_focus import WORSE, FocusChoice, pick_support_focus, support_focus_note
from agent.types import SUPPORT_METRIC, DebugPlan, Diagnostic, SupportAsk, SupportDelta
from tools.scope import accepted_values
from tools.support_query import ALL_REASONS, REST
from warehouse.catalog import Catalog
from warehouse.errors import AgentError, MccError


def _run(
    backend: Backend, plan: DebugPlan, segments: list[str]
) -> tuple[SupportEvidence | None, dict[str, Any], MccError | None]:
    return call_tool("compare_support", lambda: backend.support(plan, segments),
                     lambda r: f"{len(r.rows)} segment-reason rows, window {r.window.label}")


_BASIS_RANK = {"moved": 2, "stands out": 1, "moved most": 0}


def _survey(
    backend: Backend, plan: DebugPlan, traces: list[dict[str, Any]], catalog: Catalog
) -> tuple[DebugPlan, SupportEvidence, FocusChoice]:
    """Survey every value of each candidate dimension; return the plan on the dimension whose segment moved most,
    that survey, and its focus. Raises the tool's error."""
    ask = plan.support or SupportAsk()
    best: tuple[DebugPlan, SupportEvidence, FocusChoice] | None = None
    for dimension in ask.dimensions or [plan.dimension]:
        candidate = plan if dimension == plan.dimension else plan.model_copy(
            update={"dimension": dimension, "segments": accepted_values(catalog, dimension) or []})
        survey, trace, exc = _run(backend, candidate, candidate.segments)
        traces.append(trace)
        if exc is not None or survey is None:
            raise exc or AgentError("compare_support returned nothing", where="compare_support")
        choice = pick_support_focus(survey.rows, survey.segments, ask, asked_direction(plan.question))
        if best is None or (_BASIS_RANK[choice.basis], choice.z) > (_BASIS_RANK[best[2].basis], best[2].z):
            best = (candidate, survey, choice)
    assert best is not None
    return best


def gather_support(plan: DebugPlan, backend: Backend, catalog: Catalog) -> tuple[dict[str, Any], MccError | None]:
    """Run compare_support: the named segment(s), or a survey of every value and then its focus against the rest;
    return the state update and the refusal that stopped it, if any."""
    traces: list[dict[str, Any]] = []
    survey: SupportEvidence | None = None
    choice: dict[str, Any] | None = None
    compared = plan.segments[:1] + ([plan.comparison] if plan.comparison and plan.comparison != plan.segments[0]
                                    else plan.segments[1:2])
    if not plan.focus_named:
        try:
            plan, survey, picked = _survey(backend, plan, traces, catalog)
        except MccError as refused:
            return {"error": str(refused), "tools": traces, "steps": ["gather"]}, refused
        compared = [picked.segment]
        choice = {"dimension": plan.dimension, **asdict(picked)}
    focused, trace, exc = _run(backend, plan, compared)
    traces.append(trace)
    if exc is not None or focused is None:
        return {"error": str(exc), "tools": traces, "steps": ["gather"]}, exc
    evidence = {"support": focused.model_dump(mode="json"),
                "survey": survey.model_dump(mode="json") if survey else None, "choice": choice}
    return {"evidence": evidence, "tools": traces, "steps": ["gather"]}, None


def _survey_rows(survey: SupportEvidence | None, focus: str, reasons: list[str]) -> list[SupportDelta]:
    """Return the survey's rows of the other segments, for the reasons the diagnosis reads."""
    if survey is None:
        return []
    return [r for r in survey.rows if r.segment != focus and r.reason in {ALL_REASONS, *reasons}]


def diagnose_support(plan: DebugPlan, evidence: dict[str, Any], catalog: Catalog) -> Diagnostic:
    """Rank the hypotheses and build the support Diagnostic from the gathered evidence."""
    ask = plan.support or SupportAsk()
    choice = evidence.get("choice")
    if choice:  # the survey may have kept another dimension than the plan's first
        plan = plan.model_copy(update={"dimension": choice["dimension"]})
    focused = SupportEvidence.model_validate(evidence["support"])
    survey = SupportEvidence.model_validate(evidence["survey"]) if evidence.get("survey") else None
    focus = focused.segments[0]
    other = focused.segments[1] if len(focused.segments) > 1 else REST
    base = segment_labels(catalog, plan.dimension, [s for s in focused.segments if s != REST])
    labels = support_labels(base, plan.dimension, focused.rest)
    direction = asked_direction(plan.question)
    # "CSAT dropped" is worse support; "tickets dropped" is better: the causes look for the way tickets moved
    sign = -1.0 if (direction == "down") == (WORSE[ask.measure] > 0) and direction is not None else 1.0
    causes = rank_support_causes(focused.rows, focus, other, ask, sign, labels)
    overall = next((r for r in focused.rows if r.segment == focus and r.reason == (ask.reasons or [ALL_REASONS])[0]), None)
    premise = premise_note(overall, ask.measure, direction, labels.get(focus, focus)) if overall else ""
    scoped = summary_lead(focused.filters)
    moved = evidence.get("moved_period")
    lead = ((MOVED_CAVEAT if moved else "") + shorter_period_caveat(focused.window) + scoped
            + (premise[:1].lower() + premise[1:] if scoped else premise))
    notes = [*([moved] if moved else []), period_note(focused.window, plan.period), *focused.period_notes]
    if choice:
        picked = FocusChoice(choice["segment"], choice["reason"], choice["basis"], choice["z"])
        notes.append(support_focus_note(plan.dimension, picked, MEASURE_WORDS[ask.measure]))
    notes.append("Tickets count in the period they were created, per 1,000 users active in it (any event); hours to "
                 "resolve and CSAT are of the tickets resolved in the period.")
    notes += scope_notes(plan, focused.filters, focused.traits_as_of, focused.window.current_end)
    sql = {**(survey.sql if survey else {}), **focused.sql}
    return Diagnostic(
        question=plan.question, metric=SUPPORT_METRIC, dimension=plan.dimension, segments=[focus, other],
        window=focused.window, funnel=[], exposure=[], causes=causes,
        next_checks=support_next_checks(causes, focus, plan.dimension, focused.filters),
        summary=lead + support_summary(focused.rows, focus, other, ask, causes, labels), sql=sql,
        filters=focused.filters, notes=notes,
        support=[*focused.rows, *_survey_rows(survey, focus, ask.reasons)],
    )
