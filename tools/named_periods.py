"""Periods named on the calendar ("since Monday", "yesterday", "in October", "Q3", "since Oct 20"), laid
against the data end.

A prompt names its period relative to the warehouse's "now" (its data end), not the wall clock, so a
`PeriodSpec` says what was named and `resolve_periods` turns it into dates once the data end is known.
The last day of the data is the day the data end falls in (an end at midnight closes the day before).
A date, month or quarter without a year is the latest one on or before the data's last day.
The comparison is the period of the same length immediately before, unless the spec names another: a
shift ("the same period last month", "week over week"), the calendar month before ("in October" is
compared with September), or a named month ("October vs August"). Every period is start-exclusive and
end-inclusive (`start < time <= end`), like the tools' rolling windows.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from warehouse.errors import InputError

PeriodKind = Literal["rolling", "since_weekday", "weekday", "day", "weekend", "month", "named_month", "quarter",
                     "named_year", "since_date", "date", "date_range"]
CompareKind = Literal["before", "shift", "month_before", "named_month"]
_DAY = timedelta(days=1)


class Periods(BaseModel):
    """The current window and the one it is compared with (by default the same length just before it).

    Both are start-exclusive, end-inclusive: `start < t <= end`, so an event at the data end counts.
    """

    days: float = Field(description="the current window's length in days")
    current_start: datetime
    current_end: datetime
    previous_start: datetime
    previous_end: datetime
    bounds: str = "start < time <= end"
    notes: list[str] = Field(default_factory=list, description="what the reader should know about the periods")


class PeriodSpec(BaseModel):
    """A current period named relative to the data end, and the period it is compared with."""

    kind: PeriodKind = Field("rolling", description="rolling N days, since a weekday, one day, the weekend, a month")
    days: int = Field(7, ge=1, le=90, description="rolling: the window's length in days")
    weekday: int | None = Field(None, ge=0, le=6, description="since_weekday, weekday: 0 is Monday, 6 is Sunday")
    until_weekday: int | None = Field(None, ge=0, le=6, description="weekday: the last day of a run of weekdays "
                                                                    "('Monday to Wednesday'), the latest whole run")
    back: int = Field(0, ge=0, le=24, description="day: 0 today, 1 yesterday; month, quarter: 0 this one, 1 the last")
    quarter: int | None = Field(None, ge=1, le=4, description="quarter: Q1 to Q4 (the latest one in the data)")
    month: int | None = Field(None, ge=1, le=12, description="named_month: 1 is January (the latest one in the data)")
    year: int | None = Field(None, ge=1970, le=2200, description="named_month: its year, when the prompt says it; "
                                                                 "named_year: the year")
    day: int | None = Field(None, ge=1, le=31, description="since_date, date, date_range: the day of `month` "
                                                          "(no month: the latest such day in the data)")
    until_month: int | None = Field(None, ge=1, le=12, description="date_range: the month of its last day")
    until_day: int | None = Field(None, ge=1, le=31, description="date_range: its last day (inclusive)")
    compare: CompareKind = Field("before", description="before: same length just before; shift: moved back; "
                                                       "month_before: the calendar month before; named_month")
    shift_days: int = Field(0, ge=0, le=366, description="shift: days to move the current period back")
    shift_months: int = Field(0, ge=0, le=24, description="shift: calendar months to move it back")
    compare_month: int | None = Field(None, ge=1, le=12, description="compare named_month: 1 is January")
    label: str = Field("", description="the words the period was named with")
    compare_label: str = Field("", description="the words the compared period was named with, if any")


def last_day(end: datetime) -> date:
    """Return the last calendar day the data covers: an end at midnight closes the day before.

    >>> last_day(datetime(2026, 11, 2)), last_day(datetime(2026, 11, 2, 9, 30))
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 2))
    """
    return (end - timedelta(microseconds=1)).date()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def add_months(moment: datetime, months: int) -> datetime:
    """Return the same day and time `months` later (earlier when negative), clamped to the month's end.

    >>> add_months(datetime(2026, 3, 31), -1)
    datetime.datetime(2026, 2, 28, 0, 0)
    """
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _month_of(day: date, month: int, not_after: date) -> datetime:
    """Return the start of the latest `month` whose first day is on or before `not_after`."""
    year = day.year if month <= day.month else day.year - 1
    first = datetime(year, month, 1)
    return first if first.date() <= not_after else first.replace(year=year - 1)


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _dated(year: int | None, month: int | None, day: int, not_after: date) -> date:
    """Return that day of the year given, else of the latest year (and month, when none is given) that puts
    it on or before `not_after`."""
    if month is None:
        candidate = _clamped(not_after.year, not_after.month, day)
        return candidate if candidate <= not_after else _clamped(*_month_before(not_after), day)
    if year is not None:
        return _clamped(year, month, day)
    candidate = _clamped(not_after.year, month, day)
    return candidate if candidate <= not_after else _clamped(not_after.year - 1, month, day)


def _month_before(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def named_period(spec: PeriodSpec, end: datetime) -> tuple[datetime, datetime]:
    """Return the (start, end) of the whole period the spec names, for data ending at `end` (a month or a
    day may run past the data end; `resolve_periods` cuts it there)."""
    day = last_day(end)
    if spec.kind == "rolling":
        return end - timedelta(days=spec.days), end
    if spec.kind == "weekday" and spec.until_weekday is not None:
        # the latest whole run: it ends on the latest such last weekday
        last = day - (day.weekday() - spec.until_weekday) % 7 * _DAY
        start = _midnight(last - ((spec.until_weekday - (spec.weekday or 0)) % 7) * _DAY)
        return start, _midnight(last) + _DAY
    if spec.kind in ("since_weekday", "weekday"):
        start = _midnight(day - (day.weekday() - (spec.weekday or 0)) % 7 * _DAY)
        return start, (end if spec.kind == "since_weekday" else start + _DAY)
    if spec.kind == "day":
        start = _midnight(day - spec.back * _DAY)
        return start, start + _DAY
    if spec.kind == "weekend":
        saturday = _midnight(day - (day.weekday() - 5) % 7 * _DAY)
        return saturday, saturday + 2 * _DAY
    if spec.kind in ("since_date", "date", "date_range"):
        start = _midnight(_dated(spec.year, spec.month, spec.day or 1, day))
        if spec.kind == "since_date":
            return start, end
        if spec.kind == "date":
            return start, start + _DAY
        # The range ends on the first such day on or after its start.
        until = (spec.until_month or start.month, spec.until_day or start.day)
        last = _clamped(start.year, *until)
        last = last if last >= start.date() else _clamped(start.year + 1, *until)
        return start, _midnight(last) + _DAY
    if spec.kind == "quarter":
        if spec.quarter is not None:
            start = datetime(spec.year or day.year, 3 * spec.quarter - 2, 1)
            start = start if spec.year is not None or start.date() <= day else start.replace(year=day.year - 1)
        else:
            start = add_months(datetime(day.year, 3 * ((day.month - 1) // 3) + 1, 1), -3 * spec.back)
        return start, add_months(start, 3)
    if spec.kind == "named_year":
        start = datetime(spec.year or day.year, 1, 1)
        return start, start.replace(year=start.year + 1)
    if spec.kind == "month":
        start = add_months(_midnight(day.replace(day=1)), -spec.back)
    elif spec.year is not None:
        start = datetime(spec.year, spec.month or 1, 1)
    else:
        start = _month_of(day, spec.month or 1, day)
    return start, add_months(start, 1)


def previous_period(spec: PeriodSpec, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Return the (start, end) the current period is compared with."""
    if spec.compare == "shift":
        return (add_months(start, -spec.shift_months) - spec.shift_days * _DAY,
                add_months(end, -spec.shift_months) - spec.shift_days * _DAY)
    if spec.compare == "month_before":
        first = _midnight(start.date().replace(day=1))
        return add_months(first, -1), first
    if spec.kind == "named_year" and spec.compare == "before":
        return datetime(start.year - 1, 1, 1), datetime(start.year, 1, 1)
    if spec.compare == "named_month":
        first = _month_of(start.date(), spec.compare_month or 1, start.date() - _DAY)
        return first, add_months(first, 1)
    return start - (end - start), start


