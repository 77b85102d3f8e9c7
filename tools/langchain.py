"""The tools as LangChain StructuredTools: the context is closed over, the model sees business arguments only.

A tool that refuses (a GuardError, an unknown name, a failed validation) answers with a ToolMessage of
status "error" holding the ToolError JSON, so the model can read what was wrong and retry. Anything
else is a bug and raises.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, ValidationError, create_model

from tools.context import ToolContext
from tools.describe_catalog import describe_catalog
from tools.explain_user import explain_user
from tools.exposure import message_exposure
from tools.funnel import compare_funnel
from tools.performance import rule_performance
from tools.results import ToolError
from tools.rules import list_active_rules, preview_audience, propose_rule, validate_rule
from tools.run_sql import run_sql
from tools.support import compare_support
from warehouse.errors import MccError

# Read-only tools first; propose_rule is the one write, and it only files a proposal for review.
TOOL_FUNCTIONS: tuple[Callable[..., Any], ...] = (
    describe_catalog,
    run_sql,
    compare_funnel,
    message_exposure,
    compare_support,
    explain_user,
    list_active_rules,
    rule_performance,
    validate_rule,
    preview_audience,
    propose_rule,
)


class ToolRefused(ToolException):
    """A tool's ToolError, raised so LangChain turns it into an error ToolMessage."""

    def __init__(self, error: ToolError) -> None:
        super().__init__(error.model_dump_json())
        self.error = error


def handle_tool_error(exc: Exception) -> str:
    """Return the message the model sees for a refusal; re-raise anything that is a real bug.

    Usable as `StructuredTool(handle_tool_error=...)` and as `ToolNode(handle_tool_errors=...)`.
    """
    if isinstance(exc, ToolRefused):
        return exc.error.model_dump_json()
    if isinstance(exc, MccError):
        return ToolError.from_error("tool", exc).model_dump_json()
    if isinstance(exc, ToolException):
        return str(exc)
    raise exc


def handle_validation_error(exc: ValidationError) -> str:
    """Return the argument problems as a ToolError the model can fix."""
    problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    return ToolError(
        tool="arguments", error="InputError", message="; ".join(problems), accepted="arguments as in the tool's schema"
    ).model_dump_json()


def args_schema(fn: Callable[..., Any]) -> type[BaseModel]:
    """Build the model-facing argument schema from the tool's signature, without the context."""
    hints = typing.get_type_hints(fn)
    fields: dict[str, Any] = {}
    for name, param in inspect.signature(fn).parameters.items():
        if name == "ctx":
            continue
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[name] = (hints[name], default)
    return create_model(f"{fn.__name__}_args", **fields)


def make_tool(ctx: ToolContext, fn: Callable[..., Any]) -> StructuredTool:
    """Wrap one tool function with `ctx` injected."""

    def call(**kwargs: Any) -> tuple[str, BaseModel]:
        result = fn(ctx, **kwargs)
        if isinstance(result, ToolError):
            raise ToolRefused(result)
        return result.model_dump_json(), result

    return StructuredTool.from_function(
        func=call,
        name=fn.__name__,
        description=inspect.getdoc(fn) or fn.__name__,
        args_schema=args_schema(fn),
        response_format="content_and_artifact",
        handle_tool_error=handle_tool_error,
        handle_validation_error=handle_validation_error,
    )


def make_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return every agent tool bound to `ctx`; there is no approve or apply tool."""
    return [make_tool(ctx, fn) for fn in TOOL_FUNCTIONS]
