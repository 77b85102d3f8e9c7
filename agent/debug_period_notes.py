"""Say in the diagnosis which dates it compared, and how the prompt's words were read as those periods."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from agent.types import Window
from tools.named_periods import PeriodSpec, period_dates

_WEEKDAYS = list(calendar.day_name)


def _reading(spec: PeriodSpec) -> str:
    """Say how the current period was laid against the data end."""
    if spec.kind == "rolling":
        return f"the {spec.days} day{'s' if spec.days != 1 else ''} up to the data end"
    if spec.kind == "since_weekday":
        return f"from the latest {_WEEKDAYS[spec.weekday or 0]} to the data end"
    if spec.kind == "day":
        return "the data's last day" if spec.back == 0 else f"the day {spec.back} before the data's last day"
    if spec.kind == "weekend":
        return "the latest Saturday and Sunday in the data"
    if spec.kind == "month":
        return "the month up to the data end" if spec.back == 0 else "the calendar month before the data's last month"
    if spec.kind == "named_month":
        month = calendar.month_name[spec.month or 1]
        return f"{month} {spec.year}" if spec.year else f"{month}, the latest one in the data"
    return _dated_reading(spec)


def _dated_reading(spec: PeriodSpec) -> str:
    """Say how a weekday, a date, a date range, a quarter or a year was placed in the data."""
    if spec.kind == "weekday" and spec.until_weekday is not None:
        return f"the latest whole {_WEEKDAYS[spec.weekday or 0]} to {_WEEKDAYS[spec.until_weekday]} in the data"
    if spec.kind == "weekday":
        return f"the latest {_WEEKDAYS[spec.weekday or 0]} in the data"
    if spec.kind == "since_date":
        return "from the latest such date on or before the data's last day to the data end"
    if spec.kind in ("date", "date_range"):
        return "those dates" if spec.year else "the latest such dates on or before the data's last day"
    if spec.kind == "quarter":
        if spec.quarter and spec.year:
            return f"Q{spec.quarter} {spec.year}"
        if spec.quarter:
            return f"Q{spec.quarter}, the latest one in the data"
        return "the quarter up to the data end" if spec.back == 0 else "the quarter before the data's last quarter"
    return f"the year {spec.year}"


def _compared(spec: PeriodSpec) -> str:
    """Say how the compared period was chosen."""
    if spec.compare == "shift":
        months, days = spec.shift_months, spec.shift_days
        unit = (f"{months} month{'s' if months != 1 else ''}" if months
                else "a week" if days == 7 else f"{days} day{'s' if days != 1 else ''}")
        return f"the same period moved back {unit}"
    if spec.compare == "month_before":
        return "the calendar month before"
    if spec.compare == "named_month":
        return calendar.month_name[spec.compare_month or 1]
    return "the same length immediately before"


def _days(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)) / timedelta(days=1)


def _lengths(window: Window) -> str:
    """Say the two periods' lengths when they differ (so counts are not comparable, rates are), else ''."""
    current = _days(window.current_start, window.current_end)
    previous = _days(window.previous_start, window.previous_end)
    if abs(current - previous) < 1 / 24:
        return ""
    said = [f"{d:g} day{'' if d == 1 else 's'}" for d in (round(current, 1), round(previous, 1))]
    return (f" The periods differ in length ({said[0]} against {said[1]}), so compare rates, not counts such as "
            "cohort sizes or sends.")


def shorter_period_caveat(window: Window) -> str:
    """Return the summary's caveat when the current period is markedly shorter than the compared one, or a
    single day, else ''.

    A funnel's cohort enters during its period and counts later steps only up to the period's end, so the
    users of a shorter period had less time to reach them: its later-step rates run low by construction.
    """
    current = _days(window.current_start, window.current_end)
    previous = _days(window.previous_start, window.previous_end)
    # No day counts here: the summary cites only the tools' numbers (the period note says the dates).
    if current < 0.8 * previous:
        return ("Caution: the current period is much shorter than the one compared, so its users had less time "
                "to reach later steps and its rates run low by construction; compare periods of equal length "
                "before reading a drop. ")
    if current < 2:
        return ("Caution: a single day's cohort has at most a day to reach later steps, so later-step rates are "
                "low in both periods; a week gives a firmer read. ")
    return ""


def period_note(window: Window, spec: PeriodSpec | None) -> str:
    """Return the note naming the exact dates compared, e.g. "Compared 2026-10-26 to 2026-11-01 (...) with ..."."""
    current = period_dates(datetime.fromisoformat(window.current_start), datetime.fromisoformat(window.current_end))
    previous = period_dates(datetime.fromisoformat(window.previous_start), datetime.fromisoformat(window.previous_end))
    if spec is None:
        return f"Compared {current} ('{window.label}') with {previous} (the same length immediately before)."
    named = f"'{spec.label}': " if spec.label else ""
    compared = f"'{spec.compare_label}': " if spec.compare_label and spec.compare_label != spec.label else ""
    return (f"Compared {current} ({named}{_reading(spec)}) with {previous} ({compared}{_compared(spec)})."
            + _lengths(window))
