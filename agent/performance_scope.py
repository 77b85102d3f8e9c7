"""The people a performance question is about ("is the upgrade nudge working on iOS?"): catalog values it
names, as filters the measurement keeps to, and what it says that the measurement cannot apply.

The rule's own name is read out first ("the trial policy" is not trial users). A word several traits share
is not guessed, and is said in the notes, never dropped silently. A period ("last month") measures the
users first decided in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from agent.catalog_planner.debug_cues import names_period
from agent.catalog_planner.debug_window import read_period
from agent.catalog_planner.lexicon import Lexicon, build_lexicon
from agent.catalog_planner.text import normalize, tokenize
from tools.named_periods import PeriodSpec
from tools.scope import Filters, categorical_traits
from warehouse.catalog import Catalog, load_catalog


@cache
def _default_lexicon() -> Lexicon:
    return build_lexicon(load_catalog())


def catalog_lexicon(catalog: Catalog) -> Lexicon:
    """Return the catalog's lexicon (built once for the project's own catalog)."""
    return _default_lexicon() if catalog == load_catalog() else build_lexicon(catalog)


def _without_names(prompt: str, named: list[str]) -> str:
    """Return the prompt with each rule name it said ("upgrade nudge(s)", "upgrade_nudge") blanked out."""
    for name in named:
        words = [re.escape(w) for w in name.split()]
        prompt = re.sub(r"\b" + r"[\s_-]+".join(words) + r"(?:'?s)?\b", " ", prompt, flags=re.IGNORECASE)
    return prompt


# "by platform", "per country", "across sources", "which market": each value measured apart
_SPLIT = re.compile(r"\b(?:by|per|across|for each|in each|split by|broken down by|break(?:ing)? (?:it |them )?down by|"
                    r"which|what)\s+(?:the\s+|each\s+|every\s+)?([a-z_]+(?: [a-z_]+)?)")
# two values set against each other: "on iOS or Android", "iOS vs Android"
_AGAINST = re.compile(r"\b(?:or|vs\.?|versus|compared (?:with|to)|against|than)\b")
# a dimension's synonym that names the rules themselves in a performance question
_NOT_A_SPLIT = {"campaign", "campaigns"}


def _split_trait(text: str, catalog: Catalog) -> str | None:
    """Return the dimension a "by X" / "which X" phrase names, else None."""
    names = {d.name.replace("_", " "): d.name for d in catalog.dimensions}
    names |= {syn.lower(): d.name for d in catalog.dimensions for syn in d.synonyms if syn.lower() not in _NOT_A_SPLIT}
    for m in _SPLIT.finditer(text):
        said = m.group(1)
        for candidate in (said, said.split()[0]):
            for form in (candidate, candidate.rstrip("s"), re.sub(r"ies$", "y", candidate)):
                if form in names:
                    return names[form]
    return None


@dataclass(frozen=True)
class PerformanceScope:
    """Whom a performance question measures: `filters` (trait -> values) keep the people, `by` measures each
    value of a trait apart, `period` keeps the users first decided in it; `notes` say so, and what was not
    applied (`unapplied`: the words that could mean several traits)."""

    filters: Filters
    notes: list[str]
    by: str | None = None
    period: PeriodSpec | None = None
    unapplied: tuple[str, ...] = ()


# a period said of when people did something ("users who joined in October"), not of when the rule decided them
_PEOPLE_PERIOD = re.compile(
    r"\b(?:who|that)\s+(?:\w+\s+){0,2}?(?:joined|signed up|registered|installed|started (?:a |their )?trials?|"
    r"subscribed|upgraded|converted|churned|cancelled)\s+(?:(?:in|on|during|since|over)\s+(?:the\s+)?)?"
    r"(?:last|this|past|previous|yesterday|today|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|q[1-4]|"
    r"\d+)\b(?:\s+(?:week|month|quarter|year|\d+\s+days?))?"
)
# a measurement split over time, which one cohort of first decisions cannot give
_OVER_TIME = re.compile(r"\b(?:(?:week|day|month)[- ]by[- ](?:week|day|month)|(?:by|per|each|every) (?:day|week|month)|"
                        r"weekly|daily|monthly|over time|trend(?:s|ing|ed)?)\b")
# what a rule did said in words a value shares ("paying off" is no paying subscribers): read out before values
_VERDICT_IDIOMS = re.compile(
    r"\b(?:pay(?:s|ing)?|paid)\s+(?:off|for (?:it|them)sel(?:f|ves)|(?:its|their) way)\b", re.IGNORECASE
)


def performance_scope(prompt: str, named: list[str], catalog: Catalog) -> PerformanceScope:
    """Return the people, split and period a performance question names ("by platform", or two values set
    against each other, splits; "last month" is that month's cohort of first decisions)."""
    text = normalize(_VERDICT_IDIOMS.sub(" ", _without_names(prompt, named)))
    usable = set(categorical_traits(catalog))
    filters: Filters = {}
    unapplied: list[str] = []
    for match in catalog_lexicon(catalog).match(tokenize(text), kinds={"value"}):
        entries = [e for e in match.entries if e.kind == "value" and e.name in usable and e.value is not None]
        traits = sorted({e.name for e in entries})
        if len(traits) > 1:
            options = " or ".join(f"{e.name}={e.value}" for e in entries)
            unapplied.append(f"'{match.text}' could mean {options}; not applied, say which.")
        elif traits:
            values = filters.setdefault(traits[0], [])
            values += [str(e.value) for e in entries if e.value not in values]
    by = _split_trait(text, catalog)
    if by is None and _AGAINST.search(text):
        by = next((name for name, values in filters.items() if len(values) > 1), None)
    people_period = _PEOPLE_PERIOD.search(text)
    if people_period:
        # "is the trial policy working for users who joined in October?": when they joined, not when the rule decided
        # them (it measured the users first decided in October)
        unapplied.append(f"'{people_period.group(0).strip()}' is not applied: people are kept by what a trait records "
                         "(platform, country, source, a state), and a period measures the users first decided in it.")
        text = text[: people_period.start()] + " " + text[people_period.end() :]
    period = read_period(text, lambda clause: False)[0].spec if names_period(text) else None
    over_time = _OVER_TIME.search(text)
    if over_time:
        # "how has the nudge done week by week?": was measured as one cohort, saying nothing of the split
        unapplied.append(f"'{over_time.group(0)}' is not applied: each user counts once, at their first decision, so "
                         "the measurement is one cohort; name a period ('last week', 'in October') to measure the "
                         "users first decided in it.")
    return scoped(filters, by, period, tuple(unapplied))


def scoped(filters: Filters, by: str | None, period: PeriodSpec | None, unapplied: tuple[str, ...] = ()) -> PerformanceScope:
    """Return the scope of these filters, split and period, with the notes that say them."""
    notes: list[str] = []
    kept = {name: values for name, values in filters.items() if name != by}
    if kept:
        said = "; ".join(f"{name} in ({', '.join(values)})" for name, values in kept.items())
        notes.append(f"Measured only for people with {said}.")
    if by is not None:
        notes.insert(0, f"Each {by} measured apart ({', '.join(filters[by]) if by in filters else 'its most common values'}).")
    notes += list(unapplied)
    if period is not None:
        notes.append(f"Measured over the users first decided {period.label or 'in the period named'} (each user once, "
                     "at their first decision), their conversions counted up to the data end.")
    return PerformanceScope(filters=filters, notes=notes, by=by, period=period, unapplied=unapplied)


def followed_by(earlier: PerformanceScope, later: PerformanceScope) -> PerformanceScope:
    """Return the scope of a follow-up: each part the later question names replaces that part of the earlier one.

    A filter on a trait replaces the earlier filter on it ("and on Android?" after "on iOS"), and ends an earlier
    split on it ("and on iOS?" after "by platform"); a split replaces the split and any filter on its trait
    ("split by platform" after "on iOS"); a period replaces the period. What the later one does not name stays.
    """
    filters = {t: v for t, v in earlier.filters.items() if t not in later.filters and t != later.by}
    filters.update(later.filters)
    by = later.by or (earlier.by if earlier.by not in later.filters else None)
    if by is not None and by == earlier.by and by not in filters and by in earlier.filters:
        filters[by] = earlier.filters[by]  # the values an earlier "iOS or Android" split was between
    return scoped(filters, by, later.period or earlier.period, later.unapplied)
