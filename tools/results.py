"""The error result every tool returns instead of raising, so the model can read it and retry."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal, ParamSpec, TypeVar

from pydantic import BaseModel

from warehouse.errors import MccError

P = ParamSpec("P")
R = TypeVar("R")


class ToolError(BaseModel):
    """A refusal or failure the model can act on: what was wrong and what would be accepted."""

    kind: Literal["tool_error"] = "tool_error"
    tool: str
    error: str
    message: str
    accepted: str | None = None
    details: dict[str, Any] = {}

    @classmethod
    def from_error(cls, tool: str, exc: MccError) -> ToolError:
        """Build the result from a project error (bugs are not caught, they raise)."""
        return cls(
            tool=tool,
            error=type(exc).__name__,
            message=exc.message if not exc.where else f"{exc.where}: {exc.message}",
            accepted=exc.accepted,
            details=exc.details,
        )


def returns_tool_error(fn: Callable[P, R]) -> Callable[P, R | ToolError]:
    """Turn the project's errors raised by a tool into a ToolError result; let real bugs raise."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | ToolError:
        try:
            return fn(*args, **kwargs)
        except MccError as exc:
            return ToolError.from_error(fn.__name__, exc)

    return wrapper
