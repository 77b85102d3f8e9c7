"""Check the parts of a spec that refer to each other: ids, priorities, suppressions, channels, caps."""

from __future__ import annotations

from orchestrator.spec import Channel, FrequencyCap, Policy, Rule
from orchestrator.validate.report import ValidationReport
from orchestrator.validate.walk import rule_paths
from warehouse.catalog import Catalog


def check_unique_ids(report: ValidationReport, path: str, ids: list[str]) -> None:
    """Report every id that repeats an earlier one in the list at `path`."""
    for i, item_id in enumerate(ids):
        if ids.index(item_id) != i:
            report.error(f"{path}[{i}].id", "duplicate_id", f"id {item_id!r} is used twice in {path}",
                         "give each its own id")


def check_policy_rules(report: ValidationReport, spec: Policy) -> None:
    """Report duplicate rule ids and priorities, and suppressions naming rules that do not exist."""
    ids = [r.id for r in spec.rules]
    priorities = [r.priority for r in spec.rules]
    for i, rule in enumerate(spec.rules):
        if ids.index(rule.id) != i:
            report.error(f"rules[{i}].id", "duplicate_rule_id", f"rule id {rule.id!r} is used twice",
                         "give each rule its own id")
        first = priorities.index(rule.priority)
        if first != i:
            report.error(f"rules[{i}].priority", "duplicate_priority",
                         f"{rule.id} and {spec.rules[first].id} both have priority {rule.priority}: "
                         "arbitration needs an order",
                         f"a priority not used by another rule (used: {sorted(set(priorities))})")
    check_unique_ids(report, "suppressions", [s.id for s in spec.suppressions])
    for i, sup in enumerate(spec.suppressions):
        if sup.applies_to == "all":
            continue
        for j, name in enumerate(sup.applies_to):
            if name not in ids:
                report.error(f"suppressions[{i}].applies_to[{j}]", "unknown_rule_reference",
                             f"suppression {sup.id} applies to {name!r}, which is not a rule of this policy",
                             f"one of {', '.join(dict.fromkeys(ids))}, or all")


def check_rule(
    report: ValidationReport, prefix: str, rule: Rule, catalog: Catalog, global_cap: FrequencyCap | None,
    channel_caps: dict[Channel, FrequencyCap] | None = None,
) -> None:
    """Report bad channel plans, unknown conversion events, duplicate ids, and caps the plan cannot fit."""
    if rule.channels[0].only_if != "always":
        report.error(f"{prefix}channels[0].only_if", "bad_channel_plan",
                     f"the first step cannot depend on a previous message ({rule.channels[0].only_if})",
                     "only_if: always on the first step")
    if rule.conversion and not catalog.has_event(rule.conversion.event):
        close = catalog.closest(rule.conversion.event, kind="event")
        report.error(f"{prefix}conversion.event", "unknown_event",
                     f"conversion event {rule.conversion.event!r} is not in the catalog",
                     f"did you mean {', '.join(close)}?" if close else "an event from the catalog")
    check_unique_ids(report, f"{prefix}stop_conditions", [s.id for s in rule.stop_conditions])
    check_unique_ids(report, f"{prefix}suppressions", [s.id for s in rule.suppressions])
    for i, sup in enumerate(rule.suppressions):
        if sup.applies_to != "all" and sup.applies_to != [rule.id]:
            report.error(f"{prefix}suppressions[{i}].applies_to", "unknown_rule_reference",
                         f"a rule's own suppression applies to that rule only, not {sup.applies_to}",
                         "applies_to: all, or move it to the policy's suppressions")
    caps = [(name, cap) for name, cap in (("frequency_cap", rule.frequency_cap), ("policy frequency_cap", global_cap))
            if cap is not None]
    for name, cap in caps:
        if len(rule.channels) > cap.max_sends:
            report.warn(f"{prefix}channels", "cap_below_plan",
                        f"the channel plan has {len(rule.channels)} steps but the {name} allows "
                        f"{cap.max_sends} per {cap.per_days} days: later steps will be capped",
                        "shorten the plan or raise the cap")
    for channel, cap in (channel_caps or {}).items():
        steps = sum(step.channel == channel for step in rule.channels)
        if steps > cap.max_sends:
            report.warn(f"{prefix}channels", "cap_below_plan",
                        f"the channel plan has {steps} {channel} steps but the {channel} cap allows "
                        f"{cap.max_sends} per {cap.per_days} days: later {channel} steps will not be queued",
                        f"fewer {channel} steps or a higher channel_caps.{channel}")
    if rule.holdout_share == 0:
        report.warn(f"{prefix}holdout_share", "no_holdout", f"{rule.id} has no holdout: its lift cannot be measured",
                    "a holdout_share of 0.05 to 0.1")


def check_structure(spec: Rule | Policy, catalog: Catalog) -> ValidationReport:
    """Return the cross-reference errors and plan warnings of a spec."""
    report = ValidationReport()
    global_cap = spec.frequency_cap if isinstance(spec, Policy) else None
    channel_caps = spec.channel_caps if isinstance(spec, Policy) else None
    if isinstance(spec, Policy):
        check_policy_rules(report, spec)
    for prefix, rule in rule_paths(spec):
        check_rule(report, prefix, rule, catalog, global_cap, channel_caps)
    return report
