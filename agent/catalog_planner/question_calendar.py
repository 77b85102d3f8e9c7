"""Read a data question's period on the calendar, relative to the data's end: "since Monday", "so far this week",
"yesterday", "today", "this month", "last month", "in October", "since the 3rd", "on Oct 28", "over the weekend",
"Q3", "in 2025".

The phrases are the debug path's (`debug_period_phrases`), so a question and a diagnosis mean the same days. The
question's conditions are read with the phrase standing as a rolling window of `PLACEHOLDER_DAYS` days, so every
act and day-counted trait it bounds is found as any window's is; `lay_calendar` then puts the calendar bounds,
computed in SQL from the last event's date, where that window stands. "since Monday" is from the latest Monday
on or before the data's last day up to its end; a day, weekend, month, quarter or year is that whole stretch (the
latest one in the data when no year is said), cut at the data's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError
from sqlglot import exp

from agent.catalog_planner.debug_period_phrases import CURRENT_PHRASES
from agent.catalog_planner.question_sql import data_end
from agent.types import Refusal
from tools.named_periods import PeriodSpec

# a length no question says: where it stands in the compiled SQL is the calendar period's place
PLACEHOLDER_DAYS = 3643
_DAY = exp.DataType.build("DATE")


@dataclass(frozen=True)
class CalendarPeriod:
    """A calendar period a question names: its spec, its words, and the text with the words as a window."""

    spec: PeriodSpec
    label: str
    text: str


def calendar_period(text: str) -> CalendarPeriod | None:
    """Return the first calendar period normalised text names (rolling windows are left to the condition
    reader), or None."""
    found: list[tuple[re.Match[str], PeriodSpec]] = []
    for pattern, build, _days in CURRENT_PHRASES:
        for m in pattern.finditer(text):
            fields = build(m)
            if fields.get("kind") == "rolling":
                continue
            try:
                found.append((m, PeriodSpec.model_validate({**fields, "label": " ".join(m.group().split())})))
            except ValidationError:
                continue  # "since the 45th" names no date
    if not found:
        return None
    m, spec = min(found, key=lambda f: (f[0].start(), -f[0].end()))
    said = f" in the last {PLACEHOLDER_DAYS} days "
    return CalendarPeriod(spec, spec.label, text[: m.start()] + said + text[m.end() :])


def _last_day() -> exp.Expr:
    return exp.cast(data_end(), _DAY)


def _days(n: exp.Expr | int) -> exp.Expr:
    return exp.Literal.number(n) if isinstance(n, int) else n


def _minus(day: exp.Expr, n: exp.Expr | int) -> exp.Expr:
    """Return `day - n` days (a DATE minus an integer is a DATE)."""
    return exp.Sub(this=day, expression=_days(n))


def _months(day: exp.Expr, n: exp.Expr | int, *, back: bool = False) -> exp.Expr:
    """Return the date `n` months after (or before) `day`, as a DATE."""
    shift = (exp.DateSub if back else exp.DateAdd)(this=day, expression=_days(n), unit=exp.var("MONTH"))
    return exp.cast(shift, _DAY)


def _mod(value: exp.Expr, by: int) -> exp.Expr:
    """Return `(value + by) % by`: a non-negative remainder for a value above -by."""
    return exp.Mod(this=exp.Paren(this=exp.Add(this=value, expression=exp.Literal.number(by))), expression=exp.Literal.number(by))


def _latest_weekday(weekday: int) -> exp.Expr:
    """Return the latest such weekday (0 is Monday) on or before the data's last day."""
    day = _last_day()
    # ISODOW is a BIGINT, and a DATE takes only an INTEGER off
    iso = exp.Sub(this=exp.cast(exp.DayOfWeekIso(this=day.copy()), exp.DataType.build("INT")),
                  expression=exp.Literal.number(1 + weekday))
    return _minus(day, exp.Paren(this=_mod(iso, 7)))


def _latest_date(month: int | None, day: int, year: int | None) -> exp.Expr:
    """Return that day of the year and month given, else of the latest ones that put it on or before the data's
    last day."""
    last = _last_day()
    if month is None:
        this_month = exp.DateFromParts(year=exp.Year(this=last.copy()), month=exp.Month(this=last.copy()),
                                       day=exp.Literal.number(day))
        return exp.If(this=exp.LTE(this=exp.Literal.number(day), expression=exp.Day(this=last.copy())),
                      true=this_month, false=_months(this_month.copy(), 1, back=True))
    if year is not None:
        return exp.cast(exp.Literal.string(f"{year:04d}-{month:02d}-{day:02d}"), _DAY)
    this_year = exp.DateFromParts(year=exp.Year(this=last.copy()), month=exp.Literal.number(month),
                                  day=exp.Literal.number(day))
    return exp.If(this=exp.LTE(this=this_year, expression=last.copy()), true=this_year.copy(),
                  false=_months(this_year.copy(), 12, back=True))


