"""Calendar periods laid against the data end: the exact dates compared, and a clear refusal outside the data."""

from __future__ import annotations

from datetime import datetime

import pytest

from tools.named_periods import PeriodSpec, covered_instead, period_dates, resolve_periods
from warehouse.errors import InputError

# The data ends at midnight after Sunday 2026-11-01, so its last day is that Sunday.
END = datetime(2026, 11, 2)
# Mid-afternoon on Wednesday 2026-11-04: the last day is still running.
MIDWEEK = datetime(2026, 11, 4, 15, 30)
START = datetime(2026, 8, 1)


def _dates(spec: dict[str, object], end: datetime = END) -> tuple[str, str]:
    periods = resolve_periods(PeriodSpec.model_validate(spec), end, START)
    return (period_dates(periods.current_start, periods.current_end),
            period_dates(periods.previous_start, periods.previous_end))


@pytest.mark.parametrize(("spec", "current", "previous"), [
    ({"kind": "rolling", "days": 7}, "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    ({"kind": "rolling", "days": 3}, "2026-10-30 to 2026-11-01", "2026-10-27 to 2026-10-29"),
    # since Monday: the latest Monday on or before the last day, to the data end; the same length before
    ({"kind": "since_weekday", "weekday": 0}, "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    ({"kind": "since_weekday", "weekday": 3}, "2026-10-29 to 2026-11-01", "2026-10-25 to 2026-10-28"),
    ({"kind": "day", "back": 0}, "2026-11-01", "2026-10-31"),
    ({"kind": "day", "back": 1}, "2026-10-31", "2026-10-30"),
    ({"kind": "weekend"}, "2026-10-31 to 2026-11-01", "2026-10-29 to 2026-10-30"),
    ({"kind": "month", "back": 0, "compare": "month_before"}, "2026-11-01", "2026-10-01 to 2026-10-31"),
    ({"kind": "month", "back": 1, "compare": "month_before"}, "2026-10-01 to 2026-10-31", "2026-09-01 to 2026-09-30"),
    ({"kind": "named_month", "month": 10, "compare": "month_before"}, "2026-10-01 to 2026-10-31",
     "2026-09-01 to 2026-09-30"),
    ({"kind": "named_month", "month": 10, "compare": "named_month", "compare_month": 8}, "2026-10-01 to 2026-10-31",
     "2026-08-01 to 2026-08-31"),
    ({"kind": "rolling", "days": 7, "compare": "shift", "shift_months": 1}, "2026-10-26 to 2026-11-01",
     "2026-09-26 to 2026-10-01"),
    ({"kind": "since_weekday", "weekday": 0, "compare": "shift", "shift_days": 7}, "2026-10-26 to 2026-11-01",
     "2026-10-19 to 2026-10-25"),
    ({"kind": "since_date", "month": 10, "day": 20}, "2026-10-20 to 2026-11-01", "2026-10-07 to 2026-10-19"),
    ({"kind": "date", "month": 10, "day": 28}, "2026-10-28", "2026-10-27"),
    ({"kind": "date_range", "month": 10, "day": 12, "until_month": 10, "until_day": 18}, "2026-10-12 to 2026-10-18",
     "2026-10-05 to 2026-10-11"),
])
def test_a_named_period_is_laid_on_the_calendar_before_the_data_end(spec: dict[str, object], current: str,
                                                                    previous: str) -> None:
    assert _dates(spec) == (current, previous)


def test_a_data_end_inside_a_day_makes_that_day_today() -> None:
    assert _dates({"kind": "day", "back": 0}, MIDWEEK) == ("2026-11-04 00:00 to 2026-11-04 15:30",
                                                           "2026-11-03 08:30 to 2026-11-04 00:00")
    assert _dates({"kind": "day", "back": 1}, MIDWEEK) == ("2026-11-03", "2026-11-02")
    # the weekend before a Wednesday is the last whole one
    assert _dates({"kind": "weekend"}, MIDWEEK) == ("2026-10-31 to 2026-11-01", "2026-10-29 to 2026-10-30")
    assert _dates({"kind": "since_weekday", "weekday": 0}, MIDWEEK)[0] == "2026-11-02 00:00 to 2026-11-04 15:30"


def test_a_month_the_data_does_not_cover_is_refused_naming_the_dates_it_covers() -> None:
    with pytest.raises(InputError) as caught:
        resolve_periods(PeriodSpec(kind="named_month", month=6, label="in june"), END, START)
    message = str(caught.value)
    assert "'in june' is 2026-06-01 to 2026-06-30" in message
    assert "2026-08-01 to 2026-11-01" in message and "data end 2026-11-02 00:00:00" in message


def test_a_comparison_before_the_data_is_refused_and_a_partly_covered_one_is_noted() -> None:
    with pytest.raises(InputError, match="compared with 2026-07-01 to 2026-07-31"):
        resolve_periods(PeriodSpec(kind="named_month", month=10, compare="named_month", compare_month=7,
                                   label="in october"), END, START)
    periods = resolve_periods(PeriodSpec(kind="named_month", month=9, compare="month_before"), END,
                              datetime(2026, 8, 10))
    assert periods.notes and "2026-08-01 to 2026-08-31 starts before the data" in periods.notes[0]


def test_a_period_the_data_covers_in_part_is_refused_saying_so() -> None:
    with pytest.raises(InputError, match="'in 2026' is 2026-01-01 to 2026-12-31, which the data does not cover in full"):
        resolve_periods(PeriodSpec(kind="named_year", year=2026, label="in 2026"), END, START)
    with pytest.raises(InputError, match="2026-08-04 to 2026-11-01, which the data does not cover in full"):
        resolve_periods(PeriodSpec(kind="rolling", days=90), END, datetime(2026, 9, 1))


def test_a_named_year_is_kept_and_a_future_month_is_refused() -> None:
    with pytest.raises(InputError, match="2026-12-01 to 2026-12-31"):
        resolve_periods(PeriodSpec(kind="named_month", month=12, year=2026), END, START)
    with pytest.raises(InputError, match="2025-10-01 to 2025-10-31"):
        resolve_periods(PeriodSpec(kind="named_month", month=10, year=2025), END, START)


def test_a_date_after_the_data_s_last_day_is_last_year_s_and_a_range_may_cross_the_year() -> None:
    spec = PeriodSpec(kind="date_range", month=12, day=28, until_month=1, until_day=3)
    periods = resolve_periods(spec, END, datetime(2025, 1, 1))
    assert period_dates(periods.current_start, periods.current_end) == "2025-12-28 to 2026-01-03"
    assert period_dates(periods.previous_start, periods.previous_end) == "2025-12-21 to 2025-12-27"


@pytest.mark.parametrize(("weekday", "until", "current", "previous"), [
    # the data's last day is Sunday 2026-11-01: the latest whole Monday-to-Wednesday ended 2026-10-28
    (0, 2, "2026-10-26 to 2026-10-28", "2026-10-19 to 2026-10-21"),
    (4, 6, "2026-10-30 to 2026-11-01", "2026-10-23 to 2026-10-25"),
    # a run across the week's end: Saturday to Monday ended on Monday 2026-10-26
    (5, 0, "2026-10-24 to 2026-10-26", "2026-10-17 to 2026-10-19"),
])
def test_a_run_of_weekdays_is_the_latest_whole_run_against_the_week_before(
    weekday: int, until: int, current: str, previous: str
) -> None:
    spec = PeriodSpec(kind="weekday", weekday=weekday, until_weekday=until, compare="shift", shift_days=7)
    periods = resolve_periods(spec, END, START)
    assert period_dates(periods.current_start, periods.current_end) == current
    assert period_dates(periods.previous_start, periods.previous_end) == previous


def _laid(spec: PeriodSpec, start: datetime = START) -> tuple[str, str, str]:
    nearest = covered_instead(spec, END, start)
    assert nearest is not None
    periods = resolve_periods(nearest, END, start)
    return (nearest.label, period_dates(periods.current_start, periods.current_end),
            period_dates(periods.previous_start, periods.previous_end))


def test_a_calendar_unit_outside_the_data_moves_by_whole_units_to_the_nearest_one_it_can_compare() -> None:
    # before the data: the first month the data holds with the month before reaching in
    assert _laid(PeriodSpec(kind="named_month", month=3, year=2025)) == (
        "september 2026", "2026-09-01 to 2026-09-30", "2026-08-01 to 2026-08-31")
    # after the data: the latest month the data holds mostly (November's one day is no month)
    assert _laid(PeriodSpec(kind="named_month", month=12, year=2026), datetime(2026, 9, 3))[0] == "october 2026"
    # a month the data holds whose named comparison it does not: the month against the month before
    assert _laid(PeriodSpec(kind="named_month", month=10, compare="named_month", compare_month=7))[0] == "october 2026"


def test_a_period_no_whole_unit_fits_keeps_its_length_at_the_data_s_near_edge() -> None:
    short = datetime(2026, 10, 3)  # 30 days of data
    label, current, previous = _laid(PeriodSpec(kind="named_year", year=2024), short)
    assert (label, current, previous) == ("the nearest 15 days the data can compare", "2026-10-18 to 2026-11-01",
                                          "2026-10-03 to 2026-10-17")
    assert _laid(PeriodSpec(kind="date_range", year=2026, month=12, day=1, until_month=12, until_day=7), short)[1:] == (
        "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25")
    assert covered_instead(PeriodSpec(kind="named_year", year=2024), END, datetime(2026, 11, 1, 12)) is None
