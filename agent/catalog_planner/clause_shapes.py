"""Shapes of clauses the condition parser reads as a whole: a relative clause after alternatives ("in Brazil or
Germany who completed a workout"), the n-th event in a window ("their first workout this week"), a verb that
only frames a value ("signed up via TikTok"), and a value the catalog lacks ("Mexico", offered the
catalog's countries).
"""

from __future__ import annotations

import re

from agent.catalog_planner.countries import COUNTRY_NAMES
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.mentions import Mention, window_for
from agent.catalog_planner.quantities import TimeWindow
from agent.catalog_planner.text import Token
from orchestrator.spec import AllOf, Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

_RELATIVE_START = re.compile(r"\s(?=(?:who|whom|whose|that|which)\b)")


def detach_relative(groups: list[list[str]]) -> list[list[str]]:
    """Split a relative clause off the last of several alternatives: in "Brazil or Germany who completed a
    workout" the clause is said of the people, not of Germany alone, so it is a condition beside the
    alternatives (read as one alternative, "or" bound Brazil to the workout)."""
    out: list[list[str]] = []
    for group in groups:
        last = group[-1]
        m = _RELATIVE_START.search(last)
        if len(group) > 1 and m is not None and last[: m.start()].strip(" .,:;!?()"):
            out += [[*group[:-1], last[: m.start()]], [last[m.start() :]]]
        else:
            out.append(group)
    return out


def nth_in_window(
    m: Mention, window: TimeWindow | None, event: Condition, lexicon: Lexicon, approximations: list[str]
) -> Condition:
    """Read "completed their first workout this week" as the first ever (the count of all time is 1) and one
    in the window; an ordinal alone in a window would read "at least 1 this week", which any regular has."""
    q = m.quantity
    trait = lexicon.event_to_trait.get(m.event or "")
    if q is None or not q.ordinal or window is None or trait is None or m.negated or m.inner_negation:
        return event
    n = int(q.value)
    approximations.append(
        f"'{m.match.text}' number {n} {window.label} read as {trait} = {n} and a {m.event} {window.label}"
    )
    return AllOf(
        conditions=[
            TraitCondition(trait=trait, op="eq", value=n),
            EventCondition(event=m.event or "", op="gte", count=1, within_days=window_for(m, window)),
        ]
    )


def missing_value_suggestions(unmatched: list[str], catalog: Catalog) -> list[str]:
    """Return the values of the catalog's country trait when an unmatched phrase names a country it lacks
    ("Mexico"): the closest traits by spelling say nothing useful there."""
    lacked = [
        code
        for code, names in COUNTRY_NAMES.items()
        if any(re.search(rf"\b{re.escape(name)}\b", phrase.lower()) for phrase in unmatched for name in names)
    ]
    return [
        f"{trait.name} = {value}"
        for trait in catalog.traits
        if lacked and trait.values and set(lacked) - set(trait.values) and set(trait.values) <= set(COUNTRY_NAMES)
        for value in trait.values
    ]


def take_lacked_places(text: str, catalog: Catalog) -> tuple[str, list[str]]:
    """Return the text without the names of several words of countries the catalog's country trait lacks, and
    those names: "New Zealand" is refused whole (read word by word, "new" was the `new` activation state)."""
    listed = {str(v) for t in catalog.traits if t.values and set(map(str, t.values)) <= set(COUNTRY_NAMES) for v in t.values}
    if not listed:
        return text, []
    lacked: list[str] = []
    for code, names in COUNTRY_NAMES.items():
        for name in (n for n in names if " " in n and code not in listed):
            if (m := re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)) is not None:
                lacked.append(m.group(0))
                text = f"{text[: m.start()]}{' ' * len(name)}{text[m.end() :]}"
    return text, lacked


_MEANS = frozenset({"via", "through", "from", "using", "on", "with"})


def frames_a_value(m: Mention, mentions: list[Mention], tokens: list[Token], catalog: Catalog) -> bool:
    """Return True for a days trait said with no number or window right before "via|from|on …" and a value:
    "signed up via TikTok" names the source, and "signed up" alone would add "at least a day ago"."""
    if m.kind != "trait" or m.trait is None or m.quantity is not None or m.negated or m.inner_negation:
        return False
    if catalog.trait(m.trait).unit != "days":
        return False
    after = [n for n in mentions if n.kind == "value" and n.match.first > m.match.last]
    if not after:
        return False
    between = {t.text for t in tokens[m.match.last + 1 : min(n.match.first for n in after)]}
    return bool(between) and between <= _MEANS
