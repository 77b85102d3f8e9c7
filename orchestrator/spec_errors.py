"""Turn pydantic's errors about a spec into problems a person can act on: a path inside the spec as they
wrote it (`rules[1].audience.conditions[0].value`), and a message that says what was given.

Pydantic's locations name the tag of each tagged union (`rule`, `all`, `trait`) as if it were a field; the
path is found by walking the input itself, so a tag is skipped and a field of the same name is kept.
"""

from __future__ import annotations

import functools
import reprlib
from collections.abc import Sequence
from typing import Any

from pydantic_core import ErrorDetails

from orchestrator.suggest import did_you_mean

ID_HELP = "an id is lowercase letters, digits and _, starting with a letter (2 to 63 characters)"


def spec_path(data: Any, loc: tuple[Any, ...]) -> str:
    """Return the path of `loc` inside `data`, the spec as written, without the union tags."""
    parts: list[str] = []
    node, tag_read = data, False
    for key in loc:
        if isinstance(key, int):
            parts.append(f"[{key}]")
            node, tag_read = (node[key] if isinstance(node, list) and 0 <= key < len(node) else None), False
        elif isinstance(node, dict) and not tag_read and node.get("kind") == key:
            tag_read = True  # the union member pydantic chose, by this node's own `kind`
        else:
            parts.append(f".{key}" if parts else str(key))
            node, tag_read = (node.get(key) if isinstance(node, dict) else None), False
    return "".join(parts) or "(top)"


# A spec nested thousands deep (a model's `not` of a `not` of ...) would overflow repr's recursion.
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxdict, _SHORT.maxlist = 3, 78, 78, 6, 6


def shown(value: Any) -> str:
    """Return a short repr of a value from a spec, bounded in depth and length."""
    return _SHORT.repr(value)


def problem_message(error: ErrorDetails) -> str:
    """Return pydantic's message with the value that was given, or a plainer one where pydantic's is obscure."""
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        name = error["loc"][-1] if error["loc"] else ""
        return f"unknown field (given {shown(given)}){did_you_mean(str(name), _field_names())}"
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in str(error.get("ctx", {}).get("expected_tags", "")).split(",")]
        tag = str(error.get("ctx", {}).get("tag", ""))
        return f"{tag!r} is not a kind here{did_you_mean(tag, tags)} (accepted: {', '.join(tags)})"
    if kind == "union_tag_not_found":
        return _missing_kind(given)
    if kind == "string_pattern_mismatch" and error["loc"] and error["loc"][-1] == "id":
        return f"{given!r} is not a valid id: {ID_HELP}"
    if isinstance(given, dict | list):
        return str(error["msg"])
    return f"{error['msg']}, got {given!r}"


# what a condition written without its `kind` most likely is, by the field that only that kind has
_KIND_BY_FIELD = {"trait": "trait", "event": "event", "condition": "not"}


def _missing_kind(given: Any) -> str:
    """Return the message for a condition with no `kind`, naming the kind its fields point to."""
    fields = given if isinstance(given, dict) else {}
    likely = next((k for f, k in _KIND_BY_FIELD.items() if f in fields), "all" if "conditions" in fields else None)
    hint = f"; this one reads as kind: {likely}" if likely else ""
    return ("this condition has no kind" + hint + " (accepted: trait for a trait comparison, event for an event count, "
            "all or any for a group of conditions, not for one condition negated)")


def spec_problems(data: Any, errors: Sequence[ErrorDetails]) -> list[dict[str, str]]:
    """Return each error as {path, message, input}."""
    return [
        {"path": _problem_path(data, e), "message": problem_message(e), "input": shown(e.get("input"))[:80]}
        for e in errors
    ]


# The examples nest 9 levels (a policy's rules, a condition's filters); a spec nested far deeper is a `not` of a
# `not` of ... that would overflow the recursion of the SQL generator when compiled.
MAX_SPEC_DEPTH = 32


def nesting_depth(data: Any) -> int:
    """Return how deeply mappings and lists nest in `data`, counted without recursion (a spec may nest thousands deep).

    >>> nesting_depth({"kind": "all", "conditions": [{"kind": "trait"}]})
    3
    """
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _problem_path(data: Any, error: ErrorDetails) -> str:
    """Return the error's path; a `kind` that names no member of the union is the `kind` field itself."""
    path = spec_path(data, tuple(error["loc"]))
    if error["type"] != "union_tag_invalid":
        return path
    return "kind" if path == "(top)" else f"{path}.kind"


@functools.cache
def _field_names() -> tuple[str, ...]:
    """Return every field name a rule or policy spec has, at any depth (from its JSON Schema)."""
    from orchestrator.spec import spec_json_schema  # spec imports this module: read it once it is loaded

    schema = spec_json_schema()
    return tuple(sorted({name for d in schema.get("$defs", {}).values() for name in d.get("properties", {})}))
