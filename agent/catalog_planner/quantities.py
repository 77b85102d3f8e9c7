"""Find time windows and numeric comparisons in normalised text, and blank them out for word matching.

A bare number reads as "at least": "completed 3 workouts" means `gte 3`. Ordinals ("a second workout",
"5th") are kept apart because goals use them as thresholds ("help users complete a second workout").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.text import ORDINALS
from orchestrator.spec import Scalar

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(?:\s+(days?|weeks?|months?|hours?|years?))?"
_UNIT_DAYS: dict[str, float] = {
    "hour": 1 / 24,
    "day": 1,
    "week": 7,
    "fortnight": 14,
    "month": 30,
    "quarter": 90,
    "year": 365,
}


def unit_days(unit: str) -> float:
    """Return the days one unit word spans ("weeks" → 7, "day" → 1)."""
    return _UNIT_DAYS[unit.lower().rstrip("s")]


_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

# (pattern, op); the first group is the number, an optional second number, then the unit.
_COMPARISONS: list[tuple[str, str]] = [
    (rf"\bbetween\s+{_NUM}\s*(?:and|to|-)\s*{_NUM}{_UNIT}", "between"),
    (rf"\bfrom\s+{_NUM}\s+to\s+{_NUM}{_UNIT}", "between"),
    # "1-2 open tickets", "3 to 5 workouts": a range said bare is the same span
    (rf"\b{_NUM}\s*(?:-|to)\s*{_NUM}{_UNIT}(?!\s*(?:-|to)\s*\d)", "between"),
    (
        rf"\b(?:at least|min(?:imum)?(?: of)?|no (?:less|fewer) than|not (?:less|fewer) than|at or above)\s+{_NUM}{_UNIT}",
        "gte",
    ),
    (
        rf"\b(?:at most|max(?:imum)?(?: of)?|no more than|not more than|up to|no greater than|at or below)\s+{_NUM}{_UNIT}",
        "lte",
    ),
    # "5 or more days", "3 or fewer weeks": the unit after the comparison
    (rf"\b{_NUM}\s*(?:\+|or more|or above|and up|plus)\s+(days?|weeks?|months?|hours?|years?)\b", "gte"),
    (rf"\b{_NUM}\s*(?:or (?:fewer|less)|or below|and under)\s+(days?|weeks?|months?|hours?|years?)\b", "lte"),
    (rf"\b{_NUM}\s*\+{_UNIT}", "gte"),
    (rf"\b{_NUM}{_UNIT}\s*(?:\+|or more|or above|or higher|and up|and above|plus)", "gte"),
    (rf"\b{_NUM}{_UNIT}\s*(?:or (?:fewer|less)|or below|or lower|and below|and under)", "lte"),
    (
        rf"\b(?:more than|over|above|greater than|higher than|longer than|bigger than|exceeding|exceeds)\s+{_NUM}{_UNIT}",
        "gt",
    ),
    (rf"\b(?:fewer than|less than|under|below|lower than|shorter than|smaller than)\s+{_NUM}{_UNIT}", "lt"),
    (rf"\b(?:exactly|precisely|just|only)\s+{_NUM}{_UNIT}", "eq"),
    # "isn't 1", "other than 1": the negation belongs to the number (blanked with it), not to the mention.
    (
        rf"\b(?:(?:is|are|was|were|equals?) not(?: equal to)?|not equal to|other than|anything but|"
        rf"any number but|different from|except)\s+{_NUM}{_UNIT}",
        "ne",
    ),
    (rf"\b{_NUM}{_UNIT}", "bare"),
]

_ORDINAL = r"\b(?:(" + "|".join(ORDINALS) + r")|(\d+)(?:st|nd|rd|th))\b"


@dataclass(frozen=True)
class Quantity:
    """A comparison found in text: `op value` (or `between [value, high]`), with its span and unit."""

    op: str
    value: float
    high: float | None
    unit: str | None
    start: int
    end: int
    ordinal: bool = False
    bare: bool = False  # a number with no comparison word ("3 workouts"), read as at least

    @property
    def is_time(self) -> bool:
        return self.unit is not None

    def days(self) -> float:
        """Return the value converted to days (the value itself when it has no time unit)."""
        return self.value * _UNIT_DAYS.get((self.unit or "day").rstrip("s"), 1)

    def high_days(self) -> float:
        """Return a range's upper end converted to days ("2-4 weeks" ends at 28)."""
        return (self.high or self.value) * _UNIT_DAYS.get((self.unit or "day").rstrip("s"), 1)


