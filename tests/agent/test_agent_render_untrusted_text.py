"""The agent's views, chat and demo print people's, models' and the warehouse's text as typed, never as markup."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import duckdb
from agent_fakes import WINDOW, FakeBackend, ScriptedPlanner
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from agent.chat import ChatSession, chat_graph
from agent.context import Context
from agent.demo import Demo, Renderers
from agent.render import answer_view, diagnostic_view, render_result, spec_view
from agent.types import (
    AskResult,
    Cause,
    Diagnostic,
    ExposureDelta,
    FunnelStepDelta,
    QuestionAnswer,
    Refusal,
    Trace,
)
from cli.main import app
from orchestrator.spec import Policy, Rule, StopCondition, Suppression, TraitCondition


def flat(text: str) -> str:
    """Join rich's wrapped lines, so a phrase split over two lines is still found."""
    return " ".join(text.split())


def shown(renderable: RenderableType) -> str:
    """Print a renderable on a wide in-memory console and return the text."""
    console = Console(file=StringIO(), width=250)
    console.print(renderable)
    return flat(console.file.getvalue())  # type: ignore[attr-defined]


def hostile_rule(rule_id: str = "upgrade_nudge") -> Rule:
    """A rule whose description, stop conditions and condition values are people's words."""
    return Rule(id=rule_id, description="users [at risk] [/]",
                audience=TraitCondition(trait="country", op="eq", value="[bold]x[/bold]"),
                stop_conditions=[StopCondition(id="left", description="[/]",
                                               condition=TraitCondition(trait="country", op="in",
                                                                        value=["[/]", "users [at risk]"]))])


def test_spec_view_shows_descriptions_edge_cases_and_values_as_typed() -> None:
    policy = Policy(id="trial_policy", description="[bold]x[/bold] first, users [at risk] next", rules=[hostile_rule()],
                    suppressions=[Suppression(id="no_utm", description="d",
                                              condition=TraitCondition(trait="utm_source", op="eq", value="[/]"))],
                    edge_cases=["[link=http://x]y[/link] and [/]"])
    out = shown(spec_view(policy))
    assert "Policy trial_policy: [bold]x[/bold] first, users [at risk] next" in out
    assert "country is [bold]x[/bold]" in out and "left: country is one of [/], users [at risk]" in out
    assert "utm_source is [/]" in out and "Edge case: [link=http://x]y[/link] and [/]" in out


def test_diagnostic_view_shows_summaries_causes_and_checks_as_typed() -> None:
    diagnostic = Diagnostic(
        question="why [/]", metric="conversion", dimension="device_os", segments=["[bold]x[/bold]", "ios"],
        window=WINDOW.model_copy(update={"label": "this [/] week"}),
        funnel=[FunnelStepDelta(step="users [at risk]", segment="[bold]x[/bold]", previous_count=10, current_count=5,
                                evidence_id="f1")],
        exposure=[ExposureDelta(channel="push", segment="[/]", metric="sent", previous=3, current=1, delta=-2,
                                evidence_id="e1")],
        causes=[Cause(rank=1, summary="push [bold]x[/bold] broke", evidence_ids=["[/]"])],
        next_checks=["look at [link=http://x]y[/link]"], summary="users [at risk] dropped [/]", sql={"f1": "SELECT 1"})
    out = shown(diagnostic_view(diagnostic))
    assert "users [at risk] dropped [/]" in out and "Funnel for conversion (this [/] week:" in out
    assert "│ users [at risk] │ [bold]x[/bold] │" in out and "│ push │ [/] │ sent │" in out
    assert "push [bold]x[/bold] broke │ [/]" in out and "• look at [link=http://x]y[/link]" in out


