"""Plan a debug prompt: the metric it names, the dimension and values to compare, and the window.

When one value is named ("why did conversion drop on iOS"), it is compared with every other value when the
dimension has at most four, else with the first other value the catalog lists. When no dimension is named,
the catalog's first dimension is used with its values.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_metric import debug_metric
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import normalize, tokenize
from agent.types import DebugPlan, Refusal
from warehouse.catalog import Catalog

MAX_SEGMENTS = 4
_SUBJECT = re.compile(
    r"\b(?:why|how come)\s+(?:did|does|is|are|has|have|was|were)\s+(?:the\s+|our\s+)?(.+?)\s+"
    r"(?:drop|fall|fell|decline|decrease|go|rise|rose|increase|spike|change|jump|dip|tank|improve|worsen|down|up|so|lower|higher)"
)
DEFAULT_WINDOW = (7, "last 7 days")


def _segments(focus: list[str], values: list[str]) -> list[str]:
    if not focus:
        return values[:MAX_SEGMENTS]
    if len(focus) > 1:
        return focus[:MAX_SEGMENTS]
    others = [v for v in values if v not in focus]
    return focus + (others if len(values) <= MAX_SEGMENTS else others[:1])


def plan_debug(prompt: str, catalog: Catalog, lexicon: Lexicon) -> DebugPlan | Refusal:
    """Return the DebugPlan of a 'why did X change' prompt, or refuse naming the missing metric."""
    window, rest = extract_window(normalize(prompt))
    tokens = tokenize(rest)
    metric = debug_metric(tokens, lexicon, catalog)
    if metric is None:
        subject = _SUBJECT.search(rest)
        phrase = subject.group(1).strip() if subject else prompt.strip()
        return Refusal(
            reason=f"'{phrase}' is not a catalog metric, so there is no funnel to compare.",
            unmatched_phrases=[phrase],
            suggestions=[m.name for m in catalog.metrics],
        )
    dimensions = [d.name for d in catalog.dimensions]
    named: dict[str, list[str]] = {}
    for m in lexicon.match(tokens, kinds={"value"}):
        for e in m.entries:
            if e.name in dimensions and e.value is not None and e.value not in named.setdefault(e.name, []):
                named[e.name].append(e.value)
    said = [e.name for m in lexicon.match(tokens, kinds={"dimension"}) for e in m.entries]
    dimension = next(iter(named), None) or next(iter(said), None) or (dimensions[0] if dimensions else None)
    if dimension is None:
        return refusal_for(["(no dimension to compare)"], [], catalog, what="dimension in")
    values = catalog.trait(dimension).values or [] if catalog.has_trait(dimension) else []
    segments = _segments(named.get(dimension, []), values)
    if not segments:
        return refusal_for([dimension], [], catalog, what="dimension values for")
    days, label = (window.days, window.label) if window else DEFAULT_WINDOW
    return DebugPlan(
        question=prompt.strip(),
        metric=metric,
        dimension=dimension,
        segments=segments,
        window_days=max(1, min(days, 90)),
        window_label=label,
    )
