"""The performance path: "is the upgrade nudge working?" reads the rules' lift over their holdouts.

`agent.performance_match.reads_as_performance` routes the prompt (intake calls it before any planner, as it does for approvals:
the rules that ran are data in the warehouse, not catalog words a planner knows); `measure_performance`
finds the rules it names and calls the read-only rule_performance tool.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.performance_follow_up import AskedPerformance
from agent.performance_match import PerformanceAsk, named_rules, speaks_of_rules
from agent.performance_reading import read_performance
from agent.performance_scope import followed_by, performance_scope
from agent.state import AgentState
from agent.types import Refusal
from tools.performance import PerformanceReport, RanRule


def _period_note(report: PerformanceReport) -> list[str]:
    """Say which dates a period's cohort spans, as the tool resolved them against the data end."""
    if report.decided is None:
        return []
    start, end = report.decided
    return [f"First decisions from {start:%Y-%m-%d %H:%M} up to {end:%Y-%m-%d %H:%M}."]


def _classed_note(report: PerformanceReport) -> list[str]:
    """Say that modeled traits class people as they were when decided (a message can change them since)."""
    if not report.at_decision:
        return []
    return [f"People are classed by {', '.join(report.at_decision)} as of the run that first decided them, "
            "not as they are now: a message can change it."]


def _refusal(reason: str, ran: list[RanRule]) -> dict[str, Any]:
    known = list(dict.fromkeys([r.rule_id for r in ran] + [r.policy_id for r in ran if r.policy_id]))
    return Refusal(reason=reason, suggestions=known).model_dump(mode="json")


def measure_performance(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Measure the rules the prompt names (every rule that ran when it names none but speaks of rules); a chat
    follow-up ("and on iOS?") measures the thread's last question with what it changes."""
    backend = runtime.context.backend()
    prompt = state["prompt"]
    earlier = AskedPerformance.model_validate(state["following"]) if state.get("following") else None
    ran, trace, exc = call_tool("list_ran_rules", backend.ran_rules, lambda r: f"{len(r)} rule(s) ran")
    if exc is not None or ran is None:
        return {"error": str(exc), "tools": [trace], "steps": ["measure_performance"]}
    if not ran:
        reason = "no rule has run yet, so there is nothing to measure: approve a rule and `mcc run` first"
        return {"result": _refusal(reason, ran), "tools": [trace], "steps": ["measure_performance"]}
    ask = named_rules(prompt, ran)
    if earlier is not None and not ask.rule_ids and not speaks_of_rules(prompt):
        ask = PerformanceAsk(rule_ids=earlier.rule_ids, named=[])  # "and on iOS?": the rules asked about last
    elif not ask.rule_ids and not speaks_of_rules(prompt):
        reason = "the question names no rule that has run; name one of the rules below, or ask about all of them"
        return {"result": _refusal(reason, ran), "tools": [trace], "steps": ["measure_performance"]}
    scope = performance_scope(prompt, ask.named, runtime.context.catalog)
    if earlier is not None:
        scope = followed_by(earlier.scope(), scope)
    report, measured, error = call_tool(
        "rule_performance", lambda: backend.performance(ask.rule_ids or None, scope.filters, scope.by, scope.period),
        lambda r: f"{len(r.rules)} rule(s) measured",
    )
    if error is not None or report is None:
        return {"error": str(error), "tools": [trace, measured], "steps": ["measure_performance"]}
    notes = scope.notes + _period_note(report) + _classed_note(report) + [n[:1].upper() + n[1:] + "." for n in report.coverage]
    if earlier is not None:
        notes.insert(0, f"Following up on {earlier.said()}.")
    answer = read_performance(report, prompt).model_copy(update={"filters": report.filters, "by": report.by, "notes": notes})
    started = AskedPerformance(question=prompt) if earlier is None else earlier.model_copy(
        update={"follow_ups": [*earlier.follow_ups, prompt]})
    asked = started.model_copy(update={"rule_ids": ask.rule_ids, "filters": scope.filters, "by": scope.by,
                                       "period": scope.period})
    return {"result": answer.model_dump(mode="json"), "tools": [trace, measured], "steps": ["measure_performance"],
            "last_performance": asked.model_dump(mode="json")}