def bounds(spec: PeriodSpec) -> tuple[exp.Expr, exp.Expr | None]:
    """Return the first day of the period and the day after its last (None: it runs to the data's end)."""
    kind = spec.kind
    if kind == "since_weekday":
        return _latest_weekday(spec.weekday or 0), None
    if kind == "weekday":
        if spec.until_weekday is not None:
            last = _latest_weekday(spec.until_weekday)
            start = _minus(last.copy(), (spec.until_weekday - (spec.weekday or 0)) % 7)
            return start, exp.Add(this=last, expression=exp.Literal.number(1))
        start = _latest_weekday(spec.weekday or 0)
        return start, exp.Add(this=start.copy(), expression=exp.Literal.number(1))
    if kind == "day":
        start = _minus(_last_day(), spec.back)
        return start, exp.Add(this=start.copy(), expression=exp.Literal.number(1))
    if kind == "weekend":
        start = _latest_weekday(5)
        return start, exp.Add(this=start.copy(), expression=exp.Literal.number(2))
    if kind in ("since_date", "date", "date_range"):
        start = _latest_date(spec.month, spec.day or 1, spec.year)
        if kind == "since_date":
            return start, None
        if kind == "date":
            return start, exp.Add(this=start.copy(), expression=exp.Literal.number(1))
        # "between the 20th and the 25th" names no month: the range ends in the month it starts
        until_month = exp.Literal.number(spec.until_month) if spec.until_month else exp.Month(this=start.copy())
        until = exp.DateFromParts(year=exp.Year(this=start.copy()), month=until_month,
                                  day=exp.Literal.number(spec.until_day or 1))
        last = exp.If(this=exp.GTE(this=until, expression=start.copy()), true=until.copy(), false=_months(until.copy(), 12))
        return start, exp.Add(this=last, expression=exp.Literal.number(1))
    if kind == "named_year":
        year = spec.year or 1970
        return _latest_date(1, 1, year), _latest_date(1, 1, year + 1)
    month_start = exp.cast(exp.DateTrunc(unit=exp.Literal.string("month"), this=_last_day()), _DAY)
    if kind == "quarter":
        if spec.quarter is not None:
            start = _latest_date(3 * spec.quarter - 2, 1, spec.year)
        else:
            quarter_start = exp.cast(exp.DateTrunc(unit=exp.Literal.string("quarter"), this=_last_day()), _DAY)
            start = _months(quarter_start, 3 * spec.back, back=True)
        return start, _months(start.copy(), 3)
    if kind == "month":
        start = _months(month_start, spec.back, back=True)
    elif spec.year is not None:
        start = _latest_date(spec.month or 1, 1, spec.year)
    else:
        back = _mod(exp.Sub(this=exp.Month(this=_last_day()), expression=exp.Literal.number(spec.month or 1)), 12)
        start = _months(month_start, exp.Paren(this=back), back=True)
    return start, _months(start.copy(), 1)


def period_dates(spec: PeriodSpec) -> tuple[exp.Expr, exp.Expr]:
    """Return the period's first and last days as DATEs, its last cut at the data's last day."""
    start, stop = bounds(spec)
    if stop is None:
        return start, _last_day()
    return start, exp.Least(this=_minus(stop, 1), expressions=[_last_day()])


def _is_placeholder(node: exp.Expr) -> bool:
    return isinstance(node, exp.Literal) and node.is_int and int(node.name) == PLACEHOLDER_DAYS


