"""make_tools: the context is injected, refusals come back as error ToolMessages, bugs still raise."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool, ToolException

from tools.context import ToolContext
from tools.langchain import handle_tool_error, make_tools
from tools.run_sql import SqlResult
from warehouse.errors import GuardError

EXPECTED = {
    "describe_catalog", "run_sql", "validate_rule", "preview_audience", "compare_funnel",
    "message_exposure", "compare_support", "explain_user", "list_active_rules", "rule_performance", "propose_rule",
}


def _tools(ctx: ToolContext) -> dict[str, BaseTool]:
    return {t.name: t for t in make_tools(ctx)}


def _call(tool: BaseTool, args: dict[str, object]) -> ToolMessage:
    message = tool.invoke({"type": "tool_call", "id": "call-1", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def test_the_tool_set_has_no_approve_or_apply(ctx: ToolContext) -> None:
    names = set(_tools(ctx))
    assert names == EXPECTED
    assert not any(word in name for name in names for word in ("approve", "apply", "reject", "rollback", "run_rules"))


def test_the_model_sees_business_arguments_only(ctx: ToolContext) -> None:
    for tool in make_tools(ctx):
        properties = tool.tool_call_schema.model_json_schema().get("properties", {})
        assert not {"ctx", "actor", "warehouse", "con", "catalog"} & set(properties), tool.name
        assert tool.description and len(tool.description) > 40, tool.name
    funnel = _tools(ctx)["compare_funnel"].tool_call_schema.model_json_schema()
    assert set(funnel["properties"]) == {"metric", "dimension", "segments", "window_days", "filters", "window"}
    assert set(funnel["required"]) == {"metric", "dimension", "segments"}


def test_a_result_is_json_content_with_the_pydantic_artifact(ctx: ToolContext) -> None:
    message = _call(_tools(ctx)["run_sql"], {"sql": "SELECT count(*) AS n FROM dim_users"})
    assert message.status == "success"
    assert json.loads(str(message.content))["rows"] == [[43]]
    assert isinstance(message.artifact, SqlResult)


def test_a_refusal_is_an_error_message_the_model_can_act_on(ctx: ToolContext) -> None:
    message = _call(_tools(ctx)["run_sql"], {"sql": "SELECT * FROM read_csv('/etc/passwd')"})
    assert message.status == "error"
    body = json.loads(str(message.content))
    assert body["error"] == "GuardError" and "read_csv" in body["message"] and body["accepted"]


def test_bad_arguments_are_an_error_message(ctx: ToolContext) -> None:
    message = _call(_tools(ctx)["compare_funnel"], {"metric": "trial_conversion"})
    assert message.status == "error"
    assert "segments" in json.loads(str(message.content))["message"]


def test_hostile_ticket_text_reaches_the_model_only_as_marked_data(ctx: ToolContext) -> None:
    message = _call(_tools(ctx)["run_sql"], {"sql": "SELECT ticket_text FROM fct_support WHERE ticket_id = 't1'"})
    body = json.loads(str(message.content))
    (cell,) = body["rows"][0]
    assert list(cell) == ["untrusted_text"] and "IGNORE ALL PREVIOUS INSTRUCTIONS" in cell["untrusted_text"]
    assert "\u202e" not in str(message.content) and "\\u202e" not in str(message.content)


def test_handle_tool_error_turns_refusals_into_text_and_lets_bugs_raise() -> None:
    text = handle_tool_error(GuardError("nope", accepted="a SELECT"))
    assert json.loads(text)["accepted"] == "a SELECT"
    assert handle_tool_error(ToolException("plain")) == "plain"
    with pytest.raises(KeyError):
        handle_tool_error(KeyError("a real bug"))
