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


def first_object(chunk: str, tries: int = 50) -> Any:
    """Return the first JSON value in `chunk` that holds an object (prose brackets like '[1]' are skipped)."""
    decoder = json.JSONDecoder()
    starts = [i for i, ch in enumerate(chunk) if ch in "{["][:tries]
    for start in starts:
        try:
            value, _ = decoder.raw_decode(chunk[start:])
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
            return value
    return None


def json_values(text: str) -> list[Any]:
    """Return the JSON values in a reply: each fenced or tagged block's, else the first one in the text.

    >>> json_values('Sure:\\n```json\\n{"a": 1}\\n```')
    [{'a': 1}]
    >>> json_values('Step [1]: the answer is {"a": [1, 2]} as asked.')
    [{'a': [1, 2]}]
    """
    text = without_reasoning(text)
    blocks = [a or b for a, b in FENCED.findall(text)]
    values = [v for v in map(first_object, blocks) if v is not None]
    if values:
        return values
    whole = first_object(text)  # no block held JSON (or there was none): the text itself
    return [] if whole is None else [whole]


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
