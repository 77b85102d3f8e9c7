"""A data answer reads as a person would write it: the question on its own line, shares as percentages."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from agent.render import answer_view
from agent.types import QuestionAnswer


def rendered(answer: QuestionAnswer) -> str:
    console = Console(width=100, record=True)
    console.print(answer_view(answer))
    return console.export_text()


def test_the_question_is_one_line_and_values_are_readable() -> None:
    question = "What share of committed users are on Android, and how many are there?"
    answer = QuestionAnswer(question=question, sql="SELECT 1", columns=["users", "share", "avg_minutes"],
                            rows=[[12345, 0.30769, Decimal("41.666")]])
    out = rendered(answer)
    assert question in out.splitlines()[0]
    assert "12,345" in out and "30.8%" in out and "41.67" in out and "0.30769" not in out


def test_text_and_missing_values_are_shown_as_they_are() -> None:
    answer = QuestionAnswer(question="list", sql="SELECT 1", columns=["user_id", "country"],
                            rows=[["[bold]u1[/bold]", None]])
    out = rendered(answer)
    assert "[bold]u1[/bold]" in out and "None" not in out and "(no value)" in out
