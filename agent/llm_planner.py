"""The LLM planner: any OpenAI-compatible chat model behind the `Planner` seam.

Each step is a bounded tool loop. The model answers by calling an answer tool whose parameters are the
JSON Schema of the answer union (a `Refusal` is always a member); on drafting steps it may first call the
exploration tools (describe_catalog, run_sql). Invalid JSON, arguments that do not fit the schema and
unknown tools go back to the model as error tool messages, a bounded number of times; then the step fails
with an AgentError and nothing is proposed. Validation errors from the graph come back on the next
`draft` call as the result of the previous `submit_draft` call, so the model fixes exactly those.

A call the model wrote as JSON in its text (a server without tool calling, or a model that ignores the
tools) is read by agent/text_calls.py and goes through exactly the same checks; its results come back as
user messages. How the calls reach the server, and what it refuses, is agent/model_calls.py's job.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool
from pydantic import BaseModel, ValidationError

from agent.catalog_text import render_catalog
from agent.llm_answers import (
    ANSWER_TOOLS,
    Classification,
    SubmitDebugPlan,
    SubmitDraft,
    SubmitQuestion,
    answer_tool,
)
from agent.model_calls import ModelSession
from agent.text_calls import text_calls, without_reasoning
from agent.types import DebugPlan, Diagnostic, Intent, QuestionPlan, Refusal, ToolCall, Usage
from orchestrator.spec import Policy, Rule
from prompts import render
from warehouse.catalog import Catalog
from warehouse.errors import AgentError

A = TypeVar("A", bound=BaseModel)

TASKS: dict[str, str] = {
    "eligibility": "write one `rule` whose audience is exactly who the request says qualifies.",
    "decision": "write one `policy`: the programs in the requested priority order, with suppressions and stop conditions.",
}


def feedback_text(feedback: list[dict[str, Any]]) -> str:
    """Word the validator's errors so the model can fix each one at its path."""
    lines = [
        f"- {f.get('path') or '(top)'}: {f.get('message')}" + (f" (try: {f['suggestion']})" if f.get("suggestion") else "")
        for f in feedback
    ]
    return render("validation_feedback", errors="\n".join(lines))


