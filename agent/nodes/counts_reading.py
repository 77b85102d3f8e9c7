"""Answer what rules sent, what the latest run decided (held out, capped, ...), and what a changed copy of a running rule would reach
(read-only: nothing is drafted, proposed or run)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool, metered
from agent.revision_cues import Reviser
from agent.rule_overlap import overlap_answer
from agent.run_outcomes import OutcomeAsk, outcome_answer
from agent.send_counts import SendsAsk, data_end_sql, sends_answer, sends_sql, sends_window
from agent.state import AgentState
from agent.types import Refusal
from agent.what_if import WhatIf, renumbered, what_if_answer
from orchestrator.registry.diff import spec_changes
from orchestrator.spec import Policy, parse_spec


def _said(summary: str, _result: object) -> str:
    return summary


def _refused(node: str, reason: str, suggestions: list[str], traces: list[dict[str, Any]]) -> dict[str, Any]:
    return {"result": Refusal(reason=reason, suggestions=suggestions).model_dump(mode="json"), "tools": traces,
            "steps": [node]}


def answer_sends(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Count each rule's messages over the period asked (state["about_sends"]), most first."""
    ask = SendsAsk.model_validate(state["about_sends"])
    backend, traces = runtime.context.backend(), []
    end: datetime | None = None
    if ask.period is not None:
        found, trace, exc = call_tool("run_sql", lambda: backend.run_sql("the data end", data_end_sql()),
                                      lambda a: "the data end")
        traces.append(trace)
        if exc is not None or found is None or not found.rows or found.rows[0][0] is None:
            return _refused("answer_sends", f"The data end could not be read: {exc.message if exc else 'no events'}.",
                            ["mcc warehouse status"], traces)
        value = found.rows[0][0]
        end = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    window = sends_window(ask, end)
    sql, said = sends_sql(ask, window)
    counts, trace, exc = call_tool("run_sql", lambda: backend.run_sql("messages per rule", sql),
                                   lambda a: f"{len(a.rows)} rule(s) sent messages")
    traces.append(trace)
    pending, waits, failed = call_tool("outbox_pending", lambda: backend.pending_by_rule(ask.channel, *(window or (None, None))),
                                       lambda p: f"{sum(p.values())} message(s) waiting")
    traces.append(waits)
    if exc is not None or counts is None or failed is not None or pending is None:
        stopped = exc or failed
        return _refused("answer_sends", f"The messages could not be counted: {stopped.message if stopped else 'no answer'}.",
                        ["mcc runs", "mcc sql \"SELECT rule_id, count(*) FROM fct_messages GROUP BY 1\""], traces)
    running, listed, _ = call_tool("list_active_rules", backend.active_specs, lambda ss: f"{len(ss)} running spec(s)")
    traces.append(listed)
    ids = [i for spec in running or [] for i in [spec.id, *(r.id for r in getattr(spec, "rules", []))]]
    return {"result": sends_answer(ask, counts, said, pending, ids).model_dump(mode="json"), "tools": traces,
            "steps": ["answer_sends"]}


