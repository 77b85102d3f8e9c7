"""Data answers as a person reads them: text the tools marked as data for the model shows as the text."""

from __future__ import annotations

from rich.console import Console

from agent.render import answer_view
from agent.types import QuestionAnswer


def shown(answer: QuestionAnswer) -> str:
    console = Console(record=True, width=100)
    console.print(answer_view(answer))
    return console.export_text()


def test_marked_warehouse_text_shows_as_its_value_and_never_as_markup() -> None:
    answer = QuestionAnswer(
        question="How many users opened a push last week, by country?",
        sql="SELECT country, count(*) AS users FROM user_traits GROUP BY country",
        columns=["country", "users"],
        rows=[[{"untrusted_text": "AU"}, 24], [{"untrusted_text": "[bold]US[/bold]"}, 1097]],
    )
    text = shown(answer)
    assert "untrusted_text" not in text
    assert "│ AU" in text and "1,097" in text
    assert "[bold]US[/bold]" in text  # shown literally: rich did not read it as markup
