"""The eval report prints case ids, prompts, failure reasons, family and model names as typed, never as markup."""

from __future__ import annotations

from io import StringIO
from typing import Any

from rich.console import Console

from evals.report import FamilyResult, Report, render


def case(case_id: str, family: str, passed: bool, *, known: bool = False, reason: str = "",
         prompt: str = "p") -> dict[str, Any]:
    """Return a case summary as `CaseResult.summary` writes it."""
    return {"id": case_id, "family": family, "prompt": prompt, "passed": passed, "known_failure": known,
            "reason": reason, "model_calls": 1, "input_tokens": 10, "output_tokens": 5, "seconds": 0.1}


def test_the_report_shows_dataset_and_model_text_as_typed() -> None:
    family = FamilyResult(cases=3, passed=1, rate=0.3333, bar=0.9, meets_bar=False, pass_1=0.33, pass_k=0.33)
    report = Report(model="openai:[/]", repeat=1, wall_seconds=1.0, families={"users [at risk]": family}, cases=[
        case("[bold]x[/bold]", "users [at risk]", False, reason="expected [/] got [link=http://x]y[/link]",
             prompt="why did [bold]x[/bold] drop"),
        case("[/]", "users [at risk]", False, known=True, reason="known [/]"),
        case("fixed [at risk]", "users [at risk]", True, known=True),
    ])
    console = Console(file=StringIO(), width=250)
    render(report, console)
    out = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "mcc eval · model openai:[/] · repeat 1" in out and "│ users [at risk] │ 3 │ 1 │ 33% │" in out
    assert "│ [bold]x[/bold] │ │ expected [/] got [link=http://x]y[/link] │ why did [bold]x[/bold] drop │" in out
    assert "│ [/] │ known │ known [/] │" in out
    assert "now pass (remove their known_failure mark): fixed [at risk]" in out
    assert "users [at risk]: 33% is under its bar 90%" in out
