"""State shared by the compiler passes: table names, the as-of expression and the event-count CTEs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlglot import exp

TRAITS_ALIAS = "t"
COUNT_COLUMN = "n"


@dataclass
class CompileContext:
    """One compilation: event conditions register a CTE here once and are referenced by alias."""

    as_of: exp.Expr
    traits_table: str = "user_traits"
    events_table: str = "fct_events"
    ctes: dict[str, tuple[str, exp.Select]] = field(default_factory=dict)

    def trait_column(self, name: str) -> exp.Column:
        """Return `t.<name>` (quoted by sqlglot when needed)."""
        return exp.column(name, table=TRAITS_ALIAS)

    def register_cte(self, key: object, select: exp.Select) -> str:
        """Add `select` as a CTE under a stable alias; identical event conditions share one CTE."""
        fingerprint = json.dumps(key, sort_keys=True, default=str)
        if fingerprint not in self.ctes:
            self.ctes[fingerprint] = (f"ev_{len(self.ctes) + 1}", select)
        return self.ctes[fingerprint][0]

    def table(self, name: str) -> exp.Table:
        """Parse a possibly schema-qualified table name into a table expression."""
        return exp.to_table(name)
