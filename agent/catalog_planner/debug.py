"""Plan a debug prompt: the metric it names, the trait and values to compare, the filters, and the window.

When one value is named ("why did conversion drop on iOS"), it is compared with every other value when the
trait has at most four, else with the first other value the catalog lists. The prompt's other stated
scopes ("for users from TikTok") become filters on every query (see `debug_scope`). When nothing is named,
the catalog's first dimension is used with its values.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_metric import debug_metric, stand_in_phrase
from agent.catalog_planner.debug_scope import read_scope
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import TimeWindow, extract_window
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import normalize, tokenize
from agent.types import DebugPlan, Refusal
from warehouse.catalog import Catalog

_SUBJECT = re.compile(
    r"\b(?:why|how come)\s+(?:did|does|is|are|has|have|was|were)\s+(?:the\s+|our\s+)?(.+?)\s+"
    r"(?:drop|fall|fell|decline|decrease|go|rise|rose|increase|spike|change|jump|dip|tank|improve|worsen|down|up|so|lower|higher)"
)
DEFAULT_WINDOW = (7, "last 7 days")
# A time span closing a condition on people ("users who haven't worked out in 10 days") is the condition's.
_CONDITION_BEFORE = re.compile(r"\b(?:who|whose|haven't|hasn't|have not|has not)\b(?P<clause>[^.?!;]{0,40})$")


def _counts_something(clause: str, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return whether a clause names an event or an amount trait, the things a time span can bound."""
    entries = [e for m in lexicon.match(tokenize(clause), kinds={"trait", "event"}) for e in m.entries]
    return any(e.kind == "event" or catalog.trait(e.name).type in ("int", "float") for e in entries)


# "month over month", "vs the week before": the period is one unit, compared with the one before it.
_PERIOD_OVER_PERIOD = re.compile(
    r"\b(?P<unit>day|week|month|quarter) over (?P=unit)\b|\b(?:vs|versus|against|than|compared (?:with|to))\s+"
    r"(?:the\s+)?(?P<before>day|week|month|quarter) before\b"
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 90}


def _period_window(text: str) -> tuple[TimeWindow | None, str]:
    """Return the first window in the text, reading "<unit> over <unit>" and "vs the <unit> before" too."""
    window, rest = extract_window(text)
    if window is not None:
        return window, rest
    m = _PERIOD_OVER_PERIOD.search(text)
    if m is None:
        return None, text
    days = _UNIT_DAYS[m["unit"] or m["before"]]
    return TimeWindow(days, " ".join(m.group().split()), m.start(), m.end()), text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]


def _comparison_window(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[TimeWindow | None, str, str | None]:
    """Return the comparison window, the text without it, and the label of a window a condition owns."""
    window, rest = _period_window(text)
    clause = _CONDITION_BEFORE.search(text[: window.start]) if window is not None else None
    if window is None or clause is None or not _counts_something(clause["clause"], catalog, lexicon):
        return window, rest, None
    later, rest = _period_window(rest)
    return later, rest, window.label


def plan_debug(prompt: str, catalog: Catalog, lexicon: Lexicon) -> DebugPlan | Refusal:
    """Return the DebugPlan of a 'why did X change' prompt, or refuse naming the missing metric."""
    window, rest, owned = _comparison_window(normalize(prompt), catalog, lexicon)
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
    not_applied = list(scope.not_applied)
    if owned:
        not_applied.append(f"'{owned}' belongs to a condition on people, so it is not the compared window.")
    stand_in = stand_in_phrase(tokens, lexicon, catalog, metric)
    if stand_in:
        not_applied.insert(0, f"'{stand_in}' as the metric: no catalog metric measures it, so the diagnosis compares "
                              f"{metric}, whose funnel ends at {spec.funnel[-1]}.")
    return DebugPlan(
        question=prompt.strip(),
        metric=metric,
        dimension=scope.dimension,
        segments=scope.segments,
        window_days=max(1, min(days, 90)),
        window_label=label,
        filters=scope.filters,
        not_applied=not_applied,
    )
