"""Build the planner a model name asks for: `offline` (the catalog planner) or `openai:NAME`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.model_settings import ModelSettings, settings_from_env
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


def chat_model(name: str, settings: ModelSettings | None = None) -> object:
    """Return a ChatOpenAI for `name` with the environment's settings (endpoint, key, retries, timeout, limits)."""
    from langchain_openai import ChatOpenAI

    s = settings or settings_from_env()
    # Local OpenAI-compatible servers (vLLM, Ollama, llama.cpp) accept any key. The openai client retries a 408,
    # 409, 429 or 5xx (honouring Retry-After up to 2 minutes) and no answer, `max_retries` times.
    return ChatOpenAI(model=name, api_key=s.api_key or "not-needed", base_url=s.base_url, default_query=s.query or None,
                      default_headers=s.headers or None, temperature=0, max_tokens=s.max_tokens, max_retries=s.max_retries, timeout=s.timeout)


def make_planner(model: str, context: Context) -> Planner:
    """Return the planner for `model`, wired to the run's catalog and tools."""
    provider, name = parse_model(model)
    if provider == "offline":
        from agent.catalog_planner import CatalogPlanner

        return CatalogPlanner(context.catalog, active_specs=lambda: context.backend().active_specs())
    from agent.llm_planner import LLMPlanner
    from tools.langchain import make_tools

    tools = make_tools(context.backend().tool_context())
    # read-only: what the catalog holds, data, what runs today and how it does ("improve the nudge: it's not working")
    exploration = [t for t in tools if t.name in ("describe_catalog", "run_sql", "list_active_rules", "rule_performance")]
    return LLMPlanner(chat_model(name), name=model, tools=exploration, max_tool_calls=context.max_tool_calls)  # type: ignore[arg-type]
