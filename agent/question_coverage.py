"""Say when a data question's period reaches outside the data, so a count is not read as the whole period's.

"How many users completed a workout in September?" on data that begins September 3rd counts only September 3rd
to 30th; "how many opened the app in 2025?" on data from 2026 counts nothing, and 0 is no answer about 2025. The
answer's `period_start` and `period_end` columns say the period asked (`question_periods`); the data's first and
last events say what it holds. A calendar period cut by the data's end ("this month") is counted to date, which
the note says with how many days that is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import duckdb

_BOUNDS = "SELECT min(event_time), max(event_time) FROM fct_events"


def data_bounds(con: duckdb.DuckDBPyConnection) -> tuple[datetime, datetime] | None:
    """Return the first and last event times, as the question SQL reads the data's end; None with no events."""
    first, last = con.execute(_BOUNDS).fetchone() or (None, None)
    return (first, last) if first is not None and last is not None else None


def _day(value: Any) -> date | None:
    """Return the date a period cell says (a date, a timestamp or their ISO text), else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None
    return None


def coverage_notes(columns: list[str], rows: list[list[Any]], bounds: tuple[datetime, datetime] | None) -> list[str]:
    """Return a note for each period of the answer ("last month vs the month before" has two) that starts before
    the data, lies wholly outside it, or is a calendar period cut by its end; [] when every one lies in it."""
    if bounds is None or not rows or "period_start" not in columns or "period_end" not in columns:
        return []
    at = columns.index("period_start"), columns.index("period_end")
    periods = list(dict.fromkeys((row[at[0]], row[at[1]]) for row in rows))
    return [note for start, end in periods for note in _period_notes(start, end, bounds)]


def _period_notes(start_cell: Any, end_cell: Any, bounds: tuple[datetime, datetime]) -> list[str]:
    """Return the note one period of the answer needs, if any."""
    start, end = _day(start_cell), _day(end_cell)
    first, last = bounds[0].date(), bounds[1].date()
    if start is None or end is None:
        return []
    held = f"the data covers {first.isoformat()} to {last.isoformat()}"
    if start > last or end < first or end < start:
        # a period after the data's end is cut there, so its end comes before its start: say where it begins
        asked = f"{start.isoformat()} to {end.isoformat()}" if end >= start else f"from {start.isoformat()}"
        return [f"The period asked ({asked}) lies outside the data: {held}, so the answer counts nothing there; "
                "ask about a period within it."]
    if start < first:
        return [f"The period asked starts {start.isoformat()}, before the data does: {held}, so the answer holds "
                f"only {first.isoformat()} to {end.isoformat()} of it."]
    if end == last and _is_calendar(start_cell):
        # "this month" on data that ends on its first day is one day of it, not a month
        days = (end - start).days + 1
        return [f"The data ends {last.isoformat()}, so the period is counted to that day: {days} "
                f"day{'s' if days != 1 else ''} of it so far."]
    return []


def _is_calendar(value: Any) -> bool:
    """Return whether a period cell is a calendar day (a date), not a rolling window's timestamp."""
    if isinstance(value, str):
        return "T" not in value and " " not in value.strip()
    return isinstance(value, date) and not isinstance(value, datetime)
