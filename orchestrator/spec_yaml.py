"""Read a spec's YAML strictly, and say in one line what is wrong with YAML that does not parse.

PyYAML keeps the last of two equal keys: a second `suppressions:` block written lower in a file would
silently replace the first. A spec is reviewed as written, so a repeated key is refused instead.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

HINTS = {  # PyYAML's words for the usual slips, and what to look at
    "'\\t'": "YAML indents with spaces, not tabs",
    "expected <block end>": "check the indentation of this line and of the lines just above it",
    "mapping values are not allowed here": "a 'key: value' where a value was expected: check the indentation "
    "or quote a value that holds ': '",
    "could not find expected ':'": "a line without 'key: value' inside a mapping",
    "expected ',' or '}'": "a { ... } that is not closed on its line",
    "expected ',' or ']'": "a [ ... ] that is not closed on its line",
    "end of stream": "a quote or bracket that is never closed",
}


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key repeated in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if key in seen:
                raise ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping (first on line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse YAML (or JSON, which YAML contains), refusing repeated keys."""
    return yaml.load(text, Loader=StrictLoader)  # a SafeLoader: builds plain data only


def yaml_problem(exc: yaml.YAMLError) -> str:
    """Return what is wrong, where, and a hint, on one line: 'line 23, column 5: expected …; hint'."""
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return " ".join(str(exc).split())
    mark = exc.problem_mark
    problem = " ".join(str(exc.problem).split())
    hint = next((h for words, h in HINTS.items() if words in problem), None)
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" + (f" ({hint})" if hint else "")
