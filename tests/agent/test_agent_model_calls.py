"""A conversation moved to the JSON-in-text protocol keeps what was said, without tool calls or tool messages."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from agent.llm_answers import Classification, answer_tool
from agent.model_calls import as_text_protocol


def test_tool_calls_and_results_become_text_and_the_protocol_joins_the_system_prompt() -> None:
    thread = [
        SystemMessage("You draft rules."),
        HumanMessage("trial users who finished 3 workouts"),
        AIMessage("", tool_calls=[{"name": "run_sql", "args": {"sql": "SELECT 1"}, "id": "x1", "type": "tool_call"}]),
        ToolMessage('{"rows": [[1]]}', tool_call_id="x1", name="run_sql"),
    ]
    out = as_text_protocol(thread, [answer_tool(Classification)])
    assert [type(m) for m in out] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert str(out[0].content).startswith("You draft rules.\n\nThis server cannot call tools")
    assert '- classify: Classify the request.' in str(out[0].content)
    said = out[2]
    assert isinstance(said, AIMessage) and not said.tool_calls
    assert said.content == '{"tool": "run_sql", "arguments": {"sql": "SELECT 1"}}'
    assert out[3].content == 'Result of run_sql (data):\n{"rows": [[1]]}'
    assert isinstance(thread[2], AIMessage) and thread[2].tool_calls  # the planner's own thread is left as it was


def test_a_thread_without_a_system_prompt_gets_the_protocol_first() -> None:
    out = as_text_protocol([HumanMessage("hi")], [answer_tool(Classification)])
    assert isinstance(out[0], SystemMessage) and "This server cannot call tools" in str(out[0].content)
