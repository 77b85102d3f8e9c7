"""Refuse by name a person's age ("users aged 25-34", "over 40 years old", "between the ages of 18 and 24", "in
their thirties") when no catalog trait keeps one: read word by word, the number and "age" were taken in by
other words ("account age") or dropped, and the rule went to every age ("users aged 25-34 in the US" drafted
US users)."""

from __future__ import annotations

import re

from agent.types import Refusal
from warehouse.catalog import Catalog

_N = r"\d{1,2}"
_AGE = re.compile(
    rf"(?<!account )(?<!trial )\b(?:"
    rf"aged?\s+(?:between\s+)?{_N}(?:\s*(?:-|\u2013|to|and)\s*{_N})?\+?(?!\s*(?:days?|weeks?|months?|%))|"
    rf"between\s+the\s+ages?\s+of\s+{_N}\s+and\s+{_N}|"
    rf"(?:over|under|above|below|older than|younger than|at least)\s+(?:the\s+age\s+of\s+{_N}|{_N}\s*(?:years?\s+old|yrs?\s+old|y/?o)\b)|"
    rf"{_N}\s*(?:-|\u2013|to)\s*{_N}\s*(?:year[- ]olds?|yrs?\s+old|years\s+old|y/?o)\b|"
    rf"{_N}\+?\s*(?:years?\s+old|year[- ]olds?)|"
    r"in\s+their\s+(?:teens|twenties|thirties|forties|fifties|sixties|[2-6]0s)|"
    r"gen(?:eration)?\s*[zx]\b|millennials?|boomers?"
    r")",
    re.IGNORECASE,
)


def _keeps_age(catalog: Catalog) -> bool:
    """Return True when a trait keeps a person's age (counted in years, or from a birth date)."""
    return any(t.unit == "years" or "birth" in (t.description or "").lower() for t in catalog.traits)


def refuse_person_age(prompt: str, catalog: Catalog) -> Refusal | None:
    """Return a refusal naming a person's age said in the prompt when the catalog keeps none, else None."""
    m = _AGE.search(prompt)
    if m is None or _keeps_age(catalog):
        return None
    said = m.group(0).strip()
    traits = [t.name for t in catalog.traits if t.filterable]
    tenure = [t.name for t in catalog.traits if t.unit == "days" and "account age" in t.synonyms]
    return Refusal(
        reason=f"I could not express: '{said}' (the catalog keeps no person's age: no trait records an age or a birth "
        "date" + "".join(f"; {name} is the account's age in days" for name in tenure) + f"). People can be chosen by "
        f"{', '.join(traits)}, or by the events they did: {', '.join(e.name for e in catalog.events)}.",
        unmatched_phrases=[said],
        suggestions=[*tenure, *(t for t in traits if t not in tenure)][:8],
    )
