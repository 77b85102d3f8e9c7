"""Use the validator's feedback: drop the conditions it names, or refuse saying which ones could not be fixed.

Feedback items are `{"path": "rules[1].audience.conditions[0].trait", "message": ..., "suggestion": ...}`.
A named leaf inside an `all`/`any` group is removed (the rest of the audience stands); a stop condition or
suppression it names is removed whole. An error on a whole audience cannot be fixed by dropping and is
returned as unresolved.
"""

from __future__ import annotations

import re
from typing import Any

from orchestrator.spec import Policy, Rule, parse_spec, spec_to_dict

_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
_DROPPABLE_LISTS = ("conditions", "stop_conditions", "suppressions", "where")


def _steps(path: str) -> list[tuple[str, int | None]]:
    return [(m.group(1), int(m.group(2)) if m.group(2) else None) for m in _STEP.finditer(path)]


def _drop(doc: dict[str, Any], path: str) -> bool:
    """Remove the deepest droppable list element on the path; return whether something was removed."""
    node: Any = doc
    target: tuple[str, list[Any], int] | None = None
    for key, index in _steps(path):
        if not isinstance(node, dict) or key not in node:
            break
        node = node[key]
        if index is not None:
            if not isinstance(node, list) or index >= len(node):
                break
            if key in _DROPPABLE_LISTS:
                target = (key, node, index)
            node = node[index]
    if target is None:
        return False
    key, items, index = target
    if key == "conditions" and len(items) == 1:  # a group needs one condition; the error is the whole group's
        return False
    del items[index]
    return True


def apply_feedback(
    spec: Rule | Policy, feedback: list[dict[str, Any]]
) -> tuple[Rule | Policy, list[dict[str, Any]]]:
    """Return the spec with every droppable named condition removed, and the feedback it could not act on."""
    doc = spec_to_dict(spec)
    unresolved: list[dict[str, Any]] = []
    # Deepest and last paths first, so earlier indexes stay valid while dropping.
    for item in sorted(feedback, key=lambda f: str(f.get("path", "")), reverse=True):
        if not _drop(doc, str(item.get("path", ""))):
            unresolved.append(item)
    return parse_spec(doc, source="catalog planner draft"), unresolved