def test_answer_table_shows_question_columns_and_cells_as_typed() -> None:
    answer = QuestionAnswer(question="tickets [at risk]?", sql="SELECT ['a'] AS \"[/]\"", columns=["[/]", "text"],
                            rows=[[1, "users [at risk]"], [2, "[bold]x[/bold]"], [3, "[link=http://x]y[/link]"]])
    out = shown(answer_view(answer))
    assert out.startswith("tickets [at risk]?") and "┃ [/] ┃ text" in out
    assert all(f"│ {text}" in out for text in ("users [at risk]", "[bold]x[/bold]", "[link=http://x]y[/link]"))
    assert "SQL: SELECT ['a'] AS \"[/]\"" in out


def test_render_result_shows_refusals_errors_and_notes_as_typed() -> None:
    refusal = Refusal(reason="no trait [/]", unmatched_phrases=["users [at risk]"], suggestions=["[bold]x[/bold]"])
    result = AskResult(prompt="[/]", intent="eligibility", planner="openai:[/]", result=refusal,
                       validation={"errors": [{"path": "[/]", "message": "unknown [bold]x[/bold]"}], "warnings": []},
                       error="stopped at [/]", trace=Trace(fallbacks=["model said [link=http://x]y[/link]"]))
    console = Console(file=StringIO(), width=250)
    render_result(result, console)
    out = flat(console.file.getvalue())  # type: ignore[attr-defined]
    assert "no trait [/]" in out and "Not understood: users [at risk]" in out and "Try: [bold]x[/bold]" in out
    assert "│ error │ [/] │ unknown [bold]x[/bold]" in out and "Stopped: stopped at [/]" in out
    assert "Note: model said [link=http://x]y[/link]" in out and "planner openai:[/]" in out


def test_chat_shows_the_person_the_thread_and_the_draft_as_typed(tmp_path: Path) -> None:
    answers = StringIO("y\n")
    console = Console(file=StringIO(), width=250)
    report = {"errors": [], "warnings": [{"path": "audience", "message": "value [/] is rare"}]}
    context = Context(db=str(tmp_path / "w.duckdb"), actor="[bold]x[/bold]",
                      planner_override=ScriptedPlanner(drafts=[hostile_rule()]), backend_override=FakeBackend([report]))
    with chat_graph(tmp_path / "w.duckdb") as graph:
        session = ChatSession(graph, context, "users [at risk]", console, lambda p: console.input(p, stream=answers))
        session.resume_pending()
        session.handle("/thread")
        session.handle("/nope [/]")
        session.handle("draft [link=http://x]y[/link]")
    out = flat(console.file.getvalue())  # type: ignore[attr-defined]
    assert "New thread users [at risk] (resume it later with --thread users [at risk])" in out
    assert "thread users [at risk], as [bold]x[/bold]" in out and "unknown command /nope" in out
    assert "country is [bold]x[/bold]" in out and "value [/] is rare" in out
    assert "Propose this draft for review as [bold]x[/bold]? [y/N]" in out
    assert "A reviewer other than [bold]x[/bold] can approve it" in out


def test_chat_command_greets_and_reports_refusals_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()  # an empty warehouse: the registry has no such rule
    result = CliRunner().invoke(app, ["--db", str(db), "chat", "--thread", "[/]", "--as", "[bold]x[/bold]"],
                                input="/approve users [at risk]\n/quit\n", catch_exceptions=False)
    out = flat(result.stdout)
    assert result.exit_code == 0, result.stdout
    assert "Command Center chat as [bold]x[/bold] with planner offline" in out and "New thread [/]" in out
    assert "Not approved: no rule or policy 'users [at risk]' in the registry" in out


def test_demo_names_the_warehouse_file_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "[" / "]" / "users [at risk].duckdb"  # the path reads `.../[/]/...`
    db.parent.mkdir(parents=True)
    db.touch()
    console = Console(file=StringIO(), width=250)
    show = Renderers(run=print, delivery=print, measure=print, explanation=print)
    Demo(db, tmp_path, console, show).warehouse()
    assert f"Using the existing warehouse {db}." in flat(console.file.getvalue())  # type: ignore[attr-defined]

