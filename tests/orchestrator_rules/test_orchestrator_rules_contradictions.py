"""The contradiction check agrees with brute force: a value satisfies every comparison iff one is found."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestrator.validate.contradictions import MISSING, holds, satisfiable

OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "between", "is_null", "not_null"]


def comparison() -> st.SearchStrategy[tuple[str, Any]]:
    number = st.integers(min_value=0, max_value=12)
    return st.one_of(
        st.tuples(st.sampled_from(OPS[:6]), number),
        st.tuples(st.sampled_from(["in", "not_in"]), st.lists(number, min_size=1, max_size=3)),
        st.tuples(st.just("between"), st.lists(number, min_size=2, max_size=2).map(sorted)),
        st.tuples(st.sampled_from(["is_null", "not_null"]), st.none()),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(comparison(), min_size=1, max_size=4))
def test_int_satisfiable_matches_brute_force(leaves: list[tuple[str, Any]]) -> None:
    # every comparison constant is within 0..12, so values 0..14 and NULL cover every case (min 0)
    brute = any(all(holds(op, v, x) for op, v in leaves) for x in [*range(15), MISSING])
    assert satisfiable(leaves, "int", low=0) == brute


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["eq", "ne", "in", "not_in", "is_null", "not_null"]),
                          st.sampled_from(["ios", "android", "web"])), min_size=1, max_size=4))
def test_enum_satisfiable_matches_brute_force(raw: list[tuple[str, str]]) -> None:
    leaves: list[tuple[str, Any]] = [
        (op, [v] if op in ("in", "not_in") else None if op in ("is_null", "not_null") else v) for op, v in raw
    ]
    values = ["ios", "android", "web"]
    brute = any(all(holds(op, v, x) for op, v in leaves) for x in [*values, MISSING])
    assert satisfiable(leaves, "enum", values) == brute
