"""The phrases that name a debug prompt's period and the period it is compared with, as patterns.

Each current-period pattern comes with a builder of `tools.named_periods.PeriodSpec` fields and about how
many days the period spans; calendar phrases come first, so they win over a rolling reading of the same
words. `debug_window` reads a prompt with these tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# Short month names, and the long ones; a month is read only after a preposition or before a year ("in
# may", "october 2026"), so the verb "may" and the verb "march" stay words.
MONTH_NUMBER = {**{m: i for i, m in enumerate(MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(MONTHS, 1)}, "sept": 9}
_MONTH = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_FEW = {"couple of": 2, "couple": 2, "few": 3}

# A comparison names the period compared with after one of these ("vs last week", "compared to October").
_CUE_WORD = r"(?:vs|against|than|compared (?:with|to)|comparing (?:it )?(?:with|to)|relative to)\s+"
_CUE = rf"\b{_CUE_WORD}(?:the\s+|what it was\s+)?"
CUE_WORDS = re.compile(rf"^{_CUE_WORD}")
_NAMED_MONTH = rf"(?:the month of\s+)?(?P<month>{_MONTH})\b(?:\s+(?P<year>\d{{4}}))?"


def _month_spec(m: re.Match[str]) -> dict[str, object]:
    year = int(m["year"]) if m["year"] else None
    return {"kind": "named_month", "month": MONTH_NUMBER[m["month"]], "year": year, "compare": "month_before"}


def rolling(days: float) -> dict[str, object]:
    """Return the spec fields of the last `days` days (1 to 90)."""
    return {"kind": "rolling", "days": max(1, min(90, round(days)))}


def _few(m: re.Match[str]) -> dict[str, object]:
    unit = m["unit"]
    return rolling(_FEW[m["few"]] * (UNIT_DAYS.get(unit) or 30 * UNIT_MONTHS[unit]))


def _date(p: str) -> str:
    """Return a pattern for one date, its groups prefixed with `p`: "october 20", "20th of oct", "10/20", "2026-10-20"."""
    return (rf"(?:(?P<{p}m1>{_MONTH})\.?\s+(?P<{p}d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<{p}y1>\d{{4}}))?|"
            rf"(?P<{p}d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{p}m2>{_MONTH})\b(?:,?\s+(?P<{p}y2>\d{{4}}))?|"
            rf"(?P<{p}m3>\d{{1,2}})/(?P<{p}d3>\d{{1,2}})(?:/(?P<{p}y3>\d{{4}}))?\b|"
            rf"(?P<{p}y4>\d{{4}})-(?P<{p}m4>\d{{2}})-(?P<{p}d4>\d{{2}})\b)")


def date_fields(m: re.Match[str], p: str) -> dict[str, int | None]:
    """Return the month, day and year (None when unsaid) of the date whose groups start with `p`."""
    for i in "1234":
        if m[f"{p}m{i}"] is not None:
            month = m[f"{p}m{i}"]
            year = m.groupdict().get(f"{p}y{i}")
            return {"month": int(month) if month.isdigit() else MONTH_NUMBER[month], "day": int(m[f"{p}d{i}"]),
                    "year": int(year) if year else None}
    return {}


def _range(m: re.Match[str]) -> dict[str, object]:
    start = date_fields(m, "a")
    end = date_fields(m, "b") if m["bonly"] is None else {"month": start["month"], "day": int(m["bonly"])}
    return {"kind": "date_range", **start, "until_month": end["month"], "until_day": end["day"]}


_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _part_of_month(m: re.Match[str]) -> dict[str, object]:
    """Return the date range of "the first half of October", "the second week of Oct"."""
    month, n = MONTH_NUMBER[m["month"]], _ORDINAL[m["part"]]
    first, last = ((1, 15) if n == 1 else (16, 31)) if m["what"] == "half" else (7 * n - 6, 7 * n)
    return {"kind": "date_range", "month": month, "day": first, "until_month": month, "until_day": last}


def _quarter(m: re.Match[str]) -> dict[str, object]:
    number = int(m["q"]) if m["q"] else _ORDINAL[m["ord"]]
    return {"kind": "quarter", "quarter": number, "year": int(m["year"]) if m["year"] else None,
            "compare": "shift", "shift_months": 3}


def _since_day(m: re.Match[str]) -> dict[str, object]:
    """Return the since-date fields of a full date (groups "a…") or of a day of the month alone (group "d")."""
    return {"kind": "since_date", **(date_fields(m, "a") if m["d"] is None else {"day": int(m["d"])})}


# From a moment on: "since", and "after"/"following", which analysts use for the day a change shipped.
_FROM_ON = r"(?:since|after|following)"
# A shipped change dated in the same breath: "since the release on the 20th", "after our launch on Oct 20",
# "following the pricing change of October 14": from that date. Only the date (group "when") is the period's;
# the event's own words (group "event", said with it) may name people ("since the android release on the 20th").
_DATED_EVENT = re.compile(
    rf"\b(?P<event>{_FROM_ON}\s+(?:the\s+|our\s+|we\s+|they\s+|last\s+|this\s+)?(?:[\w-]+\s+){{1,5}}?)(?P<when>(?:on|of)\s+(?:the\s+)?"
    rf"(?:{_date('a')}|(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b))"
)

_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "a couple of": 2, "a few": 3}


def _lasting(m: re.Match[str]) -> dict[str, object]:
    """Return the last N units a movement has lasted ("falling for three weeks")."""
    n = int(m["n"]) if m["n"].isdigit() else _COUNT_WORDS[m["n"]]
    unit = m["unit"]
    return rolling(n * (UNIT_DAYS.get(unit) or 30 * UNIT_MONTHS[unit]))


# How long a movement has lasted: "has been falling for three weeks", "down for 10 days" (the period is the words
# from "for"; a span after people, "inactive for 3 weeks", is no movement's and stays theirs).
_LASTING = re.compile(
    r"\b(?:\w+ing|down|up|low|lower|flat|declin\w*)\s+(?P<when>(?:for|over)\s+(?:the\s+)?(?:last\s+|past\s+)?"
    rf"(?P<n>\d+|{'|'.join(_COUNT_WORDS)})\s+(?P<unit>day|week|month)s?)\b"
)


def _week_of(m: re.Match[str]) -> dict[str, object]:
    """Return the date range of "the week of Oct 19": that day and the six after it."""
    start = date_fields(m, "a")
    first = date(2000, int(start["month"] or 1), int(start["day"] or 1))  # a leap year holds every day said
    last = first + timedelta(days=6)
    return {"kind": "date_range", **start, "until_month": last.month, "until_day": last.day}


# A shipped change dated before its name: "did the October 20 release hurt conversion?", "since our 10/12 paywall
# change": from that date (the date alone is the period's; the change's own words may name people)
_DATED_CHANGE = re.compile(
    rf"\b(?P<event>(?:{_FROM_ON}\s+)?(?:the|our|this|that))\s+(?P<when>{_date('a')})\s+(?:[\w-]+\s+){{0,2}}?(?:release|"
    r"launch|update|deploy\w*|"
    r"rollout|redesign|relaunch|migration|outage|incident|change)\b"
)

_DATES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], dict[str, object]], int]] = [
    (_DATED_EVENT, _since_day, 7),
    (_DATED_CHANGE, lambda m: {"kind": "since_date", **date_fields(m, "a")}, 7),
    (re.compile(rf"\b(?:the\s+)?week\s+(?:of|starting|beginning|from)\s+(?:the\s+)?{_date('a')}"), _week_of, 7),
    (_LASTING, _lasting, 0),
    (re.compile(rf"\b(?:the\s+)?(?P<part>first|1st|second|2nd|third|3rd|fourth|4th)\s+(?P<what>half|week)\s+of\s+"
                rf"(?P<month>{_MONTH})\b"), _part_of_month, 7),
    (re.compile(rf"\b(?:from|between)\s+(?:the\s+)?{_date('a')}\s*(?:to|until|till|through|thru|and|-)\s*(?:the\s+)?"
                rf"(?:{_date('b')}|(?P<bonly>\d{{1,2}})(?:st|nd|rd|th)?\b)"), _range, 7),
    # "between the 20th and the 25th": days of the latest month that holds them
    (re.compile(r"\b(?:from|between)\s+the\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)\s*(?:to|until|till|through|thru|and|-)\s*"
                r"(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)\b"),
     lambda m: {"kind": "date_range", "day": int(m["d1"]), "until_day": int(m["d2"])}, 7),
    (re.compile(rf"\b{_FROM_ON}\s+(?:the\s+)?{_date('a')}"), lambda m: {"kind": "since_date", **date_fields(m, "a")}, 7),
    (re.compile(r"\bsince\s+(?:the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th))\b"),
     lambda m: {"kind": "since_date", "day": int(m["d"] or m["d2"])}, 7),
    # "after the 25th" with nothing it counts after it ("after the 2nd workout" is no date)
    (re.compile(r"\b(?:after|following)\s+the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?!(?:vs|versus|compared|and|"
                r"but|on|in|for|when|while|so|of|at|because|why|what|how)\b)[a-z])"),
     lambda m: {"kind": "since_date", "day": int(m["d"])}, 7),
    (re.compile(rf"\bon\s+(?:the\s+)?{_date('a')}"), lambda m: {"kind": "date", **date_fields(m, "a")}, 1),
    # "since September", "since the start of October": from that month's first day
    (re.compile(rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?{_NAMED_MONTH}"),
     lambda m: {"kind": "since_date", "month": MONTH_NUMBER[m["month"]], "day": 1,
                "year": int(m["year"]) if m["year"] else None}, 31),
]
# (pattern, spec builder, nominal days): the current period's phrases, first the calendar ones.
CURRENT_PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], dict[str, object]], int]] = [
    *_DATES,
    (re.compile(r"\b(?:l|last|past)\s*(?P<n>\d+)\s*(?P<u>d|h|hrs?)\b"),
     lambda m: rolling(int(m["n"]) / (1 if m["u"] == "d" else 24)), 0),
    (re.compile(rf"\bsince\s+(?:last\s+|this\s+|on\s+)?(?P<day>{'|'.join(WEEKDAYS)})\b"),
     lambda m: {"kind": "since_weekday", "weekday": WEEKDAYS.index(m["day"])}, 7),
    (re.compile(rf"\b(?:between|from)\s+(?:last\s+|this\s+)?(?P<day>{'|'.join(WEEKDAYS)})\s+(?:and|to|through|till|until)\s+"
                r"(?:today|now)\b"), lambda m: {"kind": "since_weekday", "weekday": WEEKDAYS.index(m["day"])}, 7),
    # "between Monday and Wednesday": the latest whole run of those days, against the same days a week before
    (re.compile(rf"\b(?:between|from)\s+(?:last\s+|this\s+)?(?P<day>{'|'.join(WEEKDAYS)})\s+(?:and|to|through|thru|till|"
                rf"until|-)\s+(?:last\s+|this\s+)?(?P<until>{'|'.join(WEEKDAYS)})\b"),
     lambda m: {"kind": "weekday", "weekday": WEEKDAYS.index(m["day"]), "until_weekday": WEEKDAYS.index(m["until"]),
                "compare": "shift", "shift_days": 7}, 7),
    (re.compile(rf"\b(?:on|last|this past)\s+(?P<day>{'|'.join(WEEKDAYS)})\b"),
     lambda m: {"kind": "weekday", "weekday": WEEKDAYS.index(m["day"])}, 1),
    (re.compile(r"\b(?:(?:in|during|for|over|throughout)\s+)?(?:the\s+)?(?:q(?P<q>[1-4])|(?P<ord>first|second|third|"
                r"fourth)\s+quarter)\b(?:\s+(?:of\s+)?(?P<year>\d{4}))?"), _quarter, 92),
    (re.compile(r"(?<!the )(?<!past )(?<!in )\b(?P<which>this|last)\s+quarter\b"),
     lambda m: {"kind": "quarter", "back": 1, "compare": "shift", "shift_months": 3} if m["which"] == "last"
     else {"kind": "quarter", "back": 0}, 92),
    (re.compile(r"\b(?:so far this week|this week so far|week to date|wtd|since the (?:start|beginning) of (?:the|this) week)\b"),
     lambda m: {"kind": "since_weekday", "weekday": 0}, 7),
    # "year to date", "since the start of the year": from January 1st of the data's last year
    (re.compile(r"\b(?:(?:so far\s+)?this year(?: so far)?|year to date|ytd|since the (?:start|beginning) of (?:the|this) "
                r"year)\b"), lambda m: {"kind": "since_date", "month": 1, "day": 1}, 90),
    (re.compile(r"\b(?:so far this quarter|this quarter so far|quarter to date|qtd|since the (?:start|beginning) of "
                r"(?:the|this) quarter)\b"), lambda m: {"kind": "quarter", "back": 0}, 92),
    (re.compile(r"\b(?:(?:since|on|for|from)\s+)?yesterday\b"), lambda m: {"kind": "day", "back": 1}, 1),
    (re.compile(r"\b(?:(?:so far|for|on|from)\s+)?(?:today|tonight|this morning|this afternoon)\b"),
     lambda m: {"kind": "day", "back": 0}, 1),
    # "weekend signups" are people, not the period
    (re.compile(r"\b(?:(?:over|during|on|at|for|from|this|last|past)\s+)?(?:the\s+)?(?:last\s+|past\s+)?weekend\b"
                r"(?!\s+(?:sign-?ups?|users?|cohorts?|installs?|customers?|people|trials?|trialists|visitors)\b)"),
     lambda m: {"kind": "weekend"}, 2),
    (re.compile(r"\b(?:(?:so far\s+)?this month(?: so far)?|month to date|mtd|"
                r"since the (?:start|beginning) of (?:the|this) month)\b"),
     lambda m: {"kind": "month", "back": 0}, 31),
    (re.compile(r"(?<!the )(?<!past )(?<!in )\b(?:(?:during|for|over)\s+)?last month\b"),
     lambda m: {"kind": "month", "back": 1, "compare": "month_before"}, 31),
    # a month followed by a day is a date ("of Oct 19"), not the month
    (re.compile(rf"\b(?:in|during|for|over|throughout|across|through|of)\s+{_NAMED_MONTH}(?!\.?\s*\d)"), _month_spec, 31),
    (re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b"), _month_spec, 31),
    (re.compile(r"\b(?:in|during|for|over|throughout|across|through|since)\s+(?P<year>(?:19|20)\d{2})\b"),
     lambda m: {"kind": "named_year", "year": int(m["year"])}, 90),
    (re.compile(r"\b(?:(?:in|over|during|for)\s+)?(?:the\s+)?(?:last|past|previous)\s+(?:(?P<few>couple of|couple|few)\s+)"
                r"(?P<unit>day|week|month)s\b"), _few, 0),
    (re.compile(r"\b(?:(?:in|over|during|for)\s+)?(?:the\s+)?(?:last|past|previous|this)\s+fortnight\b"),
     lambda m: rolling(14), 14),
]
# Period over period, with no period of its own: one unit compared with the one before it.
OVER = re.compile(r"\b(?P<unit>day|week|month|quarter|year)[\s-]+over[\s-]+(?P=unit)\b|\b(?P<short>dod|wow|mom|yoy)\b")
SHORT_UNIT = {"dod": "day", "wow": "week", "mom": "month", "yoy": "year"}

# The period compared with, after a cue: the same period earlier, the unit before, a named month.
COMPARED_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_CUE + r"(?:the\s+)?(?:same|equivalent|corresponding)\s+(?:period|time|days?|dates?|window|"
                r"stretch|point|weekdays?|week)\s+(?:(?:of|in|from)\s+)?(?:the\s+)?(?:last|previous|prior)\s+"
                r"(?P<unit>week|month|quarter|year)\b"), "shift"),
    (re.compile(_CUE + r"(?:the\s+)?(?:same|equivalent|corresponding)\s+(?:period|time|days?|dates?|window|"
                r"stretch|point|weekdays?)\s+(?:a|1|one)\s+(?P<unit>week|month|quarter|year)\s+(?:ago|earlier|before)\b"),
     "shift"),
    (re.compile(_CUE + r"(?:(?:the\s+)?(?:previous|prior|preceding|last)\s+(?P<unit>day|week|fortnight|month|quarter|year)|"
                r"(?:the\s+)?(?P<unit2>day|week|fortnight|month|quarter|year)\s+before|a\s+(?P<unit3>week|month|year)\s+ago)\b"),
     "unit"),
    (re.compile(r"\bsince\s+(?:the\s+)?(?:last|previous|prior)\s+(?P<unit>week|month|quarter|year)\b"), "unit"),
    (re.compile(_CUE + r"(?:the\s+)?yesterday\b"), "yesterday"),
    (re.compile(_CUE + r"(?:(?:the\s+)?(?:previous|prior|preceding|last)\s+weekend|(?:the\s+)?weekend\s+before)\b"),
     "weekend"),
    (re.compile(_CUE + r"(?:the\s+)?(?:previous|prior|preceding)\s+(?:period|window|days|one)\b|"
                + _CUE + r"(?:the\s+)?(?:period|window|days)\s+before\b|" + _CUE + r"before\b"), "before"),
    # "compared with Sep 28 to Oct 4": the same length moved back to that start (before the named month reading)
    (re.compile(_CUE + rf"(?:(?:from|between)\s+)?(?:the\s+)?{_date('c')}\s*(?:to|until|till|through|thru|and|-)\s*"
                rf"(?:the\s+)?(?:{_date('e')}|\d{{1,2}}(?:st|nd|rd|th)?\b)"), "range"),
    (re.compile(_CUE + r"(?:in\s+)?" + _NAMED_MONTH + r"(?!\.?\s*\d)"), "month"),
]
# A time placed by an event the warehouse has no date for ("since the app update", "after the redesign").
UNPLACED = re.compile(
    r"\b(?:since|after|following)\s+(?:the\s+|our\s+|we\s+|they\s+|last\s+|this\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:launch\w*|releas\w*|update\w*|deploy\w*|redesign\w*|migrat\w*|outage|incident|rollout|relaunch\w*|"
    r"(?:price|pricing|paywall|onboarding)\s+change|changes?\s+to\s+\w+)\b"
    # a week by its number ("in week 43", "wk 42"): which days it is depends on a year and a week rule not said
    r"|\b(?:(?:in|during|for|over)\s+)?(?:iso\s+)?(?:week|wk)\s*#?\d{1,2}\b(?!\s*(?:days?|weeks?|workouts?|users?))"
)
