"""Preview an audience before it is proposed: size, split, breakdowns, samples, overlaps, sends and SQL.

Everything is counted in one scan: the compiler's set-based query gives a boolean column per audience
(this spec's rules, their eligibility, and every approved rule) for the candidate members only, and one
aggregate per (device_os, country, activation_state) cell yields the sizes, overlaps and smallest-hash
samples, which are rolled up into totals and breakdowns in Python.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import duckdb
from sqlglot import exp

from orchestrator.compile import audience_sql, audiences_query, necessary_for_any, parse_as_of
from orchestrator.compile.aggregates import count_if
from orchestrator.eligibility import eligible_condition
from orchestrator.preview_model import HoldoutSplit, Overlap, Preview, RulePreview, SendEstimate
from orchestrator.registry import ActiveVersion, Registry
from orchestrator.spec import AnyOf, Channel, Condition, FrequencyCap, Policy, Rule
from orchestrator.validate.names import require_names
from warehouse.catalog import Catalog
from warehouse.meta import data_end
from warehouse.sqlutil import table_exists

DIMENSIONS = ("device_os", "country", "activation_state")
SAMPLE_SIZE = 5
NULL_LABEL = "(none)"


def _flag(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _aggregate(conditions: dict[str, Condition], rules: list[Rule], others: list[str], as_of: datetime) -> exp.Select:
    """Return the one-scan query: per (device_os, country, activation_state) cell, the counts and samples.

    Only members of this spec's audiences are aggregated: a trait-only bound every member satisfies is
    filtered before the event joins, and the cells (tens to hundreds) are summed in Python into totals and
    breakdowns, which is much cheaper than GROUPING SETS over every user.
    """
    within = necessary_for_any([rule.audience for rule in rules])
    flags = audiences_query(conditions, as_of, within=within)
    for dim in DIMENSIONS:
        flags = flags.select(exp.column(dim, table="t"), append=True, copy=False)
    columns: list[exp.Expr] = [exp.column(d) for d in DIMENSIONS]
    for rule in rules:
        audience = _flag(f"a:{rule.id}")
        columns += [count_if(audience, f"size:{rule.id}"), count_if(_flag(f"e:{rule.id}"), f"eligible:{rule.id}")]
        columns += [count_if(exp.and_(audience, _flag(other)), f"overlap:{rule.id}:{other}") for other in others]
        # Samples: the members with the smallest hash(user_id) (DuckDB's hash: stable for a given DuckDB
        # version, and far cheaper than md5 at 1M users); the hashes come along so cells can be merged.
        digest = exp.If(this=audience.copy(), true=exp.func("hash", exp.column("user_id")))
        columns.append(exp.alias_(exp.func("min", digest, exp.Literal.number(SAMPLE_SIZE)), f"hash:{rule.id}", quoted=True))
        ids = exp.func("min_by", exp.column("user_id"), digest.copy(), exp.Literal.number(SAMPLE_SIZE))
        columns.append(exp.alias_(ids, f"sample:{rule.id}", quoted=True))
    members = exp.or_(*(_flag(f"a:{rule.id}") for rule in rules))
    return (
        exp.select(*columns)
        .from_(flags.subquery("a"), copy=False)
        .where(members, copy=False)
        .group_by(*(exp.column(d) for d in DIMENSIONS), copy=False)
    )


def _base(con: duckdb.DuckDBPyConnection) -> int:
    """Return the number of users in `user_traits`."""
    return int(con.execute(exp.select(exp.Count(this=exp.Star())).from_("user_traits").sql("duckdb")).fetchall()[0][0])


def _rows(con: duckdb.DuckDBPyConnection, query: exp.Select) -> list[dict[str, Any]]:
    cursor = con.execute(query.sql("duckdb"))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _sends(
    rule: Rule, users: int, caps: list[FrequencyCap], channel_caps: dict[Channel, FrequencyCap] | None = None
) -> SendEstimate:
    channel_caps = channel_caps or {}
    on_channel = Counter(step.channel for step in rule.channels)
    # each channel's steps, no more than its cap allows; then no more than the overall caps allow
    rates = {c: channel_caps[c].max_sends / channel_caps[c].per_days for c in on_channel if c in channel_caps}
    steps = sum(min(float(n), rates.get(c, float(n))) for c, n in on_channel.items())
    per_user = min([steps, *(cap.max_sends / cap.per_days for cap in caps)])
    named = [f"{c.max_sends} per {c.per_days} days" for c in caps]
    named += [f"{channel} {c.max_sends} per {c.per_days} days" for channel, c in channel_caps.items() if channel in on_channel]
    capped = "capped at " + ", ".join(named) if named else "no cap"
    basis = f"{int(steps)} step(s) per day per treatment user ({capped}); assumes every step is sent"
    return SendEstimate(users=users, sends_per_user_per_day=round(per_user, 4),
                        sends_per_day=round(users * per_user, 1), basis=basis)


def _split(eligible: int, holdout_share: float, control_share: float) -> HoldoutSplit:
    control = round(eligible * control_share)
    holdout = round((eligible - control) * holdout_share)
    return HoldoutSplit(control_group_share=control_share, holdout_share=holdout_share, expected_control=control,
                        expected_holdout=holdout, expected_treatment=eligible - control - holdout)


def _resolve(
    con: duckdb.DuckDBPyConnection, spec: Rule | Policy | str, version: int | None = None
) -> tuple[Rule | Policy, int | None]:
    """Return the spec to preview: as given, or a stored rule id's `version` (default: active, else latest)."""
    if isinstance(spec, str):
        detail = Registry(con, create=False).show(spec, version)
        return detail.spec, detail.info.version
    return spec, None


