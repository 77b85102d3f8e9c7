"""Read tool calls a model wrote as JSON in its message text (servers without tool calling, or models that
ignore it): a bare object, ```json fences, <tool_call> tags, one call or a list of them.

What is read here is only a candidate: the planner validates it exactly as it validates a native tool call.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

FENCED = re.compile(r"```[A-Za-z]*[ \t]*\n?(.*?)```|<tool_call>(.*?)</tool_call>", re.S)
# Reasoning models (DeepSeek-R1, Qwen3 on Ollama or vLLM) think aloud in the text before they answer.
# Reasoning left unclosed (a reply cut off while thinking) is all reasoning.
REASONING = re.compile(r"<(think|thinking|reasoning)>.*?(?:</\1>|$)", re.S | re.I)


def without_reasoning(text: str) -> str:
    """Drop the reasoning a model wrote in <think> tags, keeping its answer.

    >>> without_reasoning("<think>maybe {'intent': 'debug'}?</think> It fell on iOS.")
    'It fell on iOS.'
    """
    return REASONING.sub("", text).strip()


@dataclass(frozen=True)
class TextCall:
    """One call read from text: `name` is None when the object was the arguments alone."""

    name: str | None
    args: dict[str, Any]


def json_values(text: str) -> list[Any]:
    """Return the JSON values in a reply: each fenced or tagged block's, else the first one in the text.

    >>> json_values('Sure:\\n```json\\n{"a": 1}\\n```')
    [{'a': 1}]
    >>> json_values('The answer is {"a": [1, 2]} as asked.')
    [{'a': [1, 2]}]
    """
    text = without_reasoning(text)
    blocks = [a or b for a, b in FENCED.findall(text)]
    decoder = json.JSONDecoder()
    values = []
    for chunk in blocks or [text]:
        starts = [i for i in (chunk.find("{"), chunk.find("[")) if i >= 0]
        if not starts:
            continue
        try:
            value, _ = decoder.raw_decode(chunk[min(starts):])
        except json.JSONDecodeError:
            continue
        values.append(value)
    return values


def as_call(obj: dict[str, Any]) -> TextCall:
    """Read one object as a call: {"name"|"tool": N, "arguments"|"parameters"|"args": {...}}, OpenAI's
    {"function": {...}} shape, or the arguments alone."""
    fn = obj["function"] if isinstance(obj.get("function"), dict) else obj
    name = fn.get("name", fn.get("tool"))
    args = next((fn[k] for k in ("arguments", "parameters", "args") if k in fn), None)
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except json.JSONDecodeError:
            args = None
    if isinstance(name, str) and isinstance(args, dict) and len(fn) <= 3:
        return TextCall(name, args)
    return TextCall(None, obj)


def text_calls(text: str) -> list[TextCall]:
    """Return the calls written in `text`, in order (none when it holds no JSON object)."""
    calls = []
    for value in json_values(text):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                calls.append(as_call(item))
    return calls
