"""Answer "who is in the upgrade nudge's audience?" with the preview of the approved version that runs (read-only)."""

from __future__ import annotations

from functools import partial
from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.rule_audience import audience_answer, every_audience_answer
from agent.state import AgentState
from agent.types import Refusal
from orchestrator.spec import parse_spec


def _said(summary: str, _result: object) -> str:
    return summary


def answer_every_audience(runtime: Runtime[Context]) -> dict[str, Any]:
    """Preview every running spec and answer with all their rules' audiences, largest first."""
    backend = runtime.context.backend()
    specs, trace, exc = call_tool("list_active_rules", backend.active_specs, lambda ss: f"{len(ss)} running spec(s)")
    traces, previews = [trace], []
    for spec in specs or []:
        said = f"audience preview of {spec.id}"
        preview, step, exc = call_tool("preview_audience", partial(backend.preview, spec), partial(_said, said))
        traces.append(step)
        if preview is not None:
            previews.append(preview)
    if exc is not None or not specs:
        reason = exc.message if exc is not None else "nothing runs: no rule or policy is approved"
        refusal = Refusal(reason=f"The running rules' audiences could not be read: {reason}.",
                          suggestions=["mcc rules list", "mcc preview RULE_ID"])
        return {"result": refusal.model_dump(mode="json"), "tools": traces, "steps": ["answer_rule_audience"]}
    return {"result": every_audience_answer(previews).model_dump(mode="json"), "tools": traces,
            "steps": ["answer_rule_audience"]}


def answer_rule_audience(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Preview the running spec the intake found (state["about_audience"]) and answer with its rules' audiences;
    with `every`, the audiences of every running rule."""
    asked = state["about_audience"] or {}
    if asked.get("every"):
        return answer_every_audience(runtime)
    spec = parse_spec(asked["spec"], source="registry")
    preview, trace, exc = call_tool("preview_audience", lambda: runtime.context.backend().preview(spec),
                                    lambda p: f"audience preview of {spec.id}")
    if exc is not None or preview is None:
        refusal = Refusal(reason=f"The audience of {spec.id} could not be previewed: {exc.message if exc else 'no answer'}.",
                          suggestions=[f"mcc preview {spec.id}"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_audience"]}
    answer = audience_answer(spec, str(asked["rule_id"]), preview)
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_audience"]}