@dataclass(frozen=True)
class TimeWindow:
    """A span of days from now: its length and the words the user used. Most windows end now ("in the
    last 14 days"); `ahead` ones start now ("tomorrow", "in the next 3 days"), `low` marks one that starts
    later ("next week": days 8 to 14), and `ago` one that is a single day back ("yesterday")."""

    days: int
    label: str
    start: int
    end: int
    ahead: bool = False
    low: int | None = None
    ago: bool = False


_WINDOWS: list[tuple[str, str | int]] = [
    (
        r"\b(?:in|within|during|over|for)?\s*(?:the\s+)?(?:last|past|previous|prior)\s+(\d+)\s+(hour|day|week|month|year)s?\b",
        "n",
    ),
    (
        r"\b(?:in|within|during|over|for)?\s*(?:the\s+)?(?:last|past|previous|prior)\s+(day|week|fortnight|month|quarter|year)\b",
        "1",
    ),
    (
        r"\b(?:in|within|during|over|for)?\s*(?:the\s+)?(?:next|coming)\s+(\d+)\s+(day|week|month)s?\b",
        "ahead",
    ),
    (r"\b(?:in|within|during|over)\s+(?:the\s+)?(?:next|coming)\s+(day|week|fortnight|month)\b", "ahead1"),
    (r"\b(?:the\s+)?coming\s+(week|fortnight|month)\b", "ahead1"),
    (r"\bnext\s+(week|month)\b", "next"),
    (r"\b(?:the\s+)?day after tomorrow\b", "ahead2"),
    (r"\btomorrow\b", "ahead1day"),
    (r"\bthis\s+(week|month|quarter|year)\b", "this"),
    (rf"\bsince\s+(?:last\s+)?({_WEEKDAYS})\b", 7),
    (r"\byesterday\b", "ago"),
    (r"\b(?:today|tonight|last 24 hours)\b", 1),
    (r"\b(?:within|in)\s+(\d+)\s+(day|week|month)s?\b", "n"),
    (r"\blately|recently\b", 14),
]


# "for a week", "in a month": one unit, written as a number of the same length so spans keep their offsets
_A_UNIT = re.compile(r"\b(for|in|within|over) (an?)(?= (?:day|week|fortnight|month|year)\b)")


def _one_unit(text: str) -> str:
    return _A_UNIT.sub(lambda m: f"{m.group(1)} {'1'.ljust(len(m.group(2)))}", text)


def extract_window(text: str) -> tuple[TimeWindow | None, str]:
    """Return the first time window in the text and the text with it blanked out."""
    text = _one_unit(text)
    for pattern, kind in _WINDOWS:
        m = re.search(pattern, text)
        if not m:
            continue
        window = _window(m, kind)
        return window, _blank(text, m.start(), m.end())
    return None, text


def _window(m: re.Match[str], kind: str | int) -> TimeWindow:
    """Build the window one `_WINDOWS` pattern matched."""
    label, start, end = m.group().strip(), m.start(), m.end()
    if kind in ("n", "ahead"):
        days = float(m.group(1)) * _UNIT_DAYS[m.group(2)]
        return TimeWindow(max(1, round(days)), label, start, end, ahead=kind == "ahead")
    if kind in ("1", "this", "ahead1"):
        return TimeWindow(round(_UNIT_DAYS[m.group(1)]), label, start, end, ahead=kind == "ahead1")
    if kind == "next":
        # "next week": the whole week after this one, days 8 to 14 from now (lengths, not calendar weeks)
        length = round(_UNIT_DAYS[m.group(1)])
        return TimeWindow(2 * length, label, start, end, ahead=True, low=length + 1)
    if kind in ("ahead1day", "ahead2"):
        return TimeWindow(1 if kind == "ahead1day" else 2, label, start, end, ahead=True)
    if kind == "ago":
        return TimeWindow(1, label, start, end, ago=True)
    return TimeWindow(max(1, round(float(kind))), label, start, end)


def relative_day_bound(window: TimeWindow, negated: bool) -> tuple[str, Scalar | list[Scalar]]:
    """Bound a trait counted in days by a window: "haven't worked out in 7 days" → at least 7 days since,
    "signed up in the last 7 days" → at most 7, "trial ends tomorrow" → at most 1 day left (a countdown
    rounded up: a trial ending today also has 1 day left), "signed up yesterday" → exactly 1 day ago, "trial
    ends next week" → between 8 and 14 days."""
    if window.ago and not negated:
        return ("eq", window.days)
    if window.low is not None and not negated:
        return ("between", [window.low, window.days])
    return ("gte", window.days) if negated else ("lte", window.days)


# "over a week ago", "longer than a month": a comparison before "a <unit>" compares with one unit
_ONE_UNIT = re.compile(
    r"\b(more than|over|longer than|less than|under|shorter than|at least|at most|up to|within)\s+an?"
    r"(?=\s+(?:day|week|month|hour|year)\b)"
)


