"""Build the planner a model name asks for: `offline` (the catalog planner) or `openai:NAME`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from agent.types import Planner
from warehouse.errors import AgentError

if TYPE_CHECKING:
    from agent.context import Context

ACCEPTED = "offline, or openai:NAME (OPENAI_API_KEY, and OPENAI_BASE_URL for another OpenAI-compatible server)"


def parse_model(model: str) -> tuple[str, str]:
    """Split `openai:gpt-4o-mini` into provider and name.

    >>> parse_model("openai:gpt-4o-mini")
    ('openai', 'gpt-4o-mini')
    >>> parse_model("offline")
    ('offline', '')
    """
    provider, _, name = model.partition(":")
    if provider == "offline" and not name:
        return "offline", ""
    if provider == "openai" and name:
        return "openai", name
    raise AgentError(f"unknown model {model!r}", where="--model", accepted=ACCEPTED)


def chat_model(name: str) -> object:
    """Return a ChatOpenAI for `name` from the environment (key, base URL)."""
    from langchain_openai import ChatOpenAI

    base_url = os.environ.get("OPENAI_BASE_URL") or None
    key = os.environ.get("OPENAI_API_KEY")
    if not key and not base_url:
        raise AgentError(
            "no OPENAI_API_KEY set for an openai: model", where="--model", accepted="set OPENAI_API_KEY, or --model offline"
        )
    # Local OpenAI-compatible servers (vLLM, Ollama, llama.cpp) accept any key.
    return ChatOpenAI(model=name, api_key=key or "not-needed", base_url=base_url, temperature=0, max_retries=1, timeout=120)


def model_call_failed(exc: Exception, model: str) -> AgentError | None:
    """Return the AgentError for a failed model call (unreachable server, refused key, unknown model, rate
    limit), or None when `exc` is not a model-call failure (a bug, which should raise as it is)."""
    import openai
    from langchain_core.exceptions import ModelError

    if not isinstance(exc, openai.APIError | ModelError):
        return None
    status = getattr(exc, "status_code", None)
    what = f"HTTP {status}" if status else "no answer" if isinstance(exc, openai.APIConnectionError) else type(exc).__name__
    server = os.environ.get("OPENAI_BASE_URL") or "the OpenAI API"
    detail = (str(exc).strip().splitlines() or [""])[0][:200]
    return AgentError(
        f"the call to {model} at {server} failed ({what}): {detail}", where="--model",
        accepted="check OPENAI_API_KEY, OPENAI_BASE_URL (is the server up?) and the model name, or --model offline",
    )


def make_planner(model: str, context: Context) -> Planner:
    """Return the planner for `model`, wired to the run's catalog and tools."""
    provider, name = parse_model(model)
    if provider == "offline":
        from agent.catalog_planner import CatalogPlanner

        return CatalogPlanner(context.catalog, active_specs=lambda: context.backend().active_specs())
    from agent.llm_planner import LLMPlanner
    from tools.langchain import make_tools

    tools = make_tools(context.backend().tool_context())
    exploration = [t for t in tools if t.name in ("describe_catalog", "run_sql", "list_active_rules")]
    return LLMPlanner(chat_model(name), name=model, tools=exploration, max_tool_calls=context.max_tool_calls)  # type: ignore[arg-type]
