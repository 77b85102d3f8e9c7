"""Survey within a group when the prompt asks where a change of that group concentrates.

"Which segment is behind the iOS conversion drop?", "where is the drop among TikTok users concentrated?": the
one value named is not the focus set against its peers but the people to look inside; every other dimension is
surveyed among them (`DebugPlan.survey`), so the diagnosis names the segment of iOS users where the drop sits.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_scope import DebugScope
from warehouse.catalog import Catalog

# "which segment / group / cohort / users", "where … concentrated / coming from", "who is behind", "break it down"
_ASKS_WHERE = re.compile(
    r"\b(?:which|what)\s+(?:segments?|groups?|cohorts?|users|people|customers|part|slice)\b|"
    r"\bwhere\b[^?.!]*\b(?:concentrat\w*|coming from|comes? from|happening|located|sits?)\b|"
    r"\bwho\s+(?:is|are)\s+(?:behind|driving)\b|\bbreak\s*(?:it\s+)?down\b"
)


def survey_within(text: str, scope: DebugScope, catalog: Catalog) -> tuple[list[str], dict[str, list[str]]] | None:
    """Return the dimensions to survey and the filters that keep to the one value named, when the normalised
    text asks where a change of that value's people concentrates; else None."""
    if not _ASKS_WHERE.search(text) or not scope.focus_named or len(scope.named) != 1 or scope.also:
        return None
    if scope.comparison is not None:
        return None  # "iOS but not Android" sets two values against each other: that comparison stands
    dims = [d.name for d in catalog.dimensions if d.name != scope.dimension and d.name not in scope.filters]
    if not dims:
        return None
    return dims, {**scope.filters, scope.dimension: list(scope.named)}
