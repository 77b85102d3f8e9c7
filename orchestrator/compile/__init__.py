"""Compile specs to SQL: spec condition -> sqlglot expressions -> SQL in any supported dialect.

Small passes, one per module: `as_of` (the time expression), `comparison` (NULL-safe predicates),
`trait_condition`, `event_condition` (count CTEs), `condition` (the tree) and `audience` (the query).
"""

from __future__ import annotations

from orchestrator.compile.as_of import as_of_expression, parse_as_of, resolve_as_of
from orchestrator.compile.audience import (
    DIALECTS,
    audience_query,
    audience_sql,
    audiences_query,
    audiences_sql,
    to_sql,
)
from orchestrator.compile.condition import condition_predicate
from orchestrator.compile.context import CompileContext
from orchestrator.compile.prefilter import necessary_for_any, necessary_traits

__all__ = [
    "DIALECTS",
    "CompileContext",
    "as_of_expression",
    "audience_query",
    "audience_sql",
    "audiences_query",
    "audiences_sql",
    "condition_predicate",
    "necessary_for_any",
    "necessary_traits",
    "parse_as_of",
    "resolve_as_of",
    "to_sql",
]
