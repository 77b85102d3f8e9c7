"""Read the period a debug prompt compares, on the calendar and relative to the data end.

"since Monday" runs from the latest Monday to the data end, "yesterday" is the last whole day before the
data's last day, "over the weekend" the latest Saturday and Sunday, "this month" the month to date,
"last month" and "in October" whole calendar months (quarters alike: "this quarter", "Q3"), "in 2025" a
year; "on Monday" and "last Tuesday" that day; "since October 20", "since the 20th", "on Oct 28", "from Oct
12 to 18" and "the first half of October" are dates (of the latest year and month that put them in the
data); "in the last 3 days", "past fortnight", "L7D" and "this week" are that many days up to the data
end. The comparison is the same length immediately before, unless the prompt names one: "vs last week"
and "week over week" move the period back a week, "compared to the same period last month" a calendar
month, "vs last month" after a calendar month is the month before, and a named month after "vs" is that
month; a whole month or quarter is compared with the one before it. A span that closes a condition on
people ("users who haven't worked out in 10 days") is the condition's, not the period. The phrases are
tables in `debug_period_phrases`; `tools.named_periods` lays the dates once the data end is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from agent.catalog_planner.debug_period_phrases import (
    COMPARED_PHRASES,
    CUE_WORDS,
    CURRENT_PHRASES,
    MONTH_NUMBER,
    OVER,
    SHORT_UNIT,
    UNIT_DAYS,
    UNIT_MONTHS,
    UNPLACED,
    date_fields,
    rolling,
)
from agent.catalog_planner.quantities import extract_window
from tools.named_periods import PeriodSpec

DEFAULT_PERIOD = PeriodSpec(kind="rolling", days=7, label="last 7 days")


@dataclass(frozen=True)
class NamedPeriod:
    """The period a prompt compares (its words are `spec.label`), about how many days it spans, the spans
    left to a condition on people, and times placed by an event the warehouse has no date for."""

    spec: PeriodSpec
    nominal_days: int
    owned: list[str]
    unplaced: list[str]


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    spec: dict[str, object]
    days: int
    lead: int  # where the words the period is said with begin ("since the release" before "on the 20th")


# A span closing a condition on people ("users who haven't worked out in 10 days") is the condition's.
_CONDITION_BEFORE = re.compile(r"\b(?:who|whose|have not|has not|had not)\b(?P<clause>[^.?!;]{0,40})$")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


@dataclass(frozen=True)
class _Comparison:
    """A named comparison: its span and words, its kind, and the unit or month it names."""

    start: int
    end: int
    words: str
    kind: str  # shift, unit, before, month or range
    unit: str = ""
    month: int = 0
    day: int = 0  # range: the day of `month` the compared period starts on


def _comparison(m: re.Match[str], kind: str) -> _Comparison:
    """Build the comparison one pattern matched: "vs yesterday" is the day before, "vs the weekend before"
    the weekend a week earlier."""
    words = " ".join(m.group().split())
    if kind == "yesterday":
        return _Comparison(m.start(), m.end(), words, "unit", "day")
    if kind == "weekend":
        return _Comparison(m.start(), m.end(), words, "shift", "week")
    if kind == "range":
        start = date_fields(m, "c")
        return _Comparison(m.start(), m.end(), words, kind, month=int(start["month"] or 0), day=int(start["day"] or 0))
    groups = m.groupdict()
    unit = next((g for g in (groups.get("unit"), groups.get("unit2"), groups.get("unit3")) if g), "")
    month = MONTH_NUMBER[m["month"]] if kind == "month" else 0
    return _Comparison(m.start(), m.end(), words, kind, unit, month)


def _compared(text: str) -> _Comparison | None:
    """Return the first comparison phrase the text names, or None."""
    found = [_comparison(m, kind) for pattern, kind in COMPARED_PHRASES for m in [pattern.search(text)] if m is not None]
    over = OVER.search(text)
    if over is not None:
        unit = over["unit"] or SHORT_UNIT[over["short"]]
        found.append(_Comparison(over.start(), over.end(), " ".join(over.group().split()), "unit", unit))
    return min(found, key=lambda c: (c.start, -c.end), default=None)


def _is_period(spec: dict[str, object]) -> bool:
    """Return whether the fields make a period: "since 13/45" or "the 45th" name no date."""
    try:
        PeriodSpec.model_validate(spec)
    except ValidationError:
        return False
    return True


def _currents(text: str) -> list[_Found]:
    """Return every current-period phrase, calendar ones first where two overlap, in order."""
    found: list[_Found] = []
    for pattern, build, days in CURRENT_PHRASES:
        for m in pattern.finditer(text):
            spec = build(m)
            # a period said within more words ("since the release on the 20th") is only its "when" group's
            start = m.start("when") if "when" in pattern.groupindex else m.start()
            lead = m.start("event") if "event" in pattern.groupindex else start
            if _is_period(spec) and not any(f.start < m.end() and start < f.end for f in found):
                found.append(_Found(start, m.end(), spec, days, lead))
    rest = text
    for f in found:
        rest = _blank(rest, f.start, f.end)
    while True:
        window, blanked = extract_window(rest)
        if window is None or window.ahead:
            break
        found.append(_Found(window.start, window.end, rolling(window.days), window.days, window.start))
        rest = blanked
    return sorted(found, key=lambda f: f.start)


def _compare_spec(compared: _Comparison, current: dict[str, object]) -> dict[str, object]:
    """Return the compare fields of the spec for a comparison phrase against the current period."""
    if compared.kind == "month":
        return {"compare": "named_month", "compare_month": compared.month}
    if compared.kind == "before":
        return {"compare": "before"}
    if compared.kind == "range":
        return _range_shift(compared, current)
    if compared.unit in UNIT_MONTHS:
        if compared.kind == "unit" and compared.unit == "month" and current.get("kind") in ("month", "named_month"):
            return {"compare": "month_before"}
        return {"compare": "shift", "shift_months": UNIT_MONTHS[compared.unit]}
    days = UNIT_DAYS[compared.unit]
    if current.get("kind") == "rolling" and current.get("days") == days:
        return {"compare": "before"}
    return {"compare": "shift", "shift_days": days}


def _range_shift(compared: _Comparison, current: dict[str, object]) -> dict[str, object]:
    """Return the shift from the current period's first day back to the compared range's ("Oct 5 to 11 compared
    with Sep 28 to Oct 4" is 7 days); the period just before when the current one names no date."""
    month, day = current.get("month"), current.get("day")
    if not isinstance(month, int) or not isinstance(day, int):
        return {"compare": "before"}
    # a leap year holds every day said; a start after the current one is the year before
    days = (date(2000, month, day) - date(2000, compared.month, compared.day)).days % 366
    return {"compare": "shift", "shift_days": days} if days else {"compare": "before"}


def _unit_days(unit: str) -> int:
    return UNIT_DAYS.get(unit) or 30 * UNIT_MONTHS[unit]


def _owned(before: str, counts: Callable[[str], bool]) -> bool:
    """Return whether a span closes a condition on people that the text before it ends with."""
    clause = _CONDITION_BEFORE.search(before)
    return clause is not None and counts(clause["clause"])


def read_period(text: str, counts: Callable[[str], bool]) -> tuple[NamedPeriod, str]:
    """Return the period normalised text names (the last 7 days when none) and the text with it blanked.

    `counts(clause)` tells whether a clause before a span counts something a span can bound ("who haven't
    worked out"), so that span belongs to the condition.
    """
    events = list(UNPLACED.finditer(text))
    compared = _compared(text)
    rest = _blank(text, compared.start, compared.end) if compared is not None else text
    owned: list[str] = []
    current: _Found | None = None
    after = 0
    for found in _currents(rest):
        # Only the span right after a condition is its own: "who have not worked out in 10 days since Monday".
        if not _owned(rest[after : found.start], counts):
            current = found
            break
        owned.append(" ".join(rest[found.start : found.end].split()))
        after = found.end
    # "since the release on the 20th" dates its event: the event is placed, so no note asks for its date
    unplaced = [" ".join(m.group().split()) for m in events
                if current is None or not (current.lead <= m.start() < current.end)]
    if current is not None:
        label = " ".join(text[current.lead : current.end].split())
        rest = _blank(rest, current.start, current.end)
        spec, days = dict(current.spec), current.days
    elif compared is not None:
        # "week over week", "vs the month before" alone: one unit; "vs the same period last month": the
        # default period.
        label = compared.words
        unit = compared.unit if compared.kind == "unit" else ("month" if compared.kind == "month" else "")
        spec = rolling(_unit_days(unit)) if unit else DEFAULT_PERIOD.model_dump(include={"kind", "days"})
        days = int(str(spec["days"]))
    else:
        return NamedPeriod(DEFAULT_PERIOD, DEFAULT_PERIOD.days, owned, unplaced), rest
    if compared is not None:
        spec.update(_compare_spec(compared, spec))
    compare_label = CUE_WORDS.sub("", compared.words) if compared is not None else ""
    period = PeriodSpec.model_validate({**spec, "label": label, "compare_label": compare_label})
    return NamedPeriod(period, days or period.days, owned, unplaced), rest