def schema_errors(exc: ValidationError) -> str:
    """Summarise a pydantic error for the model: path and message of each problem."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:8])


def wrapped(model: type[BaseModel], args: dict[str, Any]) -> dict[str, Any]:
    """Put an answer given bare (the rule itself, not {"answer": rule}) where the answer model expects it."""
    if set(model.model_fields) == {"answer"} and "answer" not in args and "kind" in args:
        return {"answer": args}
    return args


def truncated(model: str, what: str) -> AgentError:
    """Say that the reply was cut off at the output limit (asking again would cut it off again)."""
    return AgentError(
        f"the model's reply was cut off at its output limit (finish_reason 'length') before it gave {what}; nothing was proposed",
        where=model, accepted="a higher output limit (MCC_MODEL_MAX_TOKENS, or the server's own: Ollama num_ctx / num_predict, "
        "llama.cpp -c / -n, vLLM --max-model-len), or a model with a longer context",
    )


@dataclass(frozen=True)
class Call:
    """One tool call in a reply: native (with the server's id) or written as JSON text (`id` None)."""

    name: str
    args: dict[str, Any]
    id: str | None
    error: str | None = None

    def reply(self, content: str, *, error: bool = False) -> BaseMessage:
        """Answer this call the way it was made: a tool message for a native call, a user message for text."""
        if self.id is not None:
            return ToolMessage(content, tool_call_id=self.id, name=self.name, status="error" if error else "success")
        return HumanMessage(f"{'Error from' if error else 'Result of'} {self.name} (data):\n{content}")


def calls_in(reply: AIMessage, answer: str) -> list[Call]:
    """Return the calls a reply makes: its tool calls, else those written in its text (an object without a tool
    name is read as the answer's arguments)."""
    calls = [Call(c["name"], c["args"], c.get("id") or c["name"]) for c in reply.tool_calls]
    calls += [Call(bad.get("name") or answer, {}, bad.get("id") or "invalid", error=str(bad.get("error")))
              for bad in reply.invalid_tool_calls]
    if calls:
        return calls
    return [Call(t.name or answer, t.args, None) for t in text_calls(reply.text)]


def tool_content(result: Any) -> str:
    """Serialise a tool's result as JSON data."""
    if isinstance(result, BaseModel):
        return result.model_dump_json()
    return result if isinstance(result, str) else json.dumps(result, default=str)


class LLMPlanner:
    """Plans with a chat model through answer tools and bounded exploration."""

    def __init__(
        self,
        model: BaseChatModel,
        *,
        name: str,
        tools: Sequence[BaseTool] = (),
        max_tool_calls: int = 6,
        max_retries: int = 2,
    ) -> None:
        self.name = name
        self.session = ModelSession(model, name)
        self.usage = Usage()
        self.tools = {t.name: t for t in tools}
        self.tool_calls: list[ToolCall] = []
        self.max_tool_calls = max_tool_calls
        self.max_retries = max_retries
        # The drafting conversation, kept so validation feedback continues it: (prompt, messages, the answer's call).
        self._draft_thread: tuple[str, list[BaseMessage], Call] | None = None

    def classify(self, prompt: str, catalog: Catalog) -> Intent:
        messages: list[BaseMessage] = [SystemMessage(render("classify")), HumanMessage(prompt)]
        answer, _, _ = self._answer(messages, Classification, explore=False)
        return answer.intent

    def draft(
        self, prompt: str, intent: Intent, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        if feedback and self._draft_thread is not None and self._draft_thread[0] == prompt:
            _, messages, call = self._draft_thread
            messages = [*messages, call.reply(feedback_text(feedback), error=True)]
        else:
            task = TASKS.get(intent, TASKS["eligibility"])
            system = render("draft", task=task, catalog=render_catalog(catalog))
            messages = [SystemMessage(system), HumanMessage(prompt)]
        answer, messages, call = self._answer(messages, SubmitDraft, explore=True)
        self._draft_thread = (prompt, messages, call)
        return answer.answer

    def revise(
        self, message: str, previous: Rule | Policy, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        """Change the previous draft as the message asks: the model gets the draft as data and the change."""
        intent: Intent = "eligibility" if isinstance(previous, Rule) else "decision"
        change = render("revise", message=message, draft=previous.model_dump_json(exclude_none=True))
        return self.draft(change, intent, catalog, feedback)

    def plan_debug(self, prompt: str, catalog: Catalog) -> DebugPlan | Refusal:
        messages: list[BaseMessage] = [SystemMessage(render("debug", catalog=render_catalog(catalog))), HumanMessage(prompt)]
        answer, _, _ = self._answer(messages, SubmitDebugPlan, explore=False)
        return answer.answer

    def plan_question(self, prompt: str, catalog: Catalog, feedback: list[dict[str, Any]]) -> QuestionPlan | Refusal:
        messages: list[BaseMessage] = [SystemMessage(render("question", catalog=render_catalog(catalog))), HumanMessage(prompt)]
        if feedback:
            reasons = "; ".join(str(f.get("message")) for f in feedback)
            messages.append(HumanMessage(render("query_refused", reasons=reasons)))
        answer, _, _ = self._answer(messages, SubmitQuestion, explore=False)
        return answer.answer

    def summarize(self, diagnostic: Diagnostic) -> str:
        """Word the diagnostic's summary; the graph checks every number it cites."""
        data = diagnostic.model_dump(mode="json", exclude={"summary", "sql"})
        messages = [SystemMessage(render("summarize")), HumanMessage(render("summarize_data", diagnosis=json.dumps(data)))]
        reply = self._invoke(messages)
        text = without_reasoning(reply.text)
        if reply.response_metadata.get("finish_reason") == "length":  # a summary cut off mid-sentence is no summary
            raise truncated(self.name, "a complete summary")
        if not text:
            raise AgentError("the model returned an empty summary", where=self.name)
        return text

    def _invoke(self, messages: list[BaseMessage], tools: Sequence[Any] = (), choice: str | None = None) -> AIMessage:
        """Call the model through the session and count the call and its tokens (0 when the server reports none)."""
        reply = self.session.call(messages, tools, choice)
        self.usage.model_calls += 1
        meta: dict[str, Any] = dict(reply.usage_metadata or {})
        self.usage.input_tokens += int(meta.get("input_tokens") or 0)
        self.usage.output_tokens += int(meta.get("output_tokens") or 0)
        return reply

    def _answer(self, messages: list[BaseMessage], model: type[A], *, explore: bool) -> tuple[A, list[BaseMessage], Call]:
        """Loop until the model calls the answer tool with valid arguments; bounded retries and tool calls.

        The calls in one message are handled in order; the first valid answer is taken and every call gets its
        reply, so the conversation stays one a server accepts when validation feedback continues it."""
        name = ANSWER_TOOLS[model]
        tools: list[Any] = [answer_tool(model), *(self.tools.values() if explore else ())]
        messages = list(messages)
        explored = retries = 0
        while True:
            reply = self._invoke(messages, tools, None if explore and self.tools else name)
            messages.append(reply)
            calls = calls_in(reply, name)
            answer: A | None = None
            answered: Call | None = None
            problems: list[str] = []
            for call in calls:
                if answer is not None:
                    messages.append(call.reply("not run: this message already gave its answer"))
                elif call.error is not None:
                    problems.append(f"error: the arguments of {call.name} were not valid JSON ({call.error}). Call it again with a JSON object.")
                    messages.append(call.reply(problems[-1], error=True))
                elif call.name == name:
                    try:
                        answer, answered = model.model_validate(wrapped(model, call.args)), call
                    except ValidationError as exc:
                        problems.append(f"error: {schema_errors(exc)}")
                        messages.append(call.reply(problems[-1], error=True))
                elif explore and call.name in self.tools:
                    explored += 1
                    if explored > self.max_tool_calls:
                        raise AgentError(
                            f"the model made more than {self.max_tool_calls} exploration tool calls without answering; nothing was proposed",
                            where=self.name, accepted=f"an answer through {name}",
                        )
                    messages.append(self._explore(call))
                else:
                    known = ", ".join([name, *(self.tools if explore else [])])
                    problems.append(f"error: unknown tool {call.name!r}; use one of {known}")
                    messages.append(call.reply(problems[-1], error=True))
            if answer is not None and answered is not None:
                return answer, messages, answered
            if reply.response_metadata.get("finish_reason") == "length":
                raise truncated(self.name, f"a complete {name} answer")
            if not calls:
                problems.append(render("answer_with_tool", tool=name))
                messages.append(HumanMessage(problems[-1]))
            if not problems:
                continue  # only exploration calls this turn: bounded by max_tool_calls, not a retry
            retries += 1
            if retries > self.max_retries:
                raise AgentError(
                    f"the model gave no valid {name} answer after {retries} attempts (last problem: {problems[-1][:300]}); nothing was proposed",
                    where=self.name, accepted=f"a {name} call matching its JSON Schema",
                )

    def _explore(self, call: Call) -> BaseMessage:
        """Run one exploration tool; its result (or its refusal, status "error") goes back as data."""
        start = time.perf_counter()
        reply = self.tools[call.name].invoke({"name": call.name, "args": call.args, "id": call.id or call.name, "type": "tool_call"})
        content = reply.content if isinstance(reply, ToolMessage) else tool_content(reply)
        ok = not (isinstance(reply, ToolMessage) and reply.status == "error") and '"tool_error"' not in str(content)
        ms = round((time.perf_counter() - start) * 1000, 2)
        self.tool_calls.append(ToolCall(tool=call.name, ok=ok, ms=ms, summary=f"model exploration: {str(call.args)[:120]}"))
        return call.reply(str(content), error=not ok)

    def take_tool_calls(self) -> list[ToolCall]:
        """Return and forget the exploration calls made since the last time (the graph puts them in the trace)."""
        calls, self.tool_calls = self.tool_calls, []
        return calls

    def take_notes(self) -> list[str]:
        """Return and forget how the calls were adapted to the server since the last time (for the trace)."""
        return self.session.take_notes()
