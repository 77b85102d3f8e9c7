"""The question path: the planner writes one SELECT, the guarded run_sql tool runs it (bounded retries)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from pydantic import ValidationError

from agent.context import Context
from agent.nodes.common import call_tool, metered
from agent.nodes.refusals import out_of_range
from agent.state import AgentState
from agent.types import QuestionPlan, Refusal
from warehouse.errors import DatabaseError, MccError


def plan_question(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Ask the planner for SQL, passing the previous refusal from the guard or the database back."""
    planner = runtime.context.planner()
    rounds = state.get("rounds", 0) + 1
    try:
        with metered(planner) as spent:
            plan = planner.plan_question(state["prompt"], runtime.context.catalog, state.get("feedback", []))
    except MccError as exc:
        return {"error": str(exc), "rounds": rounds, **spent, "steps": ["plan_question"]}
    except ValidationError as exc:  # "in the last 99999 days": the range, not a traceback
        return {"result": out_of_range(exc).model_dump(mode="json"), **spent, "steps": ["plan_question"]}
    if isinstance(plan, Refusal):
        return {"result": plan.model_dump(mode="json"), "rounds": rounds, **spent, "steps": ["plan_question"]}
    return {"plan": plan.model_dump(mode="json"), "rounds": rounds, **spent, "steps": ["plan_question"]}


def run_question(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Run the SQL through run_sql; a refusal becomes feedback for the next round, up to the bound."""
    plan = QuestionPlan.model_validate(state["plan"])
    answer, trace, exc = call_tool(
        "run_sql",
        lambda: runtime.context.backend().run_sql(plan.question, plan.sql),
        lambda a: f"{len(a.rows)} row(s){' (truncated)' if a.truncated else ''}",
    )
    if exc is None and answer is not None:
        return {"result": answer.model_dump(mode="json"), "feedback": [], "tools": [trace], "steps": ["run_question"]}
    if isinstance(exc, DatabaseError):  # the warehouse cannot be read: another query would fail the same way
        return {"error": str(exc), "tools": [trace], "steps": ["run_question"]}
    feedback = [{"path": "sql", "code": type(exc).__name__, "message": exc.message if exc else "", "suggestion": exc.accepted if exc else None}]
    update: dict[str, Any] = {"feedback": feedback, "tools": [trace], "steps": ["run_question"]}
    if state.get("rounds", 0) >= runtime.context.max_rounds:
        update["error"] = f"the query was still refused after {state['rounds']} rounds: {exc}"
    return update
