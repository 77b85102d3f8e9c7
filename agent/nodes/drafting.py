"""The drafting path: draft, validate (bounded rounds), preview, confirm, then propose.

The confirmation pauses the run with `interrupt()`; the proposal happens in the node after it, because a
node re-runs from its start when resumed. No node approves or applies: approval is a person's act.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from pydantic import ValidationError

from agent.context import Context
from agent.nodes.common import call_tool, metered
from agent.nodes.draft_talk import history_after_preview
from agent.nodes.refusals import nothing_to_change, out_of_range
from agent.revision_cues import Reviser, reads_as_revision
from agent.state import AgentState
from agent.types import Refusal
from orchestrator.registry.diff import spec_changes
from orchestrator.spec import parse_spec
from warehouse.errors import MccError

YES = {"y", "yes", "propose", "confirm", "ok"}


def draft(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Ask the planner for a spec, passing the previous round's validation errors back."""
    planner = runtime.context.planner()
    rounds = state.get("rounds", 0) + 1
    catalog, feedback = runtime.context.catalog, state.get("feedback", [])
    revising = state.get("revising")
    try:
        with metered(planner) as spent:
            if revising is not None and isinstance(planner, Reviser):
                # "make it email only": the thread's last draft, changed (a planner that cannot revise drafts afresh)
                spec = planner.revise(state["prompt"], parse_spec(revising, source="draft"), catalog, feedback)
            else:
                spec = planner.draft(state["prompt"], state["intent"], catalog, feedback)
        if not isinstance(spec, Refusal):
            # the planner's answer schema is not every rule of a spec: a `not` nested 100 deep parses there and
            # would overflow the SQL generator at validation
            spec = parse_spec(spec.model_dump(mode="json"), source="draft")
    except MccError as exc:
        return {"error": str(exc), "rounds": rounds, **spent, "steps": ["draft"]}
    except ValidationError as exc:
        # a value the words asked for that no spec can hold ("in the last 5000 days"): said, not a traceback
        spec = out_of_range(exc)
    if isinstance(spec, Refusal):
        if revising is None and state.get("last_draft") is None and reads_as_revision(state["prompt"]):
            spec = nothing_to_change(state["prompt"])  # "make it email only" with no draft: not an audience phrase
        return {"result": spec.model_dump(mode="json"), "draft": None, "rounds": rounds, **spent, "steps": ["draft"]}
    # a change to the thread's draft says what it changed, in the registry diff's words
    changes = spec_changes(parse_spec(revising, source="draft"), spec) if revising is not None else []
    return {"draft": spec.model_dump(mode="json"), "changes": changes, "rounds": rounds, **spent, "steps": ["draft"]}


def validate(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Check the draft against the catalog and the warehouse; errors become the next round's feedback."""
    spec = parse_spec(state["draft"], source="draft")
    report, trace, exc = call_tool(
        "validate_rule",
        lambda: runtime.context.backend().validate(spec),
        lambda r: f"{len(r['errors'])} error(s), {len(r['warnings'])} warning(s)",
    )
    if exc is not None or report is None:
        return {"error": str(exc), "tools": [trace], "steps": ["validate"]}
    update: dict[str, Any] = {"validation": report, "feedback": report["errors"], "tools": [trace], "steps": ["validate"]}
    if report["errors"] and state.get("rounds", 0) >= runtime.context.max_rounds:
        first = report["errors"][0]
        update["error"] = (
            f"the draft still had {len(report['errors'])} validation error(s) after {state['rounds']} rounds; "
            f"first: {first.get('path')}: {first.get('message')}"
        )
    return update


def preview(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Preview the validated draft's audience (deterministic SQL on the warehouse)."""
    spec = parse_spec(state["draft"], source="draft")
    result, trace, exc = call_tool(
        "preview_audience",
        lambda: runtime.context.backend().preview(spec),
        lambda p: f"audience preview of {spec.id}",
    )
    if exc is not None:
        return {"error": str(exc), "tools": [trace], "steps": ["preview"]}
    return {"preview": result, "history": history_after_preview(state), "tools": [trace], "steps": ["preview"]}


def accepted(answer: Any) -> bool:
    """Read a resume value as a yes or a no; anything unclear is a no."""
    if isinstance(answer, dict):
        answer = answer.get("confirm")
    if isinstance(answer, bool):
        return answer
    return isinstance(answer, str) and answer.strip().lower() in YES


def confirm(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Pause with the draft and its preview until the person says whether to propose it."""
    answer = interrupt(
        {
            "question": "Propose this draft for review? (yes/no)",
            "draft": state["draft"],
            "preview": state.get("preview"),
            "validation": state.get("validation"),
            "changes": state.get("changes") or [],
            # a change that changed nothing says so
            "revised": state.get("revising") is not None or bool(state.get("undoing")),
        }
    )
    return {"confirmed": accepted(answer), "steps": ["confirm"]}


def propose(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """File the confirmed draft as a proposal in the person's name; a reviewer approves it later."""
    spec = parse_spec(state["draft"], source="draft")
    actor = runtime.context.actor
    proposal_id, trace, exc = call_tool(
        "propose_rule",
        lambda: runtime.context.backend().propose(spec, actor, "drafted by the command-center agent"),
        lambda pid: f"proposed {pid} as {actor}; awaiting a reviewer's approval",
    )
    if exc is not None:
        return {"error": str(exc), "tools": [trace], "steps": ["propose"]}
    return {"proposal_id": proposal_id, "tools": [trace], "steps": ["propose"]}
