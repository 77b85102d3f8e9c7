"""Checks that need the warehouse: empty audiences and rules fully shadowed by a higher priority."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from orchestrator.compile import audiences_query, necessary_for_any
from orchestrator.compile.aggregates import count_if
from orchestrator.compile.as_of import AsOf, resolve_as_of
from orchestrator.eligibility import eligible_condition
from orchestrator.spec import Condition, Policy, Rule
from orchestrator.validate.report import ValidationReport
from orchestrator.validate.walk import rule_paths


def audience_counts(
    con: duckdb.DuckDBPyConnection, rules: list[Rule], conditions: dict[str, Condition], as_of: AsOf
) -> tuple[int, dict[str, int], dict[tuple[str, str], int], dict[str, int]]:
    """Return the base size, each rule's size, pairwise overlaps and the users each shares with any higher rule.

    One scan: every condition is a boolean column of `audiences_query`, and the counts are sums over it;
    only users meeting a trait bound implied by some condition are joined to their event counts.
    """
    ordered = sorted(rules, key=lambda r: r.priority)
    flags = {r.id: exp.column(r.id, quoted=True) for r in ordered}
    columns = [count_if(flags[r.id], f"size:{r.id}") for r in ordered]
    for i, low in enumerate(ordered):
        higher = ordered[:i]
        for high in higher:
            columns.append(count_if(exp.and_(flags[low.id], flags[high.id]), f"pair:{low.id}:{high.id}"))
        if higher:
            any_higher = exp.or_(*(flags[h.id] for h in higher))
            columns.append(count_if(exp.and_(flags[low.id], exp.paren(any_higher)), f"shadow:{low.id}"))
    within = necessary_for_any(list(conditions.values()))
    audiences = audiences_query(conditions, as_of, within=within).subquery("a")
    cursor = con.execute(exp.select(*columns).from_(audiences).sql("duckdb"))
    names = [d[0] for d in cursor.description]
    values = dict(zip(names, [int(v or 0) for v in (cursor.fetchone() or [])], strict=True))
    sizes = {r.id: values[f"size:{r.id}"] for r in ordered}
    pairs = {(low.id, high.id): values[f"pair:{low.id}:{high.id}"] for i, low in enumerate(ordered) for high in ordered[:i]}
    shadowed = {r.id: values[f"shadow:{r.id}"] for r in ordered[1:]}
    base = con.execute(exp.select(exp.Count(this=exp.Star())).from_("user_traits").sql("duckdb")).fetchall()[0][0]
    return int(base), sizes, pairs, shadowed


def check_data(con: duckdb.DuckDBPyConnection, spec: Rule | Policy, as_of: AsOf) -> ValidationReport:
    """Warn about rules nobody is eligible for, or whose eligible users all qualify for higher-priority rules.

    Eligible means in the audience and neither suppressed nor stopped, as the executor sees users when it
    arbitrates; a user suppressed from a higher rule does not make it win.
    """
    report = ValidationReport()
    moment = resolve_as_of(con, as_of)
    if moment is None:
        report.warn("(top)", "no_data_end", "the warehouse has no data_end, so audiences were not counted",
                    "pass an as-of time (--as-of)")
        return report
    paths = rule_paths(spec)
    rules = [rule for _, rule in paths]
    policy = spec if isinstance(spec, Policy) else None
    eligible = {rule.id: eligible_condition(rule, policy) for rule in rules}
    base, sizes, pairs, shadowed = audience_counts(con, rules, eligible, moment)
    when = f"as of {moment.isoformat(sep=' ')}"
    for prefix, rule in paths:
        size = sizes[rule.id]
        if size == 0:
            report.warn(f"{prefix}audience", "empty_audience",
                        f"{rule.id} has 0 eligible users of {base:,} {when} (after suppressions and stop conditions)",
                        "check the thresholds against `mcc preview`, or relax a condition")
            continue
        if shadowed.get(rule.id, 0) == size:
            owners = [f"{high} ({n})" for (low, high), n in pairs.items() if low == rule.id and n > 0]
            report.warn(f"{prefix}priority", "shadowed_rule",
                        f"{rule.id} is fully shadowed: all {size} of its eligible users (100%) also qualify for "
                        f"higher-priority rules: {', '.join(owners)}; it can never win arbitration {when}",
                        "give it a higher priority, or narrow the higher rule's audience")
    return report