def lay_calendar(select: exp.Query, spec: PeriodSpec) -> exp.Query:
    """Return the select with the calendar period where its placeholder window stands: an act's window becomes
    `start <= event_time < stop`, a trait counted in days since ("signed up this month") the days from the
    period's bounds to the data's last day."""
    start, stop = bounds(spec)
    as_time = exp.DataType.build("TIMESTAMP")

    def lay(node: exp.Expr) -> exp.Expr:
        if (
            isinstance(node, exp.GT)
            and isinstance(node.expression, exp.TimestampSub)
            and _is_placeholder(node.expression.expression)
        ):
            time = node.this
            inside: exp.Expr = exp.GTE(this=time.copy(), expression=exp.cast(start.copy(), as_time))
            if stop is not None:
                inside = exp.and_(inside, exp.LT(this=time.copy(), expression=exp.cast(stop.copy(), as_time)))
            return exp.Paren(this=inside)
        if isinstance(node, exp.LTE | exp.GTE) and _is_placeholder(node.expression):
            # days since a moment: on or after the start is at most (last day - start) days ago
            since_start = exp.DateDiff(this=_last_day(), expression=start.copy(), unit=exp.var("DAY"))
            if isinstance(node, exp.GTE):  # "hasn't worked out since Monday": the last time was before it
                return exp.GT(this=node.this.copy(), expression=since_start)
            within = exp.LTE(this=node.this.copy(), expression=since_start)
            if stop is None:
                return within
            before_stop = exp.DateDiff(this=_last_day(), expression=stop.copy(), unit=exp.var("DAY"))
            return exp.Paren(this=exp.and_(within, exp.GT(this=node.this.copy(), expression=before_stop)))
        return node

    laid = select.transform(lay)
    assert isinstance(laid, exp.Query)
    return laid


def unbounded_period(select: exp.Query, label: str, traits: list[str], days: int | None = None) -> Refusal | None:
    """Refuse a period that bounds nothing the select counts ("average workout minutes in October", "new users
    last week": traits kept as of the data's end), naming the traits; None when it bounds an act or a day count.
    `days`: a rolling window's length (else a calendar period, found by its placeholder). Answered, every period
    gave the same number, labelled with the period's dates, and a rolling window was dropped unsaid."""
    def bounds(node: exp.Literal) -> bool:
        # a window in days, or a time between two acts said "within 7 days" (in hours)
        return _is_placeholder(node) if days is None else node.name in (str(days), str(days * 24))

    if any(bounds(node) for node in select.find_all(exp.Literal)):
        return None
    read = sorted({c.name for c in select.find_all(exp.Column)} & set(traits) - {"user_id"})
    kept = f"{', '.join(read)} {'is' if len(read) == 1 else 'are'} kept as of the data's end" if read else "it counts everyone"
    return Refusal(
        reason=(f"I could not express: '{label}' (nothing the question counts is bounded by a period: "
                f"{kept}, not per period; acts are: ask how many users did something {label})."),
        unmatched_phrases=[label],
        suggestions=[f"how many users completed a workout {label}",
                     f"how many users signed up {label}",  # "new users in October" are its signups
                     f"how many workouts were completed {label}"],
    )


def said_back(refusal: Refusal, calendar: CalendarPeriod | None) -> Refusal:
    """Return the refusal with the placeholder window said back as the calendar words it stands for."""
    if calendar is None:
        return refusal
    # the phrase a refusal quotes may hold only part of the window's words ("'3643 days'")
    placeholder = re.compile(rf"(?:(?:in\s+)?(?:the\s+)?last\s+)?{PLACEHOLDER_DAYS} days")

    def back(words: str) -> str:
        return placeholder.sub(calendar.label, words)

    return refusal.model_copy(
        update={"reason": back(refusal.reason), "unmatched_phrases": [back(p) for p in refusal.unmatched_phrases]}
    )


def previous_calendar(spec: PeriodSpec) -> tuple[PeriodSpec, str] | None:
    """Return the calendar period just before the one the spec names ("last month" -> the month before it, "in
    October" -> September, "Q3" -> Q2, "yesterday" -> the day before) and its unit, or None for a period with no
    calendar unit before it (since Monday, a weekend, a date)."""
    if spec.kind in ("month", "day") or (spec.kind == "quarter" and spec.quarter is None):
        unit = {"month": "month", "day": "day", "quarter": "quarter"}[spec.kind]
        return spec.model_copy(update={"back": spec.back + 1, "label": f"the {unit} before"}), unit
    if spec.kind == "named_month" and spec.month is not None:
        first = spec.month == 1
        year = spec.year - 1 if first and spec.year else spec.year
        return spec.model_copy(update={"month": 12 if first else spec.month - 1, "year": year,
                                       "label": "the month before"}), "month"
    if spec.kind == "quarter" and spec.quarter is not None:
        first = spec.quarter == 1
        year = spec.year - 1 if first and spec.year else spec.year
        return spec.model_copy(update={"quarter": 4 if first else spec.quarter - 1, "year": year,
                                       "label": "the quarter before"}), "quarter"
    if spec.kind == "named_year" and spec.year is not None:
        return spec.model_copy(update={"year": spec.year - 1, "label": "the year before"}), "year"
    return None
