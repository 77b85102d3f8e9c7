"""Plan a debug prompt: the metric it names, the trait and values to compare, the filters, and the window.

When one value is named ("why did conversion drop on iOS"), it is compared with every other value when the
trait has at most four, else with the first other value the catalog lists. The prompt's other stated
scopes ("for users from TikTok") become filters on every query (see `debug_scope`). When nothing is named,
the catalog's first dimension is used with its values.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_metric import debug_metric
from agent.catalog_planner.debug_scope import read_scope
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import normalize, tokenize
from agent.types import DebugPlan, Refusal
from warehouse.catalog import Catalog

_SUBJECT = re.compile(
    r"\b(?:why|how come)\s+(?:did|does|is|are|has|have|was|were)\s+(?:the\s+|our\s+)?(.+?)\s+"
    r"(?:drop|fall|fell|decline|decrease|go|rise|rose|increase|spike|change|jump|dip|tank|improve|worsen|down|up|so|lower|higher)"
)
DEFAULT_WINDOW = (7, "last 7 days")


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
    spec = next(m for m in catalog.metrics if m.name == metric)
    scope = read_scope(tokens, lexicon, catalog, spec)
    if scope is None:
        return refusal_for(["(no dimension to compare)"], [], catalog, what="dimension in")
    if len(scope.segments) < 1:
        return refusal_for([scope.dimension], [], catalog, what="dimension values for")
    days, label = (window.days, window.label) if window else DEFAULT_WINDOW
    return DebugPlan(
        question=prompt.strip(),
        metric=metric,
        dimension=scope.dimension,
        segments=scope.segments,
        window_days=max(1, min(days, 90)),
        window_label=label,
        filters=scope.filters,
        not_applied=scope.not_applied,
    )
