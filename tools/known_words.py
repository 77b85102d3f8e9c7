"""Words a query result may show the model unmarked: the catalog's own, and the query's own literals."""

from __future__ import annotations

from typing import get_args

import sqlglot
from sqlglot import exp

from orchestrator.spec import Channel
from warehouse.catalog import Catalog


def catalog_words(catalog: Catalog) -> frozenset[str]:
    """Return every name and value the catalog lists (traits, events, properties, dimensions, metrics, channels)."""
    words: set[str] = set(get_args(Channel))
    for trait in catalog.traits:
        words |= {trait.name, *(trait.values or [])}
    for event in catalog.events:
        words.add(event.name)
        for name, prop in event.properties.items():
            words |= {name, *(prop.values or [])}
    words |= {d.name for d in catalog.dimensions}
    for metric in catalog.metrics:
        words |= {metric.name, *metric.funnel}
    return frozenset(words)


def query_literals(safe_sql: str) -> frozenset[str]:
    """Return the string literals a query writes: its own labels, which tell the model nothing it did not say."""
    tree = sqlglot.parse_one(safe_sql, read="duckdb")
    return frozenset(str(lit.this) for lit in tree.find_all(exp.Literal) if lit.is_string)