def _approved(con: duckdb.DuckDBPyConnection, exclude: str) -> list[ActiveVersion]:
    """Return the approved versions of other rules and policies (none when there is no registry)."""
    if not table_exists(con, "mcc", "rule_versions"):
        return []
    return [a for a in Registry(con, create=False).active() if a.rule_id != exclude]


def _total(cells: list[dict[str, Any]], key: str) -> int:
    return sum(int(cell[key] or 0) for cell in cells)


def _breakdown(cells: list[dict[str, Any]], key: str) -> dict[str, dict[str, int]]:
    """Sum one count per value of each dimension, largest first (NULL shown as "(none)")."""
    result: dict[str, dict[str, int]] = {}
    for dim in DIMENSIONS:
        counts: dict[str, int] = {}
        for cell in cells:
            label = NULL_LABEL if cell[dim] is None else str(cell[dim])
            counts[label] = counts.get(label, 0) + int(cell[key] or 0)
        result[dim] = dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))
    return result


def _samples(cells: list[dict[str, Any]], rule_id: str) -> list[str]:
    """Merge each cell's smallest-hash members and return the user ids with the smallest hashes overall."""
    pairs = sorted(
        (digest, str(user_id))
        for cell in cells
        for digest, user_id in zip(cell[f"hash:{rule_id}"] or [], cell[f"sample:{rule_id}"] or [], strict=True)
        if digest is not None
    )
    return [user_id for _, user_id in pairs[:SAMPLE_SIZE]]


def _rule_preview(
    rule: Rule, cells: list[dict[str, Any]], base: int, policy: Policy | None,
    approved_rules: dict[str, tuple[ActiveVersion, Rule]], moment: datetime,
) -> RulePreview:
    """Assemble one rule's preview from the aggregated cells."""
    size, eligible = _total(cells, f"size:{rule.id}"), _total(cells, f"eligible:{rule.id}")
    overlaps = []
    for key, (active, other) in approved_rules.items():
        users = _total(cells, f"overlap:{rule.id}:{key}")
        overlaps.append(Overlap(rule_id=other.id, version=active.version, users=users,
                                share=round(users / size, 4) if size else 0.0))
    split = _split(eligible, rule.holdout_share, policy.control_group_share if policy else 0.0)
    caps = [c for c in (rule.frequency_cap, policy.frequency_cap if policy else None) if c is not None]
    return RulePreview(
        rule_id=rule.id, description=rule.description, priority=rule.priority, size=size,
        share=round(size / base, 4) if base else 0.0, eligible=eligible, holdout=split,
        breakdown=_breakdown(cells, f"size:{rule.id}"), sample_user_ids=_samples(cells, rule.id),
        overlaps=overlaps, sends=_sends(rule, split.expected_treatment, caps, policy.channel_caps if policy else None),
        audience_sql=audience_sql(rule.audience, as_of=moment),
    )


def preview(
    con: duckdb.DuckDBPyConnection, spec: Rule | Policy | str, catalog: Catalog, as_of: datetime | str | None = None,
    version: int | None = None,
) -> Preview:
    """Preview a rule, a policy (per rule) or a stored rule id (at `version`) as of a time (default: the data end)."""
    resolved, version = _resolve(con, spec, version)
    require_names(resolved, catalog, "preview")
    moment = parse_as_of(as_of) or data_end(con)
    policy = resolved if isinstance(resolved, Policy) else None
    rules = resolved.rules if isinstance(resolved, Policy) else [resolved]
    approved_rules = {
        f"o:{r.id}": (active, r)
        for active in _approved(con, resolved.id)
        for r in (active.spec.rules if isinstance(active.spec, Policy) else [active.spec])
    }
    conditions: dict[str, Condition] = {}
    for rule in rules:
        conditions[f"a:{rule.id}"] = rule.audience
        conditions[f"e:{rule.id}"] = eligible_condition(rule, policy)
    conditions.update({key: r.audience for key, (_, r) in approved_rules.items()})
    cells = _rows(con, _aggregate(conditions, rules, list(approved_rules), moment))
    base = _base(con)
    previews = [_rule_preview(rule, cells, base, policy, approved_rules, moment) for rule in rules]
    union: Condition = rules[0].audience if len(rules) == 1 else AnyOf(conditions=[r.audience for r in rules])
    return Preview(spec_id=resolved.id, kind=resolved.kind, version=version, as_of=moment.isoformat(sep=" "),
                   base=base, rules=previews, audience_sql=audience_sql(union, as_of=moment))
