"""The LLM planner: any OpenAI-compatible chat model behind the `Planner` seam.

Each step is a bounded tool loop. The model answers by calling an answer tool whose parameters are the
JSON Schema of the answer union (a `Refusal` is always a member); on drafting steps it may first call the
exploration tools (describe_catalog, run_sql). Invalid JSON, arguments that do not fit the schema and
unknown tools go back to the model as error tool messages, a bounded number of times; then the step fails
with an AgentError and nothing is proposed. Validation errors from the graph come back on the next
`draft` call as the result of the previous `submit_draft` call, so the model fixes exactly those.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
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
from agent.providers import model_call_failed
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
        self.model = model
        self.name = name
        self.usage = Usage()
        self.tools = {t.name: t for t in tools}
        self.tool_calls: list[ToolCall] = []
        self.max_tool_calls = max_tool_calls
        self.max_retries = max_retries
        # The drafting conversation, kept so validation feedback continues it: (prompt, messages, call id).
        self._draft_thread: tuple[str, list[BaseMessage], str] | None = None

    def classify(self, prompt: str, catalog: Catalog) -> Intent:
        messages: list[BaseMessage] = [SystemMessage(render("classify")), HumanMessage(prompt)]
        answer, _, _ = self._answer(messages, Classification, explore=False)
        return answer.intent

    def draft(
        self, prompt: str, intent: Intent, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        if feedback and self._draft_thread is not None and self._draft_thread[0] == prompt:
            _, messages, call_id = self._draft_thread
            messages = [*messages, ToolMessage(feedback_text(feedback), tool_call_id=call_id, status="error")]
        else:
            task = TASKS.get(intent, TASKS["eligibility"])
            system = render("draft", task=task, catalog=render_catalog(catalog))
            messages = [SystemMessage(system), HumanMessage(prompt)]
        answer, messages, call_id = self._answer(messages, SubmitDraft, explore=True)
        self._draft_thread = (prompt, messages, call_id)
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
        reply = self._invoke(self.model, messages)
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        if not text.strip():
            raise AgentError("the model returned an empty summary", where=self.name)
        return text.strip()

    def _invoke(self, runnable: Any, messages: list[BaseMessage]) -> AIMessage:
        try:
            reply = runnable.invoke(messages)
        except Exception as exc:  # a failed model call is the run's error (one line, exit 1); anything else raises
            failure = model_call_failed(exc, self.name)
            if failure is None:
                raise
            raise failure from exc
        if not isinstance(reply, AIMessage):
            raise AgentError(f"the model returned {type(reply).__name__}, not a message", where=self.name)
        self.usage.model_calls += 1
        meta: dict[str, Any] = dict(reply.usage_metadata or {})
        self.usage.input_tokens += int(meta.get("input_tokens", 0))
        self.usage.output_tokens += int(meta.get("output_tokens", 0))
        return reply

    def _answer(self, messages: list[BaseMessage], model: type[A], *, explore: bool) -> tuple[A, list[BaseMessage], str]:
        """Loop until the model calls the answer tool with valid arguments; bounded retries and tool calls."""
        name = ANSWER_TOOLS[model]
        tools: list[Any] = [answer_tool(model), *(self.tools.values() if explore else ())]
        bound = self.model.bind_tools(tools, tool_choice=None if explore and self.tools else name)
        messages = list(messages)
        explored = retries = 0
        while True:
            reply = self._invoke(bound, messages)
            messages.append(reply)
            problems: list[BaseMessage] = [
                ToolMessage(
                    f"error: the arguments of {bad.get('name')} were not valid JSON ({bad.get('error')}). Call it again with a JSON object.",
                    tool_call_id=bad.get("id") or "invalid", status="error",
                )
                for bad in reply.invalid_tool_calls
            ]
            answer: A | None = None
            answer_id = ""
            for call in reply.tool_calls:
                call_id = call.get("id") or call["name"]
                if call["name"] == name:
                    try:
                        answer, answer_id = model.model_validate(call["args"]), call_id
                    except ValidationError as exc:
                        problems.append(ToolMessage(f"error: {schema_errors(exc)}", tool_call_id=call_id, status="error"))
                elif explore and call["name"] in self.tools:
                    explored += 1
                    if explored > self.max_tool_calls:
                        raise AgentError(
                            f"the model made more than {self.max_tool_calls} exploration tool calls without answering; nothing was proposed",
                            where=self.name, accepted=f"an answer through {name}",
                        )
                    messages.append(self._explore(call["name"], call["args"], call_id))
                else:
                    known = ", ".join([name, *(self.tools if explore else [])])
                    problems.append(ToolMessage(f"error: unknown tool {call['name']!r}; use one of {known}", tool_call_id=call_id, status="error"))
            if answer is not None:
                return answer, messages, answer_id
            if not reply.tool_calls and not reply.invalid_tool_calls:
                answer = self._parse_text(reply, model)
                if answer is not None:
                    return answer, messages, ""
                problems.append(HumanMessage(render("answer_with_tool", tool=name)))
            if not problems:
                continue  # only exploration calls this turn: bounded by max_tool_calls, not a retry
            retries += 1
            if retries > self.max_retries:
                last = problems[-1].content
                raise AgentError(
                    f"the model gave no valid {name} answer after {retries} attempts (last problem: {str(last)[:300]}); nothing was proposed",
                    where=self.name, accepted=f"a {name} call matching its JSON Schema",
                )
            messages.extend(problems)

    def _explore(self, name: str, args: dict[str, Any], call_id: str) -> ToolMessage:
        """Run one exploration tool; its result (or its refusal, status "error") goes back as data."""
        start = time.perf_counter()
        reply = self.tools[name].invoke({"name": name, "args": args, "id": call_id, "type": "tool_call"})
        message = reply if isinstance(reply, ToolMessage) else ToolMessage(tool_content(reply), tool_call_id=call_id, name=name)
        ok = message.status != "error" and '"tool_error"' not in str(message.content)
        ms = round((time.perf_counter() - start) * 1000, 2)
        self.tool_calls.append(ToolCall(tool=name, ok=ok, ms=ms, summary=f"model exploration: {str(args)[:120]}"))
        return message

    def take_tool_calls(self) -> list[ToolCall]:
        """Return and forget the exploration calls made since the last time (the graph puts them in the trace)."""
        calls, self.tool_calls = self.tool_calls, []
        return calls

    @staticmethod
    def _parse_text(reply: AIMessage, model: type[A]) -> A | None:
        """Accept an answer written as a JSON object in the message text (some servers do that)."""
        text = reply.content if isinstance(reply.content, str) else ""
        text = text.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
        if not text.startswith("{"):
            return None
        try:
            return model.model_validate_json(text)
        except ValidationError:
            return None
