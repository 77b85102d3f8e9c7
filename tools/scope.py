"""Who a comparison covers: the segments of one trait, and the stated scopes every query is restricted to.

A segment or a filter is a catalog dimension (a `dim_users` column) or a categorical trait (an enum with
values, or a bool) of `user_traits`. `user_traits` holds each person's state as of the warehouse's data
end, so a trait segment or filter classes people by where they are at the end of the current window, not
where they were when each period began; the tools report that time as `traits_as_of`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from warehouse.catalog import Catalog
from warehouse.errors import CatalogError, InputError

Filters = dict[str, list[str]]
_BOOL_SPELLINGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def dimension_columns(catalog: Catalog) -> list[str]:
    """Return the catalog's dimensions: columns of dim_users, fixed at signup or latest identify."""
    return [d.name for d in catalog.dimensions]


def categorical_traits(catalog: Catalog) -> list[str]:
    """Return the traits a comparison can split or filter by: dimensions, enums with values, and bools."""
    dims = dimension_columns(catalog)
    traits = [t.name for t in catalog.traits if t.name not in dims and (t.type == "bool" or (t.type == "enum" and t.values))]
    return dims + traits


def uses_traits(catalog: Catalog, dimension: str, filters: Filters) -> bool:
    """Return whether the comparison reads user_traits (a segment or filter that is no dim_users column)."""
    dims = set(dimension_columns(catalog))
    return dimension not in dims or any(name not in dims for name in filters)


def accepted_values(catalog: Catalog, name: str) -> list[str] | None:
    """Return the values a trait accepts in the catalog's spelling ('true', 'false' for a bool; None: any
    value, for a dimension that is no catalog trait)."""
    if not catalog.has_trait(name):
        return None
    trait = catalog.trait(name)
    return ["true", "false"] if trait.type == "bool" else trait.values


def shown_values(values: Sequence[object], most: int = 8, width: int = 60) -> str:
    """Return values as a short list for a message: long ones cut, a long list ended with how many more.

    A message repeats what the model passed; 400,000 segments repeated back would fill its context.

    >>> shown_values(["ios", "x" * 100, *"abcdefgh"])
    "['ios', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…', 'a', 'b', 'c', 'd', 'e', 'f', … 2 more]"
    """
    cut = [repr(text if len(text := str(v)) <= width else text[:width] + "…") for v in values[:most]]
    more = [f"… {len(values) - most:,} more"] if len(values) > most else []
    return "[" + ", ".join(cut + more) + "]"


def _canonical(catalog: Catalog, name: str, values: list[str], where: str) -> list[str]:
    """Return the values in the catalog's spelling, or raise naming the accepted ones."""
    accepted = accepted_values(catalog, name)
    if accepted is None:
        return values
    by_lower = {v.lower(): v for v in accepted}
    if catalog.trait(name).type == "bool":
        by_lower.update({k: str(v).lower() for k, v in _BOOL_SPELLINGS.items()})
    unknown = [v for v in values if str(v).lower() not in by_lower]
    if unknown:
        raise CatalogError(f"unknown {name} value(s) {shown_values(unknown)}", where=where, accepted=", ".join(accepted))
    return list(dict.fromkeys(by_lower[str(v).lower()] for v in values))


def _check_name(catalog: Catalog, name: str, where: str) -> None:
    names = categorical_traits(catalog)
    if name not in names:
        raise CatalogError(f"{name!r} cannot split or filter a comparison", where=where, accepted=", ".join(names))


def check_dimension(catalog: Catalog, dimension: str, segments: list[str]) -> list[str]:
    """Return the segments in the catalog's spelling, or raise naming the accepted ones."""
    _check_name(catalog, dimension, "dimension")
    chosen = _canonical(catalog, dimension, segments, "segments")
    if len(chosen) < 2 or len(chosen) != len(segments):
        raise InputError(
            f"{len(segments):,} segment(s) given: {shown_values(segments)}", where="segments",
            accepted="two or more distinct values",
        )
    return chosen


def check_filters(catalog: Catalog, dimension: str, filters: Filters | None) -> Filters:
    """Return the filters in the catalog's spelling, or raise naming the traits and values accepted."""
    checked: Filters = {}
    for name, values in (filters or {}).items():
        _check_name(catalog, name, "filters")
        if name == dimension:
            raise InputError(f"filter on {name!r}, the compared dimension", where="filters",
                             accepted="a filter on another trait (the segments already choose its values)")
        if not values:
            raise InputError(f"filter on {name!r} keeps no value", where="filters", accepted="one or more values")
        checked[name] = _canonical(catalog, name, values, f"filters.{name}")
    return checked


def _column(catalog: Catalog, name: str) -> exp.Column:
    return exp.column(name, table="d" if name in dimension_columns(catalog) else "t")


def _literal(catalog: Catalog, name: str, value: str) -> exp.Expr:
    if catalog.has_trait(name) and catalog.trait(name).type == "bool":
        return exp.Boolean(this=_BOOL_SPELLINGS[value])
    return exp.Literal.string(value)


def is_in(catalog: Catalog, name: str, values: list[str], table: str | None = None) -> exp.Expr:
    """Return `name IN (values)`, values as the catalog types them; the column of dim_users `d` or
    user_traits `t` unless `table` names the relation that holds it."""
    column = exp.column(name, table=table) if table else _column(catalog, name)
    return column.isin(*[_literal(catalog, name, v) for v in values])


def segment_users(catalog: Catalog, dimension: str, segments: list[str], filters: Filters) -> exp.Select:
    """Return `users(user_id, segment)`: people of the chosen segments who match every filter."""
    segment: exp.Expr = _column(catalog, dimension)
    if catalog.has_trait(dimension) and catalog.trait(dimension).type == "bool":
        # A bool segment is labelled 'true' / 'false', the spelling the segments were given in.
        segment = exp.func("LOWER", exp.cast(segment, "VARCHAR"))
    query = (
        exp.select(exp.column("user_id", table="d"), segment.as_("segment"))
        .from_(exp.to_table("dim_users").as_("d"))
        .where(is_in(catalog, dimension, segments))
    )
    if uses_traits(catalog, dimension, filters):
        query = query.join(exp.to_table("user_traits").as_("t"), using=["user_id"])
    for name, values in filters.items():
        query = query.where(is_in(catalog, name, values))
    return query
