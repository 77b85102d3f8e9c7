"""Spell out two values of one event property said around a single noun ("an open billing or bug ticket",
"tickets about billing or bugs") as two whole phrases, so each value keeps its noun: read as said, the second
value is left without one and the condition parser drops it or reads it as something else."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import stem

# "an open billing or bug ticket": the values sit before the noun, after any words that say its state
_BEFORE_NOUN = re.compile(
    r"\b(?P<lead>(?:(?:an?|any)\s+)?(?:(?:open|unresolved|pending|outstanding|recent)\s+)?)(?P<a>[\w-]+)\s*(?:,\s*|\s+)or\s+"
    r"(?P<b>[\w-]+)\s+(?P<noun>[\w-]+)\b",
    re.IGNORECASE,
)
# "open tickets about billing or bugs", "a ticket for billing or account issues"
_AFTER_NOUN = re.compile(
    r"\b(?P<lead>(?:(?:an?|any)\s+)?(?:(?:open|unresolved|pending|outstanding|recent)\s+)?[\w-]+\s+(?:about|for|on|over|re)\s+)"
    r"(?P<a>[\w-]+)\s*(?:,\s*|\s+)or\s+(?P<b>[\w-]+)\b",
    re.IGNORECASE,
)


def _properties(word: str, lexicon: Lexicon) -> set[tuple[str, str | None]]:
    """Return the (event, property) pairs `word` names a value of ("billing": support_ticket_created's reason)."""
    return {(e.name, e.prop) for e in lexicon.forms.get((stem(word.lower()),), []) if e.kind == "property_value"}


def _values_of_one_property(a: str, b: str, lexicon: Lexicon) -> bool:
    return bool(_properties(a, lexicon) & _properties(b, lexicon))


def spell_value_pairs(phrase: str, lexicon: Lexicon) -> str:
    """Return the phrase with "X or Y <noun>" and "<noun> about X or Y" (X, Y values of one event property)
    said as two phrases: "open billing ticket or open bug ticket"."""

    def before(m: re.Match[str]) -> str:
        if not _values_of_one_property(m["a"], m["b"], lexicon) or _properties(m["noun"], lexicon):
            return m.group(0)
        lead = m["lead"]
        return f"{lead}{m['a']} {m['noun']} or {lead}{m['b']} {m['noun']}"

    def after(m: re.Match[str]) -> str:
        if not _values_of_one_property(m["a"], m["b"], lexicon):
            return m.group(0)
        return f"{m['lead']}{m['a']} or {m['lead']}{m['b']}"

    return _AFTER_NOUN.sub(after, _BEFORE_NOUN.sub(before, phrase))
