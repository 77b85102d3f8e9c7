"""Check every trait, event and property name in the spec's conditions against the catalog."""

from __future__ import annotations

import difflib

from orchestrator.spec import EventCondition, Policy, Rule, TraitCondition
from orchestrator.validate.report import ValidationReport
from orchestrator.validate.values import check_value
from orchestrator.validate.walk import condition_roots, walk
from warehouse.catalog import Catalog
from warehouse.errors import SpecError


def _closest(names: list[str]) -> str:
    return f"did you mean {', '.join(names)}?" if names else "see `mcc rules schema` and the catalog"


def check_trait(report: ValidationReport, path: str, cond: TraitCondition, catalog: Catalog) -> None:
    if not catalog.has_trait(cond.trait):
        report.error(f"{path}.trait", "unknown_trait", f"unknown trait {cond.trait!r}",
                     _closest(catalog.closest(cond.trait, kind="trait")))
        return
    trait = catalog.trait(cond.trait)
    if not trait.filterable:
        report.error(f"{path}.trait", "not_filterable", f"{cond.trait} cannot be used in a condition",
                     "filter on a descriptive trait instead")
        return
    check_value(report, f"{path}.value", cond.trait, cond.op, cond.value, trait.type, trait.values, trait.min, trait.max)


def check_event(report: ValidationReport, path: str, cond: EventCondition, catalog: Catalog) -> None:
    if not catalog.has_event(cond.event):
        report.error(f"{path}.event", "unknown_event", f"unknown event {cond.event!r}",
                     _closest(catalog.closest(cond.event, kind="event")))
        return
    properties = catalog.event(cond.event).properties
    for i, flt in enumerate(cond.where):
        where = f"{path}.where[{i}]"
        prop = properties.get(flt.property)
        if prop is None:
            close = difflib.get_close_matches(flt.property, list(properties), n=3, cutoff=0.3)
            hint = _closest(close) if close else f"{cond.event} has properties: {', '.join(properties) or 'none'}"
            report.error(f"{where}.property", "unknown_property", f"{cond.event} has no property {flt.property!r}", hint)
            continue
        check_value(report, f"{where}.value", f"{cond.event}.{flt.property}", flt.op, flt.value, prop.type, prop.values)


def check_names(spec: Rule | Policy, catalog: Catalog) -> ValidationReport:
    """Return errors for unknown names and for values that do not fit their trait or property."""
    report = ValidationReport()
    for root_path, root in condition_roots(spec):
        for path, cond in walk(root, root_path):
            if isinstance(cond, TraitCondition):
                check_trait(report, path, cond, catalog)
            elif isinstance(cond, EventCondition):
                check_event(report, path, cond, catalog)
    return report


def require_names(spec: Rule | Policy, catalog: Catalog, doing: str) -> None:
    """Refuse (SpecError) a spec whose names or values do not fit the catalog before `doing` it ("preview",
    "compile"): it would not compile to real columns."""
    report = check_names(spec, catalog)
    if not report.ok:
        raise SpecError(
            f"cannot {doing} {spec.id}: {report.errors[0]}",
            where=report.errors[0].path,
            accepted="a spec that passes `mcc rules validate`",
            details={"errors": [e.model_dump() for e in report.errors]},
        )
