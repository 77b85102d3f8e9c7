"""A data answer says how many rows it shows, and when they are only the first ones of its query's LIMIT."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from agent.render import answer_view
from agent.types import QuestionAnswer


def shown(sql: str, rows: int) -> str:
    console = Console(file=StringIO(), width=200)
    console.print(answer_view(QuestionAnswer(question="q", sql=sql, columns=["user_id"],
                                             rows=[[f"u{i}"] for i in range(rows)])))
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


def test_rows_that_fill_the_querys_limit_say_there_may_be_more() -> None:
    assert "3 rows: the first 3 (the query's LIMIT), there may be more" in shown("SELECT user_id FROM t ORDER BY 1 LIMIT 3", 3)


def test_fewer_rows_than_the_limit_or_no_limit_are_all_of_them() -> None:
    assert "2 rows" in shown("SELECT user_id FROM t LIMIT 3", 2) and "may be more" not in shown("SELECT user_id FROM t LIMIT 3", 2)
    assert "4 rows" in shown("SELECT user_id FROM t", 4) and "may be more" not in shown("SELECT user_id FROM t", 4)
    assert "row" not in shown("SELECT user_id FROM t LIMIT 1", 1)  # a count or a share: nothing to add
