"""Tool calls a model writes as JSON text: fenced, tagged, wrapped in prose, several, or the arguments alone."""

from __future__ import annotations

import pytest

from agent.text_calls import TextCall, text_calls


@pytest.mark.parametrize("text", [
    '{"tool": "classify", "arguments": {"intent": "debug"}}',
    '```json\n{"name": "classify", "arguments": {"intent": "debug"}}\n```',
    'Sure! I will classify it.\n```\n{"name": "classify", "parameters": {"intent": "debug"}}\n```\nDone.',
    '<tool_call>\n{"name": "classify", "arguments": "{\\"intent\\": \\"debug\\"}"}\n</tool_call>',
    '{"type": "function", "function": {"name": "classify", "arguments": {"intent": "debug"}}}',
    'The request asks why something changed, so: {"tool": "classify", "args": {"intent": "debug"}} is my call.',
    'Step [1] of 2, see ```sql\nSELECT 1\n``` then {"tool": "classify", "arguments": {"intent": "debug"}}',
    '<think>It could be {"intent": "question"}, but it asks why.</think>\n{"tool": "classify", "arguments": {"intent": "debug"}}',
])
def test_one_call_is_read_from_each_way_models_write_it(text: str) -> None:
    assert text_calls(text) == [TextCall("classify", {"intent": "debug"})]


def test_several_calls_are_read_in_order_from_a_list_or_from_several_blocks() -> None:
    listed = '[{"tool": "run_sql", "arguments": {"sql": "SELECT 1"}}, {"tool": "classify", "arguments": {"intent": "question"}}]'
    blocks = ('First ```json\n{"tool": "run_sql", "arguments": {"sql": "SELECT 1"}}\n``` then '
              '```json\n{"tool": "classify", "arguments": {"intent": "question"}}\n```')
    expected = [TextCall("run_sql", {"sql": "SELECT 1"}), TextCall("classify", {"intent": "question"})]
    assert text_calls(listed) == expected and text_calls(blocks) == expected


def test_an_object_without_a_tool_name_is_the_arguments_alone() -> None:
    assert text_calls('{"intent": "eligibility", "reason": "who qualifies"}') == [
        TextCall(None, {"intent": "eligibility", "reason": "who qualifies"})]
    # a spec with a 'name' among its many fields is not taken for a call
    spec = {"name": "x", "args": {}, "kind": "rule", "id": "a"}
    assert text_calls(str(spec).replace("'", '"')) == [TextCall(None, spec)]


@pytest.mark.parametrize("text", ["", "I think it is eligibility.", '```json\n{"tool": "classify", "argum', "{not json}"])
def test_text_with_no_complete_json_object_has_no_calls(text: str) -> None:
    assert text_calls(text) == []
