"""The diagnosis's note on the periods compared: exact dates, how each was read, and unequal lengths."""

from __future__ import annotations

from agent.debug_period_notes import period_note, shorter_period_caveat
from agent.types import Window
from tools.named_periods import PeriodSpec


def _window(current: tuple[str, str], previous: tuple[str, str], label: str) -> Window:
    return Window(current_start=current[0], current_end=current[1], previous_start=previous[0],
                  previous_end=previous[1], label=label)


def test_the_note_names_both_periods_as_dates_and_how_they_were_read() -> None:
    window = _window(("2026-10-26 00:00:00", "2026-11-02 00:00:00"), ("2026-10-19 00:00:00", "2026-10-26 00:00:00"),
                     "since monday")
    note = period_note(window, PeriodSpec(kind="since_weekday", weekday=0, label="since monday"))
    assert note == ("Compared 2026-10-26 to 2026-11-01 ('since monday': from the latest Monday to the data end) with "
                    "2026-10-19 to 2026-10-25 (the same length immediately before).")


def test_periods_of_different_lengths_say_so() -> None:
    window = _window(("2026-11-01 00:00:00", "2026-11-02 00:00:00"), ("2026-10-01 00:00:00", "2026-11-01 00:00:00"),
                     "this month")
    spec = PeriodSpec(kind="month", compare="month_before", label="this month", compare_label="last month")
    note = period_note(window, spec)
    assert note.startswith("Compared 2026-11-01 ('this month': the month up to the data end) with 2026-10-01 to "
                           "2026-10-31 ('last month': the calendar month before).")
    assert "differ in length (1 day against 31 days)" in note


def test_a_date_is_read_as_a_date_not_as_a_month() -> None:
    window = _window(("2026-10-03 00:00:00", "2026-11-02 00:00:00"), ("2026-09-03 00:00:00", "2026-10-03 00:00:00"),
                     "since the 3rd")
    note = period_note(window, PeriodSpec(kind="since_date", day=3, label="since the 3rd"))
    assert "('since the 3rd': from the latest such date on or before the data's last day to the data end)" in note
    assert "January" not in note


def test_weekdays_ranges_and_quarters_each_say_how_they_were_placed() -> None:
    window = _window(("2026-10-12 00:00:00", "2026-10-19 00:00:00"), ("2026-10-05 00:00:00", "2026-10-12 00:00:00"),
                     "x")
    readings = {
        "weekday": period_note(window, PeriodSpec(kind="weekday", weekday=1, label="last tuesday")),
        "range": period_note(window, PeriodSpec(kind="date_range", month=10, day=12, until_month=10, until_day=18,
                                                label="between oct 12 and oct 18")),
        "quarter": period_note(window, PeriodSpec(kind="quarter", quarter=3, label="q3")),
    }
    assert "the latest Tuesday in the data" in readings["weekday"]
    assert "the latest such dates on or before the data's last day" in readings["range"]
    assert "Q3, the latest one in the data" in readings["quarter"]
    assert not any("January" in note for note in readings.values())


def test_a_much_shorter_current_period_is_a_caution_without_numbers() -> None:
    month_to_date = _window(("2026-11-01 00:00:00", "2026-11-02 00:00:00"),
                            ("2026-10-01 00:00:00", "2026-11-01 00:00:00"), "this month")
    caveat = shorter_period_caveat(month_to_date)
    assert caveat.startswith("Caution: the current period is much shorter than the one compared")
    # the summary may cite only the tools' numbers
    assert not any(ch.isdigit() for ch in caveat)
    week = _window(("2026-10-26 00:00:00", "2026-11-02 00:00:00"), ("2026-10-19 00:00:00", "2026-10-26 00:00:00"),
                   "this week")
    assert shorter_period_caveat(week) == ""


def test_a_single_day_is_a_caution_too() -> None:
    yesterday = _window(("2026-10-31 00:00:00", "2026-11-01 00:00:00"), ("2026-10-30 00:00:00", "2026-10-31 00:00:00"),
                        "yesterday")
    caveat = shorter_period_caveat(yesterday)
    assert caveat.startswith("Caution: a single day's cohort") and not any(ch.isdigit() for ch in caveat)
