"""A data question's period the data covers only in part, or not at all, is said beside the answer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from agent.api import ask
from agent.question_coverage import coverage_notes
from agent.types import QuestionAnswer

BOUNDS = (datetime(2026, 9, 3, 0, 5), datetime(2026, 11, 1, 23, 39))
COLUMNS = ["users", "period_start", "period_end"]


def test_a_period_that_starts_before_the_data_says_which_part_of_it_the_answer_holds() -> None:
    notes = coverage_notes(COLUMNS, [[10, "2026-09-01", "2026-09-30"]], BOUNDS)
    assert notes == ["The period asked starts 2026-09-01, before the data does: the data covers 2026-09-03 to "
                     "2026-11-01, so the answer holds only 2026-09-03 to 2026-09-30 of it."]
    # a rolling window longer than the data, said as timestamps
    assert "before the data does" in coverage_notes(COLUMNS, [[10, "2026-08-03T23:39:13", "2026-11-01T23:39:13"]],
                                                    BOUNDS)[0]


def test_a_period_outside_the_data_says_its_zero_is_no_answer_and_one_inside_says_nothing() -> None:
    before = coverage_notes(COLUMNS, [[0, "2025-01-01", "2025-12-31"]], BOUNDS)
    after = coverage_notes(COLUMNS, [[0, "2026-12-01", "2026-11-01"]], BOUNDS)  # cut at the data's end
    assert before[0].startswith("The period asked (2025-01-01 to 2025-12-31) lies outside the data")
    assert after[0].startswith("The period asked (from 2026-12-01) lies outside the data")
    assert coverage_notes(COLUMNS, [[5, "2026-10-01", "2026-10-31"]], BOUNDS) == []
    assert coverage_notes(["users"], [[5]], BOUNDS) == []  # no period asked


def test_a_calendar_period_cut_by_the_data_end_is_said_to_date() -> None:
    assert coverage_notes(COLUMNS, [[5, "2026-11-01", "2026-11-01"]], BOUNDS) == [
        "The data ends 2026-11-01, so the period is counted to that day: 1 day of it so far."]
    # a rolling window always ends at the data's end: nothing to say
    assert coverage_notes(COLUMNS, [[5, "2026-10-25T23:39:13", "2026-11-01T23:39:13"]], BOUNDS) == []


def test_a_month_before_the_data_is_answered_with_the_note_on_the_warehouse(built_warehouse: Path) -> None:
    result = ask("How many users opened the app in March 2021?", db=built_warehouse, model="offline")
    assert isinstance(result.result, QuestionAnswer), result
    assert result.result.rows[0][0] == 0
    assert result.result.notes and "lies outside the data" in result.result.notes[0]
    assert [t.tool for t in result.trace.tools] == ["run_sql"]


def test_each_period_of_a_comparison_is_read_on_its_own() -> None:
    rows = [["this_period", 5, "2026-10-01", "2026-10-31"], ["previous_month", 2, "2026-09-01", "2026-09-30"]]
    notes = coverage_notes(["period", "users", "period_start", "period_end"], rows, BOUNDS)
    assert notes == ["The period asked starts 2026-09-01, before the data does: the data covers 2026-09-03 to "
                     "2026-11-01, so the answer holds only 2026-09-03 to 2026-09-30 of it."]
