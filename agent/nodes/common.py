"""What every node shares: model-usage deltas and timed tool calls for the trace."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar, runtime_checkable

from agent.types import Planner, ToolCall
from warehouse.errors import MccError

T = TypeVar("T")


@runtime_checkable
class ReportsToolCalls(Protocol):
    """A planner that calls tools itself (the LLM planner's exploration) and reports them for the trace."""

    def take_tool_calls(self) -> list[ToolCall]: ...


@runtime_checkable
class ReportsNotes(Protocol):
    """A planner that adapts its model calls to the server (the LLM planner) and says how, for the trace."""

    def take_notes(self) -> list[str]: ...


@contextmanager
def metered(planner: Planner) -> Iterator[dict[str, Any]]:
    """Yield a dict that, after the block, holds the planner's model usage and own tool calls in it.

    The dict is a partial state update: `{"usage": {...}, "tools": [...]}`, and `"fallbacks"` when the planner
    adapted its model calls to the server (a parameter dropped, tools written as JSON text).
    """
    before = planner.usage.model_copy()
    delta: dict[str, Any] = {}
    try:
        yield delta
    finally:
        after = planner.usage
        delta["usage"] = {
            "model_calls": after.model_calls - before.model_calls,
            "input_tokens": after.input_tokens - before.input_tokens,
            "output_tokens": after.output_tokens - before.output_tokens,
        }
        calls = planner.take_tool_calls() if isinstance(planner, ReportsToolCalls) else []
        delta["tools"] = [c.model_dump() for c in calls]
        notes = planner.take_notes() if isinstance(planner, ReportsNotes) else []
        if notes:
            delta["fallbacks"] = notes


def call_tool(
    name: str, call: Callable[[], T], summarize: Callable[[Any], str]
) -> tuple[T | None, dict[str, Any], MccError | None]:
    """Run one tool call; return its result (or the project error it raised) and its trace entry."""
    start = time.perf_counter()
    try:
        result = call()
    except MccError as exc:  # a refusal the planner or the user can act on; bugs still raise
        ms = (time.perf_counter() - start) * 1000
        return None, ToolCall(tool=name, ok=False, ms=round(ms, 2), summary=str(exc)[:300]).model_dump(), exc
    ms = (time.perf_counter() - start) * 1000
    return result, ToolCall(tool=name, ok=True, ms=round(ms, 2), summary=summarize(result)).model_dump(), None
