"""Leaving `mcc chat` (Ctrl-D or /quit), even at a confirmation, keeps the thread and says how to come back."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from agent.demo import ELIGIBILITY_PROMPT
from cli.main import app
from orchestrator.registry import Registry
from warehouse.errors import RegistryError

runner = CliRunner()


def chat(db: Path, text: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), "chat", "--thread", "t", "--as", "maya"], input=text)
    return result.exit_code, " ".join(result.stdout.split())


def proposals(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [v.rule_id for v in Registry(con, create=False).list()]
    except RegistryError:
        return []
    finally:
        con.close()


def test_input_ending_at_the_confirmation_leaves_the_draft_waiting_and_a_resume_asks_again(warehouse_db: Path) -> None:
    code, out = chat(warehouse_db, f"{ELIGIBILITY_PROMPT}\n")  # no answer to 'Propose this draft?'
    assert code == 0, out
    assert "Left thread t with upgrade_nudge waiting for your answer (nothing was proposed)" in out
    assert "mcc chat --thread t asks again" in out and "Aborted" not in out
    assert proposals(warehouse_db) == []
    code, out = chat(warehouse_db, "y\n")
    assert code == 0 and "Proposed upgrade_nudge" in out
    assert proposals(warehouse_db) == ["upgrade_nudge"]


def test_a_resumed_thread_names_its_draft_and_leaving_says_how_to_resume(warehouse_db: Path) -> None:
    code, out = chat(warehouse_db, f"{ELIGIBILITY_PROMPT}\nn\nhow many trial users are on ios?\n/quit\n")
    assert code == 0 and "you said: keep it as a draft" in out
    assert "Thread t saved; resume it with mcc chat --thread t." in out
    assert "• finish" not in out  # a step name, not news: the result printed after it says how the run ended
    code, out = chat(warehouse_db, "")
    assert "Resuming thread t; the draft on the table is upgrade_nudge" in out
    assert "last request: 'how many trial users are on ios?'" in out


def test_a_yes_or_no_with_no_question_pending_is_answered_not_read_as_a_request(warehouse_db: Path) -> None:
    code, out = chat(warehouse_db, f"{ELIGIBILITY_PROMPT}\nn\ny\nno\n/help\n/quit\n")
    assert code == 0
    assert out.count("Nothing is waiting for a yes or no") == 2 and "say 'propose it'" in out
    assert "After a draft, say how to change it ('make it email only', 'hold out 20%', 'make it 3 pricing views')" in out
    assert "'why so few?' (each condition in turn), or 'propose it'" in out
    assert "does not do" not in out and "Intent: out_of_scope" not in out
    assert proposals(warehouse_db) == []


def test_quit_at_the_confirmation_leaves_and_the_question_waits_for_the_resume(warehouse_db: Path) -> None:
    code, out = chat(warehouse_db, f"{ELIGIBILITY_PROMPT}\n/help\n/quit\nthis line is never read\n")
    assert code == 0 and "/quit to leave and answer later" in out
    assert "Left thread t with upgrade_nudge waiting for your answer" in out and "never read" not in out
    assert proposals(warehouse_db) == []
    code, out = chat(warehouse_db, "n\n/quit\n")
    assert code == 0 and "you said: keep it as a draft" in out and proposals(warehouse_db) == []


def test_a_proposal_stopped_by_a_locked_warehouse_says_the_draft_is_kept_and_how_to_retry(tmp_path: Path) -> None:
    from io import StringIO

    from agent_fakes import FakeBackend, ScriptedPlanner, rule
    from rich.console import Console

    from agent.chat import ChatSession, chat_graph
    from agent.context import Context
    from warehouse.errors import DatabaseError

    backend = FakeBackend()

    def locked(spec: object, actor: str, comment: str) -> str:
        raise DatabaseError("the warehouse is in use by another process")

    backend.propose = locked  # type: ignore[method-assign]
    answers = StringIO("y\n")
    console = Console(file=StringIO(), width=250)
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=ScriptedPlanner(drafts=[rule()]),
                      backend_override=backend)
    with chat_graph(tmp_path / "w.duckdb") as graph:
        session = ChatSession(graph, context, "t", console, lambda p: console.input(p, stream=answers))
        session.handle("Create eligibility rules for an upgrade nudge")
    out = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "Stopped: the warehouse is in use by another process" in out
    assert "Nothing was proposed; the draft stays in this thread" in out and "say 'propose it' to try again" in out