def answer_run_outcomes(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Say how many the latest run held out, capped, suppressed, ... of the rules asked, or put in the control group."""
    asked = state["about_outcomes"] or {}
    ask = OutcomeAsk.model_validate(asked.get("ask") or {})
    rule_ids: list[str] | None = asked.get("rule_ids")
    ran, trace, exc = call_tool("run_outcomes", lambda: runtime.context.backend().run_outcomes(),
                                lambda r: f"latest run {r.run_id}" if r is not None else "no run")
    if exc is not None or ran is None:
        reason = exc.message if exc is not None else "nothing has run yet (`mcc run` applies the approved rules)"
        return _refused("answer_run_outcomes", f"The latest run's decisions could not be read: {reason}.", ["mcc runs"],
                        [trace])
    if rule_ids is not None and not any(r.rule_id in rule_ids for r in ran.rules):
        return _refused("answer_run_outcomes", f"The latest run ({ran.run_id}) decided nothing for {', '.join(rule_ids)}: "
                        f"it ran {', '.join(r.rule_id for r in ran.rules) or 'no rule'}.", ["mcc runs"], [trace])
    answer = outcome_answer(ran, ask, rule_ids)
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_run_outcomes"]}


def answer_what_if(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Preview a copy of the running rule with the change asked, beside the rule as it runs; propose nothing."""
    asked = state["about_what_if"] or {}
    ask = WhatIf.model_validate(asked["ask"])
    spec, rule_id = parse_spec(asked["spec"], source="registry"), str(asked["rule_id"])
    planner, catalog = runtime.context.planner(), runtime.context.catalog
    # the change is aimed at the rule named, not a whole policy
    change = ask.change if isinstance(spec, Policy) is False or rule_id == spec.id else f"for {rule_id}: {ask.change}"
    if not isinstance(planner, Reviser):
        return _refused("answer_what_if", "This planner cannot change a rule it is shown.",
                        [f"create a rule like {spec.id} but ...", f"mcc preview {spec.id}"], [])
    with metered(planner) as spent:
        changed = planner.revise(change, spec, catalog, [])
    if isinstance(changed, Refusal):
        return {"result": changed.model_dump(mode="json"), **spent, "steps": ["answer_what_if"]}
    if ask.value is not None:
        # "lowered the workouts threshold to 2": the condition the words name, with that number
        again = renumbered(spec, changed, rule_id, ask.value)
        if again is None:
            return {**_refused("answer_what_if", f"'{ask.change.removeprefix('drop the ')}' names no single condition "
                               f"of {rule_id} with a number to change to {ask.value}.", [f"mcc rules show {spec.id}"], []),
                    **spent}
        changed = again
    changed = parse_spec(changed.model_dump(mode="json"), source="draft")
    changes = spec_changes(spec, changed)
    if not changes:
        return {**_refused("answer_what_if", f"'{ask.change}' changes nothing in {spec.id} as it runs; say the "
                           f"condition by its words (`mcc rules show {spec.id}` lists them).",
                           [f"mcc rules show {spec.id}"], []), **spent}
    backend, traces, previews = runtime.context.backend(), [], []
    for which, version in (("as it runs", spec), ("with the change", changed)):
        said = f"audience preview of {spec.id} {which}"
        preview, trace, exc = call_tool("preview_audience", partial(backend.preview, version), partial(_said, said))
        traces.append(trace)
        if exc is not None or preview is None:
            return {**_refused("answer_what_if", f"{spec.id} could not be previewed {which}: "
                               f"{exc.message if exc else 'no answer'}.", [f"mcc preview {spec.id}"], traces), **spent}
        previews.append(preview)
    answer = what_if_answer(spec.id, rule_id, changes, previews[0], previews[1], ask.kept)
    # the copy is kept with the question: "draft it" or "propose it" next makes it the thread's draft
    return {"result": answer.model_dump(mode="json"), "tools": traces, **spent, "steps": ["answer_what_if"],
            "about_what_if": {**asked, "changed": changed.model_dump(mode="json")}}


def answer_overlap(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Preview the first rule's spec and say the people it shares with the others named."""
    asked = state["about_overlap"] or {}
    spec, rule_id, others = parse_spec(asked["spec"], source="registry"), str(asked["rule_id"]), list(asked["others"])
    said = f"audience preview of {spec.id}"
    preview, trace, exc = call_tool("preview_audience", partial(runtime.context.backend().preview, spec),
                                    partial(_said, said))
    if exc is not None or preview is None:
        return _refused("answer_overlap", f"The audience of {spec.id} could not be previewed: "
                        f"{exc.message if exc else 'no answer'}.", [f"mcc preview {spec.id}"], [trace])
    return {"result": overlap_answer(rule_id, others, preview).model_dump(mode="json"), "tools": [trace],
            "steps": ["answer_overlap"]}
