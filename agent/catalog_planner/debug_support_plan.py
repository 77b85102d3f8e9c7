"""Plan a support question: the measure and reasons, who to compare (a named value against the rest, the named
values against each other, or every value surveyed), the filters, and the window.

When the prompt names nothing to split by ("what's driving the ticket volume?"), every catalog dimension is
surveyed and the diagnosis keeps the one whose segment moved most.
"""

from __future__ import annotations

from agent.catalog_planner.debug_notes import period_scope_notes, unexpressed_refusal
from agent.catalog_planner.debug_scope import MAX_SURVEYED, read_scope, trait_values
from agent.catalog_planner.debug_support import (
    support_ask,
    unrecorded_kinds,
    unrecorded_reason_refusal,
    without_subject,
)
from agent.catalog_planner.debug_window import NamedPeriod
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import tokenize
from agent.types import SUPPORT_METRIC, DebugPlan, Refusal
from tools.support import REASON_PROPERTY
from warehouse.catalog import Catalog, MetricSpec


def support_spec(catalog: Catalog) -> MetricSpec:
    """Return the support measure as a metric the scope reader understands: its own words are the ticket events,
    and a trait it moves (support_risk) is not a filter (keeping one value would select on the outcome)."""
    events = [e.name for e in catalog.events if {REASON_PROPERTY, "csat_score"} & set(e.properties)]
    return MetricSpec(name=SUPPORT_METRIC, description="support tickets per active user", funnel=events)


def plan_support(
    prompt: str, text: str, named: NamedPeriod, mended: list[str], lexicon: Lexicon, catalog: Catalog,
) -> DebugPlan | Refusal:
    """Return the DebugPlan of a support question, or refuse naming a reason or group the data do not record."""
    unknown = unrecorded_kinds(text, lexicon, catalog)
    if unknown:
        return unrecorded_reason_refusal(unknown, catalog)
    ask = support_ask(text, tokenize(text), lexicon)
    scope = read_scope(tokenize(without_subject(text)), lexicon, catalog, support_spec(catalog))
    if scope is None:
        return refusal_for(["(no dimension to compare)"], [], catalog, what="dimension in")
    if scope.unexpressed and not scope.chosen:
        return unexpressed_refusal(scope.unexpressed, catalog)
    values = trait_values(catalog, scope.dimension)
    focus_named = bool(scope.named) or scope.focus_named
    segments = scope.named or (scope.segments if scope.focus_named else values[:MAX_SURVEYED])
    if not scope.chosen:
        ask.dimensions = [d.name for d in catalog.dimensions]
    not_applied = [*mended, *scope.not_applied, *period_scope_notes(named)]
    return DebugPlan(
        question=prompt.strip(), metric=SUPPORT_METRIC, dimension=scope.dimension, segments=segments,
        window_days=max(1, min(named.nominal_days, 90)), window_label=named.spec.label, period=named.spec,
        filters=scope.filters, not_applied=not_applied, focus_named=focus_named,
        comparison=scope.comparison if scope.named else None, support=ask,
    )
