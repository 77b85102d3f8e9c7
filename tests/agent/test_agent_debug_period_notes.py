"""The diagnosis's note on the periods compared: exact dates, how each was read, and unequal lengths."""

from __future__ import annotations

from agent.debug_period_notes import period_note
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