_TIMES_FIRST = re.compile(r"\b(\d+(?:\.\d+)?) (times) or (more|fewer|less)\b")


def extract_quantities(text: str) -> tuple[list[Quantity], str]:
    """Return every comparison and ordinal in the text, in order, and the text with them blanked out."""
    text = _one_unit(_ONE_UNIT.sub(lambda m: f"{m.group(1)} 1".ljust(len(m.group())), text))
    text = _TIMES_FIRST.sub(r"\1 or \3 \2", text)  # "3 times or more" is "3 or more times" (same length)
    found: list[Quantity] = []
    for m in re.finditer(_ORDINAL, text):
        value = ORDINALS[m.group(1)] if m.group(1) else int(m.group(2))
        found.append(Quantity("ordinal", value, None, None, m.start(), m.end(), ordinal=True))
        text = _blank(text, m.start(), m.end())
    for pattern, op in _COMPARISONS:
        for m in re.finditer(pattern, text):
            numbers = [g for g in m.groups()[:-1] if g is not None]
            high = float(numbers[1]) if op == "between" and len(numbers) > 1 else None
            found.append(
                Quantity(
                    "gte" if op == "bare" else op,
                    float(numbers[0]),
                    high,
                    m.groups()[-1],
                    m.start(),
                    m.end(),
                    bare=op == "bare",
                )
            )
        text = re.sub(pattern, _blank_keeping_unit, text)
    return sorted(found, key=lambda q: q.start), text


def _blank_keeping_unit(m: re.Match[str]) -> str:
    """Blank a comparison but keep its unit word: "inactive for 10 days" still says "days"."""
    unit_group = len(m.groups())  # every comparison pattern ends with the optional unit group
    if not m.group(unit_group):
        return " " * len(m.group())
    start, end = m.start(unit_group) - m.start(), m.end(unit_group) - m.start()
    # The value is converted to days, so the word left for matching says days ("inactive for 2 weeks").
    unit = "days".ljust(end - start) if end - start >= 4 else m.group()[start:end]
    return " " * start + unit + " " * (len(m.group()) - end)


def _blank(text: str, start: int, end: int) -> str:
    """Replace a span with spaces so other spans keep their offsets."""
    return text[:start] + " " * (end - start) + text[end:]


_RANK_BEFORE = re.compile(r"\b(at least|no less than|at most|no more than)\s+([a-z][a-z_]*)\b")
# A word after a number is its unit ("2 days or less"), which `extract_quantities` reads, not a rank.
_RANK_AFTER = re.compile(
    r"(?<![\d.]\s)\b(?!at\b)([a-z][a-z_]*)\s+(or (?:higher|above|better|greater|more|lower|below|worse|less))\b"
)
_UP = ("at least", "no less than", "or higher", "or above", "or better", "or greater", "or more")


# "below high", "higher than low": a strict comparison, read only before a value word (`values`), since these
# words also compare numbers ("under 30 minutes", "more than a week")
_RANK_STRICT = re.compile(
    r"\b(above|over|higher than|more than|greater than|better than|below|under|lower than|less than|worse than)\s+"
    r"([a-z][a-z_]*)\b"
)
_ABOVE = ("above", "over", "higher than", "more than", "greater than", "better than")


def extract_ranks(text: str, values: frozenset[str] = frozenset()) -> tuple[dict[str, str], str]:
    """Return {word: "up"|"down"|"above"|"below"} for comparisons on words ("at least medium", "high or above",
    "below high": strict, only for words in `values`) and the text with the comparison words blanked; numbers
    are left to `extract_quantities`."""
    ranks: dict[str, str] = {}
    for pattern, word_group, cmp_group in ((_RANK_BEFORE, 2, 1), (_RANK_AFTER, 1, 2)):
        for m in pattern.finditer(text):
            word = m.group(word_group)
            if pattern is _RANK_AFTER and values and word not in values:
                # "medium upgrade intent or higher": the value said before the trait's name is what is ranked
                near = [w for w in text[: m.start(word_group)].split()[-3:] if w in values]
                word = near[-1] if near else word
            ranks[word] = "up" if m.group(cmp_group) in _UP else "down"
            text = _blank(text, m.start(cmp_group), m.end(cmp_group))
    for m in _RANK_STRICT.finditer(text):
        if m.group(2) in values and m.group(2) not in ranks:
            ranks[m.group(2)] = "above" if m.group(1) in _ABOVE else "below"
            text = _blank(text, m.start(1), m.end(1))
    return ranks, text
