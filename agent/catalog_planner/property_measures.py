"""A length said of an event ("a cycling workout longer than 40 minutes", "workouts of at least half an
hour", "40+ minute sessions", "of 30 minutes or more") filters that event on its numeric duration property.

Read from the catalog: a property of an event is a duration in minutes when it is numeric and its name says
so (`duration_min`, `minutes`, `length_minutes`). The phrase is cut from the clause before numbers are read,
so "40 minutes" is never taken for a time window, and the clause's event that has such a property gets the
filter; a clause with no such event is read again as said ("whose average workout is longer than 40
minutes" is the trait's value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestrator.spec import PropertyFilter
from warehouse.catalog import Catalog

_OPS = {
    "longer than": "gt", "more than": "gt", "over": "gt", "above": "gt", "greater than": "gt",
    "shorter than": "lt", "less than": "lt", "under": "lt", "below": "lt", "fewer than": "lt",
    "at least": "gte", "no less than": "gte", "at most": "lte", "no more than": "lte", "up to": "lte",
}
_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?)"
_NUMBER = r"(?P<n>\d+(?:\.\d+)?)"
# "longer than 40 minutes", "lasting at least 30 mins", "of over an hour" (normalised text: "an hour" is "1 hour"
# only after the rewrite below)
# "over 100 minutes of workouts", "60 minutes in total": a sum over events, which no one event's length says
_TOTAL = r"(?!\s+(?:of\s+(?:workouts?|sessions?|training|exercise|activity)|in total|total)\b)"
_COMPARED = re.compile(
    rf"\b(?:(?:lasting|that lasted|which lasted|of|taking|that took)\s+)?(?P<cmp>{'|'.join(sorted(_OPS, key=len, reverse=True))})"
    rf"\s+{_NUMBER}\s*{_UNIT}(?:\s+long)?\b{_TOTAL}"
)
# "40+ minute workouts", "30-minute-plus sessions"
_PLUS = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)\s*(?:\+|-?\s*plus)\s*-?\s*(?P<unit>minutes?|mins?|hours?|hrs?)\b"
    r"|\b(?P<n2>\d+(?:\.\d+)?)\s*-?\s*(?P<unit2>minutes?|mins?|hours?|hrs?)\s*-?\s*plus\b"
)
# "of 30 minutes or more", "20 mins or less": the comparison after the length
_TRAILING = re.compile(
    rf"\b(?:(?:lasting|of|taking)\s+)?{_NUMBER}\s*{_UNIT}\s+(?P<cmp>or (?:more|longer|above|over)|and (?:up|above|over)|"
    r"or (?:less|shorter|under|fewer)|and (?:under|below))\b"
)
_AN_HOUR = re.compile(r"\b(?:an|one)\s+hour\b")
_HALF_HOUR = re.compile(r"\bhalf an hour\b")


# "whose average workout is longer than 40 minutes", "usually train for over an hour": a length said of an
# average is the value of an average trait, not a filter on each event
_AVERAGE = re.compile(r"\b(?:average|avg|mean|typical(?:ly)?|usual(?:ly)?|on average|per workout|per session)\b")


def about_an_average(text: str) -> bool:
    """Return True when a normalised clause speaks of an average, whose length is a trait's value."""
    return _AVERAGE.search(text) is not None


@dataclass(frozen=True)
class Length:
    """A length said in a clause: the comparison, the minutes, and the words that said it."""

    op: str
    minutes: float
    phrase: str


def take_lengths(text: str) -> tuple[str, list[Length]]:
    """Cut the lengths out of a normalised clause: (rest, lengths)."""
    text = _AN_HOUR.sub("1 hour", _HALF_HOUR.sub("30 minutes", text))
    found: list[Length] = []

    def minutes(n: str, unit: str) -> float:
        value = float(n) * (60 if unit.startswith("h") else 1)
        return int(value) if value.is_integer() else value

    def compared(m: re.Match[str]) -> str:
        found.append(Length(_OPS[m["cmp"]], minutes(m["n"], m["unit"]), m.group(0).strip()))
        return " "

    def plus(m: re.Match[str]) -> str:
        n, unit = m["n"] or m["n2"], m["unit"] or m["unit2"]
        found.append(Length("gte", minutes(n, unit), m.group(0).strip()))
        return " "

    def trailing(m: re.Match[str]) -> str:
        op = "lte" if re.search(r"less|shorter|under|fewer|below", m["cmp"]) else "gte"
        found.append(Length(op, minutes(m["n"], m["unit"]), m.group(0).strip()))
        return " "

    text = _COMPARED.sub(compared, text)
    text = _TRAILING.sub(trailing, text)
    text = _PLUS.sub(plus, text)
    return text, found


def hours_as_minutes(text: str) -> str:
    """Say a compared length in hours in minutes ("longer than 1.5 hours" is "longer than 90 minutes"), so a
    trait counted in minutes reads its value and "hour" is never taken for a time window."""
    text = _AN_HOUR.sub("1 hour", _HALF_HOUR.sub("30 minutes", text))

    def in_minutes(m: re.Match[str]) -> str:
        unit = m["unit"] or m["unit2"] if "unit2" in m.re.groupindex else m["unit"]
        if not unit.startswith("h"):
            return m.group(0)
        n = m["n"] or m["n2"] if "n2" in m.re.groupindex else m["n"]
        value = float(n) * 60
        said = str(int(value)) if value.is_integer() else str(value)
        return m.group(0).replace(n, said, 1).replace(unit, "minutes", 1)

    for shape in (_COMPARED, _TRAILING, _PLUS):
        text = shape.sub(in_minutes, text)
    return text


def duration_property(event: str, catalog: Catalog) -> str | None:
    """Return the event's numeric property that holds a duration in minutes, if it has exactly one."""
    if not catalog.has_event(event):
        return None
    names = [
        name
        for name, spec in catalog.event(event).properties.items()
        if spec.type in ("int", "float") and re.search(r"(?:^|_)(?:min|mins|minutes|duration)(?:_|$)", name)
    ]
    return names[0] if len(names) == 1 else None


def length_filters(lengths: list[Length], events: set[str], catalog: Catalog) -> dict[str, list[PropertyFilter]]:
    """Return the property filters of each event of the clause that has a duration (none: the lengths are
    about something else, a trait's value, and the clause is read again without taking them)."""
    filters: dict[str, list[PropertyFilter]] = {}
    for event in sorted(events):
        prop = duration_property(event, catalog)
        if prop is not None:
            filters[event] = [
                PropertyFilter(property=prop, op=length.op, value=length.minutes)  # type: ignore[arg-type]
                for length in lengths
            ]
    return filters
