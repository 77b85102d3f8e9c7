"""`ask`: one prompt through the graph, returning an `AskResult` (what `mcc ask --json` prints).

The compiled graph is built once per process; the planner and backend are built per call from the
`Context`. A proposal needs a confirmation: `confirm(payload) -> bool` is asked at the interrupt, and with
no callback `propose=True` is itself the confirmation (the CLI's `--propose`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from agent.context import DEFAULT_RECURSION_LIMIT, Context
from agent.types import AskResult, Diagnostic, Performance, Planner, QuestionAnswer, Refusal, Trace, Usage
from orchestrator.spec import parse_spec

RESULT_TYPES: dict[str, Any] = {
    "diagnostic": Diagnostic, "answer": QuestionAnswer, "performance": Performance, "refusal": Refusal,
}


@cache
def compiled_graph() -> Any:
    """Return the process's compiled graph with an in-memory checkpointer (interrupts need one)."""
    from langgraph.checkpoint.memory import InMemorySaver

    from agent.graph import build_graph

    return build_graph(checkpointer=InMemorySaver())


def parse_result(data: dict[str, Any] | None) -> Any:
    """Turn a result dict from the state back into its typed model."""
    if data is None:
        return None
    kind = data.get("kind")
    if kind in ("rule", "policy"):
        return parse_spec(data, source="result")
    return RESULT_TYPES[str(kind)].model_validate(data)


def to_ask_result(prompt: str, planner: str, out: dict[str, Any]) -> AskResult:
    """Build the AskResult from a finished run's output."""
    usage = out.get("usage") or {}
    return AskResult(
        prompt=prompt,
        intent=out.get("intent") or "out_of_scope",
        planner=planner,
        result=parse_result(out.get("result")),
        validation=out.get("validation") or {"errors": [], "warnings": []},
        preview=out.get("preview"),
        proposal_id=out.get("proposal_id"),
        trace=Trace(
            tools=out.get("tools") or [],
            usage=Usage(**{k: usage.get(k, 0) for k in ("model_calls", "input_tokens", "output_tokens")}),
            rounds=out.get("rounds") or 0,
            steps=out.get("steps") or [],
            fallbacks=out.get("fallbacks") or [],
        ),
        error=out.get("error"),
    )


def recursion_message(limit: int, proposal_id: str | None) -> str:
    """Say that the run hit its step limit, and whether anything was proposed before it did."""
    filed = f"{proposal_id} was proposed before it stopped" if proposal_id else "nothing was proposed"
    return (
        f"the agent stopped after {limit} graph steps without finishing (recursion limit); {filed}. "
        "Rephrase the prompt more narrowly, or raise the limit."
    )


def ask(
    prompt: str,
    *,
    db: str | Path,
    model: str = "offline",
    propose: bool = False,
    actor: str | None = None,
    confirm: Callable[[dict[str, Any]], bool] | None = None,
    as_of: str | None = None,
    planner: Planner | None = None,
    backend: Any = None,
    recursion_limit: int = DEFAULT_RECURSION_LIMIT,
) -> AskResult:
    """Answer one prompt: draft (and, when confirmed, propose), diagnose, or query."""
    from langgraph.errors import GraphRecursionError
    from langgraph.types import Command

    context = Context(db=str(db), model=model, as_of=as_of, recursion_limit=recursion_limit,
                      planner_override=planner, backend_override=backend)
    if actor:
        context.actor = actor
    graph = compiled_graph()
    config: dict[str, Any] = {"configurable": {"thread_id": f"ask-{uuid.uuid4().hex}"}, "recursion_limit": recursion_limit}
    try:
        planner_name = context.planner().name
        out = graph.invoke({"prompt": prompt, "propose": propose}, config, context=context)
        while out.get("__interrupt__"):
            payload = out["__interrupt__"][0].value
            answer = confirm(payload) if confirm is not None else True
            out = graph.invoke(Command(resume=answer), config, context=context)
    except GraphRecursionError:
        state = graph.get_state(config).values
        result = to_ask_result(prompt, planner_name, dict(state))
        return result.model_copy(update={"error": recursion_message(recursion_limit, result.proposal_id)})
    finally:
        context.close()
        graph.checkpointer.delete_thread(config["configurable"]["thread_id"])
    return to_ask_result(prompt, planner_name, out)
