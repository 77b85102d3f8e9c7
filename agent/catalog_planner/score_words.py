"""Read "low CSAT" / "high momentum" through a threshold the catalog itself states, or leave it alone.

A numeric trait has no "low" of its own, but a catalog description may say where low begins: `support_risk`
is high on "mean CSAT at or below 2". Such a bound, on words that name a numeric trait, defines the
trait's low (below a bound) or high (above one) side, so "users with low CSAT" reads `avg_csat lte 2`.
A trait with no stated bound keeps the old behaviour: "low" is refused and the planner asks for a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import tokenize
from warehouse.catalog import Catalog

_BOUND = re.compile(
    r"(?P<words>(?:[a-z]+\s+){0,2}[a-z]+)\s+(?P<op>at or below|at or above|below|under|above|over)\s+"
    r"(?P<n>\d+(?:\.\d+)?)"
)
_LOW_SIDE = {"at or below": "at or below", "below": "below", "under": "below"}
_HIGH_SIDE = {"at or above": "at or above", "above": "above", "over": "above"}
_LOW_WORDS = r"low|lower|poor|bad|weak"
_HIGH_WORDS = r"high|higher|good|great|strong"


@dataclass(frozen=True)
class ScoreBound:
    """A bound a description states on a numeric trait: `side` is "low" or "high", `phrase` its comparison."""

    trait: str
    side: str
    phrase: str
    source: str


def stated_bounds(catalog: Catalog, lexicon: Lexicon) -> list[ScoreBound]:
    """Return the bounds catalog descriptions state on numeric traits ("mean CSAT at or below 2")."""
    numeric = {t.name for t in catalog.traits if t.type in ("int", "float")}
    bounds: list[ScoreBound] = []
    for owner in catalog.traits:
        for m in _BOUND.finditer((owner.description or "").lower()):
            named = [
                e.name
                for match in lexicon.match(tokenize(m["words"]), kinds={"trait"})
                for e in match.entries
                if e.name in numeric and e.name != owner.name
            ]
            if not named:
                continue
            op, n = m["op"], m["n"]
            side, word = ("low", _LOW_SIDE[op]) if op in _LOW_SIDE else ("high", _HIGH_SIDE[op])
            bound = ScoreBound(named[-1], side, f"{word} {n}", owner.name)
            if all((b.trait, b.side) != (bound.trait, bound.side) for b in bounds):
                bounds.append(bound)
    return bounds


def _surfaces(catalog: Catalog, trait: str) -> list[str]:
    spec = catalog.trait(trait)
    forms = [trait.replace("_", " "), *(spec.synonyms or [])]
    return sorted({f.lower() for f in forms}, key=len, reverse=True)


def _bounds(catalog: Catalog, lexicon: Lexicon) -> list[ScoreBound]:
    """Return the stated bounds of the catalog the lexicon was built from, read once per lexicon."""
    if lexicon.score_bounds is None:
        lexicon.score_bounds = stated_bounds(catalog, lexicon)
    return lexicon.score_bounds


def read_score_words(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, list[str]]:
    """Rewrite "low <trait>" / "high <trait>" with the catalog's stated bound; return the text and readings."""
    readings: list[str] = []
    for bound in _bounds(catalog, lexicon):
        words = _LOW_WORDS if bound.side == "low" else _HIGH_WORDS
        surfaces = "|".join(re.escape(s) for s in _surfaces(catalog, bound.trait))
        pattern = re.compile(rf"\b(?:{words})\s+({surfaces})\b", re.IGNORECASE)
        if pattern.search(text):
            text = pattern.sub(lambda m, b=bound: f"{m.group(1)} {b.phrase}", text)  # type: ignore[misc]
            readings.append(
                f"{bound.side} {bound.trait} read as {bound.phrase}, the bound {bound.source}'s description states"
            )
    return text, readings
