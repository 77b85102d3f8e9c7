"""Find conditions no user can meet: `>= 5 and < 3` on one trait in an AllOf, `eq ios and eq android`.

Comparisons with constants cut a trait's domain into intervals whose ends are those constants, so testing
the constants, their neighbours and the midpoints between them finds a satisfying value when one exists.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from orchestrator.describe import describe_condition
from orchestrator.spec import AllOf, Condition, EventCondition, Policy, Rule, TraitCondition
from orchestrator.validate.report import ValidationReport
from orchestrator.validate.walk import condition_roots, walk
from warehouse.catalog import Catalog

Leaf = TraitCondition | EventCondition
MISSING = object()  # the NULL value of a trait


def holds(op: str, value: object, x: object) -> bool:
    """Evaluate one comparison on a candidate value with the compiler's NULL semantics."""
    if op == "is_null":
        return x is MISSING
    if op == "not_null":
        return x is not MISSING
    if x is MISSING:
        return False
    if op in ("in", "not_in"):
        found = isinstance(value, list) and x in value
        return found if op == "in" else not found
    try:
        if op == "between":
            return isinstance(value, list) and value[0] <= x <= value[1]  # type: ignore[operator]
        return {
            "eq": x == value, "ne": x != value,
            "gt": x > value, "gte": x >= value, "lt": x < value, "lte": x <= value,  # type: ignore[operator]
        }[op]
    except TypeError:  # a value of the wrong type: a name/value error reports it, not this check
        return True


def _numbers(leaves: Sequence[tuple[str, object]]) -> list[float]:
    found: list[float] = []
    for _, value in leaves:
        items = value if isinstance(value, list) else [value]
        found += [float(v) for v in items if isinstance(v, int | float) and not isinstance(v, bool)]
    return sorted(set(found))


def _candidates(leaves: Sequence[tuple[str, object]], kind: str, values: list[str] | None,
                low: float | None, high: float | None) -> list[object]:
    if kind == "bool":
        return [True, False, MISSING]
    if kind == "enum" and values:
        return [*values, MISSING]
    if kind in ("enum", "string"):
        mentioned = [v for _, value in leaves for v in (value if isinstance(value, list) else [value]) if v is not None]
        return [*mentioned, "\x00unmentioned", MISSING]
    points = _numbers(leaves) or [0.0]
    near = [p + d for p in points for d in (-1.0, 0.0, 1.0)]
    near += [(a + b) / 2 for a, b in itertools.pairwise(points)]
    if kind == "int":
        near = [float(int(p)) for p in near if p == int(p)]
    inside = [p for p in near if (low is None or p >= low) and (high is None or p <= high)]
    return [*inside, MISSING]


def satisfiable(leaves: Sequence[tuple[str, object]], kind: str, values: list[str] | None = None,
                low: float | None = None, high: float | None = None) -> bool:
    """Return whether one value satisfies every (op, value) comparison at once."""
    return any(all(holds(op, v, x) for op, v in leaves) for x in _candidates(leaves, kind, values, low, high))


def _conjuncts(group: AllOf) -> list[Leaf]:
    """Return the leaves that must all hold: direct children and children of nested AllOf."""
    found: list[Leaf] = []
    for child in group.conditions:
        if isinstance(child, TraitCondition | EventCondition):
            found.append(child)
        elif isinstance(child, AllOf):
            found += _conjuncts(child)
    return found


def check_group(report: ValidationReport, path: str, group: AllOf, catalog: Catalog) -> None:
    """Warn when the trait or event comparisons of one AllOf cannot all hold."""
    by_subject: dict[str, list[Leaf]] = defaultdict(list)
    for leaf in _conjuncts(group):
        key = leaf.trait if isinstance(leaf, TraitCondition) else describe_condition(
            leaf.model_copy(update={"op": "gte", "count": 0}))
        by_subject[key].append(leaf)
    for subject, leaves in by_subject.items():
        if isinstance(leaves[0], TraitCondition):
            if len(leaves) < 2:  # a lone value outside the catalog's range is an error of its own
                continue
            if not catalog.has_trait(subject):
                continue
            trait = catalog.trait(subject)
            pairs = [(c.op, c.value) for c in leaves if isinstance(c, TraitCondition)]
            ok = satisfiable(pairs, trait.type, trait.values, trait.min, trait.max)
        else:
            pairs = [(c.op, c.count) for c in leaves if isinstance(c, EventCondition)]
            ok = satisfiable(pairs, "int", low=0)
        if not ok:
            text = " and ".join(describe_condition(c) for c in leaves)
            report.warn(path, "contradiction", f"no user can match {text}: the audience is empty",
                        "remove or relax one of these conditions")


def check_contradictions(spec: Rule | Policy, catalog: Catalog) -> ValidationReport:
    """Return a warning for each all-group whose conditions on one trait or event contradict."""
    report = ValidationReport()
    for root_path, root in condition_roots(spec):
        top: Condition = root
        if isinstance(top, TraitCondition | EventCondition):
            top = AllOf(conditions=[top])  # a lone leaf can contradict the catalog's range on its own
        for path, cond in walk(top, root_path):
            if isinstance(cond, AllOf):
                check_group(report, path, cond, catalog)
    return report
