"""Call a chat model through tools, adapting once to what the server turns down, and say each adaptation.

Servers differ: some reject a forced `tool_choice`, some reject `tools` altogether, some models reject a
parameter (`temperature` on reasoning models). Each refusal is read once (agent/model_errors.py): the
parameter is dropped, a forced choice becomes the model's own, and tools become a JSON-in-text protocol
(prompts/answer_as_json.md). Every adaptation is kept in `notes` for the run's trace. Whatever the way, the
reply only comes back to the planner, which validates it as before: nothing here can approve or apply.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.model_errors import (
    error_detail,
    model_call_failed,
    rejected_parameter,
    rejects_tool_choice,
    rejects_tools,
)
from agent.model_settings import OPENAI_API
from prompts import render
from warehouse.errors import AgentError

ToolMode = Literal["named", "auto", "text"]
MODE_NOTES: dict[ToolMode, str] = {
    "auto": "the server at {endpoint} turned down a forced tool_choice ({detail}); {model} now chooses its tool itself",
    "text": "the server at {endpoint} turned down tool calling ({detail}); {model} now answers with JSON in its message text",
}


def tool_catalog(tools: Sequence[Any]) -> str:
    """Describe tools for the JSON-in-text protocol: name, purpose and the JSON Schema of the arguments."""
    lines = []
    for tool in tools:
        fn = convert_to_openai_tool(tool)["function"]
        lines.append(f"- {fn['name']}: {fn.get('description', '')}\n  arguments (JSON Schema): "
                     f"{json.dumps(fn.get('parameters', {}), separators=(',', ':'))}")
    return "\n".join(lines)


def as_text_protocol(messages: list[BaseMessage], tools: Sequence[Any]) -> list[BaseMessage]:
    """Rewrite a conversation for a server without tools: the protocol joins the system prompt, earlier tool
    calls become their JSON text and tool results become user messages (a server without tools rejects both)."""
    protocol = render("answer_as_json", tools=tool_catalog(tools))
    out: list[BaseMessage] = []
    for message in messages:
        if isinstance(message, SystemMessage):
            out.append(SystemMessage(f"{message.content}\n\n{protocol}"))
        elif isinstance(message, AIMessage) and message.tool_calls:
            calls = [{"tool": c["name"], "arguments": c["args"]} for c in message.tool_calls]
            out.append(AIMessage(json.dumps(calls[0] if len(calls) == 1 else calls)))
        elif isinstance(message, ToolMessage):
            out.append(HumanMessage(f"Result of {message.name or 'that call'} (data):\n{message.content}"))
        else:
            out.append(message)
    if not any(isinstance(m, SystemMessage) for m in out):
        out.insert(0, SystemMessage(protocol))
    return out


class ModelSession:
    """One model's calls for a planner: the tool mode and dropped parameters the server taught it, and notes."""

    def __init__(self, model: BaseChatModel, name: str) -> None:
        self.model = model
        self.name = name
        self.mode: ToolMode = "named"
        self.notes: list[str] = []
        base = getattr(model, "openai_api_base", None)
        self.endpoint = str(base).rstrip("/") if base else f"the OpenAI API ({OPENAI_API})"
        retries = getattr(model, "max_retries", None)
        self.max_retries = retries if isinstance(retries, int) else 0

    def call(self, messages: list[BaseMessage], tools: Sequence[Any] = (), choice: str | None = None) -> AIMessage:
        """Send `messages` with `tools` (`choice` forces one of them); adapt to each refusal once, then fail clearly."""
        while True:
            try:
                reply = self._send(messages, tools, choice)
            except Exception as exc:  # a server's refusal is read and adapted to, or worded; a bug raises as it is
                if self._adapt(exc, bool(tools), forced=choice is not None):
                    continue
                failure = model_call_failed(exc, self.name, endpoint=self.endpoint, max_retries=self.max_retries,
                                            served=self.served_models)
                if failure is None:
                    raise
                raise failure from exc
            if not isinstance(reply, AIMessage):
                raise AgentError(f"the model returned {type(reply).__name__}, not a message", where=self.name)
            return reply

    def _send(self, messages: list[BaseMessage], tools: Sequence[Any], choice: str | None) -> Any:
        if not tools:
            return self.model.invoke(messages)
        if self.mode == "text":
            return self.model.invoke(as_text_protocol(messages, tools))
        bound = self.model.bind_tools(tools, tool_choice=choice if self.mode == "named" else None)
        return bound.invoke(messages)

    def _adapt(self, exc: Exception, sent_tools: bool, *, forced: bool) -> bool:
        """Change what is sent so the server's refusal does not recur; False when nothing would help.

        A refused choice the model made itself (vLLM's '"auto" tool choice requires …') leaves only text."""
        detail = error_detail(exc)
        field = rejected_parameter(exc)
        if field is not None and getattr(self.model, field, None) is not None:
            self.model = self.model.model_copy(update={field: None})
            self.notes.append(f"the server at {self.endpoint} rejected '{field}' for {self.name} ({detail}); "
                              f"mcc sent the call again without it")
            return True
        if not sent_tools or self.mode == "text" or not rejects_tools(exc):
            return False
        self.mode = "auto" if self.mode == "named" and forced and rejects_tool_choice(exc) else "text"
        self.notes.append(MODE_NOTES[self.mode].format(endpoint=self.endpoint, detail=detail, model=self.name))
        return True

    def served_models(self) -> list[str] | None:
        """List the models the server serves (GET /models), or None when it does not say."""
        import openai

        client = getattr(self.model, "root_client", None)
        if client is None:
            return None
        try:
            page = client.with_options(max_retries=0, timeout=10).models.list()
            return [m.id for m in page.data]
        except (openai.APIError, ValueError, TypeError):  # no /models, or not the OpenAI shape: say nothing
            return None

    def take_notes(self) -> list[str]:
        """Return and forget the adaptations made since the last time."""
        notes, self.notes = self.notes, []
        return notes