def period_dates(start: datetime, end: datetime) -> str:
    """Say a start-exclusive period in dates: whole days as 'first to last day', else as timestamps.

    >>> period_dates(datetime(2026, 10, 26), datetime(2026, 11, 2))
    '2026-10-26 to 2026-11-01'
    >>> period_dates(datetime(2026, 11, 1), datetime(2026, 11, 2))
    '2026-11-01'
    """
    if start.time() == time() and end.time() == time():
        first, last = start.date(), last_day(end)
        return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    return f"{start.isoformat(sep=' ', timespec='minutes')} to {end.isoformat(sep=' ', timespec='minutes')}"


def resolve_periods(spec: PeriodSpec, end: datetime, data_start: datetime | None) -> Periods:
    """Lay the spec against the data end; raise naming the dates the data covers when it misses a period.

    The current period must lie in the data; the compared one must reach into it (one it reaches in part
    is noted in `notes`).
    """
    start, stop = named_period(spec, end)
    current_end = min(stop, end)
    previous_start, previous_end = previous_period(spec, start, current_end)
    first = data_start if data_start is not None else start
    named = f"'{spec.label}'" if spec.label else "the window"
    missing = ""
    if current_end <= start or start < first:
        in_full = " in full" if first < current_end and start < first else ""
        missing = f"{named} is {period_dates(start, stop)}, which the data does not cover{in_full}"
    elif previous_end <= first:
        missing = f"{named} is compared with {period_dates(previous_start, previous_end)}, which the data does not cover"
    if missing:
        # the data's bounds ride along so a caller can lay the nearest period it can compare (`covered_instead`)
        raise InputError(missing, where="window", accepted=f"a period within the data, which covers "
                                                           f"{period_dates(first, end)} (data end {end.isoformat(sep=' ')})",
                         details={"missing": missing, "data_start": first.isoformat(), "data_end": end.isoformat()})
    notes = []
    if previous_start < first:
        notes.append(f"The compared period {period_dates(previous_start, previous_end)} starts before the data "
                     f"(which begins {first.isoformat(sep=' ')}), so it holds only part of that period.")
    return Periods(days=(current_end - start) / _DAY, current_start=start, current_end=current_end,
                   previous_start=previous_start, previous_end=previous_end, notes=notes)


# Calendar periods step by whole units toward the data, so "in March" stays a calendar month.
_UNIT_MONTHS = {"month": 1, "named_month": 1, "quarter": 3, "named_year": 12}


def _fits(spec: PeriodSpec, end: datetime, first: datetime) -> bool:
    try:
        resolve_periods(spec, end, first)
    except InputError:
        return False
    return True


def _calendar_unit(spec: PeriodSpec, start: datetime) -> PeriodSpec:
    """Return the spec of the whole month, quarter or year that begins at `start`, named with its year and
    compared as such a unit is by default (a month with the month before, a quarter or year with the same
    length before), or moved back as the prompt said."""
    monthly = spec.kind in ("month", "named_month")
    compare = "shift" if spec.compare == "shift" else "month_before" if monthly else "before"
    fields: dict[str, object] = {"compare": compare, "shift_days": spec.shift_days,
                                 "shift_months": spec.shift_months, "year": start.year}
    if spec.kind == "named_year":
        return PeriodSpec.model_validate({**fields, "kind": "named_year", "label": str(start.year)})
    if spec.kind == "quarter":
        quarter = (start.month - 1) // 3 + 1
        return PeriodSpec.model_validate({**fields, "kind": "quarter", "quarter": quarter,
                                          "label": f"q{quarter} {start.year}"})
    return PeriodSpec.model_validate({**fields, "kind": "named_month", "month": start.month,
                                      "label": f"{calendar.month_name[start.month].lower()} {start.year}"})


def _mostly_covered(spec: PeriodSpec, end: datetime) -> bool:
    """Return whether the data end leaves at least half of the period the spec names (a month cut to its
    first day is no stand-in for a whole month)."""
    start, stop = named_period(spec, end)
    return (min(stop, end) - start) * 2 >= stop - start


def covered_instead(spec: PeriodSpec, end: datetime, first: datetime) -> PeriodSpec | None:
    """Return the period nearest to the one `spec` names that the data, from `first` to `end`, can compare.

    A month, quarter or year is moved by whole units toward the data ("March 2025" becomes the first month
    the data holds with its month before reaching in; "October vs July" with July missing keeps October
    against September); any other period, or a unit the data cannot hold, keeps its length (at most half
    the data) at the data's near edge: its first days when the period lies before the data, else its last.
    None when the data is too short to compare two periods.
    """
    start, stop = named_period(spec, end)
    forward = start < first
    unit = _UNIT_MONTHS.get(spec.kind)
    if unit is not None:
        for step in range(40):
            moved = add_months(_midnight(start.date().replace(day=1)), unit * step * (1 if forward else -1))
            if (moved >= end) if forward else (moved + timedelta(days=31 * unit) < first):
                break  # past the data
            candidate = _calendar_unit(spec, moved)
            if _mostly_covered(candidate, end) and _fits(candidate, end, first):
                return candidate
    # whole days after the first midnight in the data, so the compared period holds no time before it
    opening = _midnight(first.date()) + (_DAY if first.time() != time() else timedelta(0))
    half = int((end - opening) / _DAY) // 2
    days = min(max(1, round((stop - start) / _DAY)), half, 90)
    if days < 1:
        return None
    label = f"the nearest {days} day{'s' if days != 1 else ''} the data can compare"
    if not forward:
        return PeriodSpec(kind="rolling", days=days, label=label)
    begin = (opening + days * _DAY).date()
    last = begin + (days - 1) * _DAY
    candidate = PeriodSpec(kind="date_range", year=begin.year, month=begin.month, day=begin.day,
                           until_month=last.month, until_day=last.day, label=label)
    return candidate if _fits(candidate, end, first) else None
