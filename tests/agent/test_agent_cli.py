"""`mcc ask --json`'s object, proposals as a person, and `mcc chat` resuming a thread with /approve rules."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from agent.demo import ELIGIBILITY_PROMPT
from cli.main import app
from orchestrator.registry import Registry
from warehouse.errors import RegistryError

runner = CliRunner()


def ask_json(db: Path, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["--db", str(db), "ask", *args, "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def statuses(db: Path) -> list[tuple]:
    """Return (rule id, version, status, author) of every version ([] before the registry exists)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [(v.rule_id, v.version, v.status, v.author) for v in Registry(con, create=False).list()]
    except RegistryError:
        return []
    finally:
        con.close()


def test_ask_json_prints_one_object_with_the_documented_keys(warehouse_db: Path) -> None:
    code, out = ask_json(warehouse_db, ELIGIBILITY_PROMPT)
    assert code == 0
    assert {"prompt", "intent", "planner", "result", "validation", "preview", "proposal_id", "trace", "error"} <= set(out)
    assert out["intent"] == "eligibility" and out["planner"] == "catalog" and out["proposal_id"] is None
    assert out["result"]["kind"] == "rule" and out["validation"]["errors"] == []
    assert {"tools", "usage", "rounds", "steps"} <= set(out["trace"])
    assert [t["tool"] for t in out["trace"]["tools"]] == ["validate_rule", "preview_audience"]
    # audience_sql runs on the warehouse as is and selects exactly the previewed audience.
    con = duckdb.connect(str(warehouse_db), read_only=True)
    users = con.execute(out["preview"]["audience_sql"]).fetchall()
    con.close()
    assert len(users) == out["preview"]["rules"][0]["size"] > 0
    assert statuses(warehouse_db) == []


def test_ask_propose_files_a_proposal_as_the_named_person(warehouse_db: Path) -> None:
    code, out = ask_json(warehouse_db, ELIGIBILITY_PROMPT, "--propose", "--as", "maya")
    assert code == 0 and out["proposal_id"] == out["result"]["id"]
    assert statuses(warehouse_db) == [(out["proposal_id"], 1, "proposed", "maya")]


def test_ask_on_a_missing_warehouse_exits_1_with_the_error_in_the_object(tmp_path: Path) -> None:
    code, out = ask_json(tmp_path / "missing.duckdb", ELIGIBILITY_PROMPT)
    assert code == 1 and "no warehouse" in out["error"]


def test_chat_confirms_before_proposing_and_approve_needs_another_person(warehouse_db: Path) -> None:
    first = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--thread", "t1", "--as", "maya"],
                          input=f"{ELIGIBILITY_PROMPT}\ny\n/approve upgrade_nudge\n/quit\n", catch_exceptions=False)
    assert first.exit_code == 0, first.stdout
    assert "validate_rule" in first.stdout and "Proposed upgrade_nudge" in first.stdout
    assert "You (maya) proposed upgrade_nudge" in first.stdout
    assert statuses(warehouse_db) == [("upgrade_nudge", 1, "proposed", "maya")]
    second = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--thread", "t1", "--as", "sam"],
                           input="/approve upgrade_nudge\n/quit\n", catch_exceptions=False)
    assert "Resuming thread t1" in second.stdout and "Approved upgrade_nudge v1 as sam" in second.stdout
    assert "the next `mcc run` applies it" in " ".join(second.stdout.split())
    assert statuses(warehouse_db) == [("upgrade_nudge", 1, "approved", "maya")]


def test_chat_withdraws_the_threads_proposal_as_its_author_only(warehouse_db: Path) -> None:
    first = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--thread", "w1", "--as", "maya"],
                          input=f"{ELIGIBILITY_PROMPT}\ny\n/quit\n", catch_exceptions=False)
    assert "Proposed upgrade_nudge" in first.stdout
    other = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--thread", "w1", "--as", "sam"],
                          input="/withdraw\n/quit\n", catch_exceptions=False)
    assert "Not withdrawn" in other.stdout and "only the author can withdraw" in " ".join(other.stdout.split())
    assert statuses(warehouse_db) == [("upgrade_nudge", 1, "proposed", "maya")]
    again = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--thread", "w1", "--as", "maya"],
                          input="/withdraw\n/quit\n", catch_exceptions=False)  # a later session: the thread's draft
    assert "Withdrawn upgrade_nudge v1" in again.stdout
    assert statuses(warehouse_db) == [("upgrade_nudge", 1, "withdrawn", "maya")]


def test_declining_in_chat_proposes_nothing(warehouse_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--as", "maya"],
                           input=f"{ELIGIBILITY_PROMPT}\nn\n/quit\n", catch_exceptions=False)
    assert result.exit_code == 0 and "Proposed" not in result.stdout
    assert statuses(warehouse_db) == []


def test_chat_shows_the_draft_once_and_asks_again_when_the_answer_is_unclear(warehouse_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--as", "maya"],
                           input=f"{ELIGIBILITY_PROMPT}\n/help\ny\n/quit\n", catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    assert "Answer y to propose it" in result.stdout  # "/help" is not taken as a no
    assert result.stdout.count("Audience SQL") == 1 and result.stdout.count("Rule upgrade_nudge") == 1
    assert "Proposed upgrade_nudge" in result.stdout
    assert statuses(warehouse_db) == [("upgrade_nudge", 1, "proposed", "maya")]


def test_an_unknown_model_is_one_error_naming_what_is_accepted(warehouse_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    code, out = ask_json(warehouse_db, ELIGIBILITY_PROMPT, "--model", "gpt-4o")
    assert code == 1 and out["error"] == "AgentError" and "openai:NAME" in out["accepted"]
    code, out = ask_json(warehouse_db, ELIGIBILITY_PROMPT, "--model", "openai:gpt-4o")
    assert code == 1 and "OPENAI_API_KEY" in out["message"]
    chat = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--model", "openai:gpt-4o"], input="/quit\n")
    assert chat.exit_code == 1 and "OPENAI_API_KEY" in chat.stderr


def test_the_author_cannot_approve_in_a_later_session_either(warehouse_db: Path) -> None:
    code, _ = ask_json(warehouse_db, ELIGIBILITY_PROMPT, "--propose", "--as", "maya")
    assert code == 0
    chat = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--as", "maya"], input="/approve upgrade_nudge\n/quit\n",
                         catch_exceptions=False)
    assert "You (maya) proposed upgrade_nudge" in chat.stdout
    assert statuses(warehouse_db) == [("upgrade_nudge", 1, "proposed", "maya")]


def test_approve_when_the_warehouse_cannot_be_opened_says_so_and_the_chat_goes_on(
    warehouse_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warehouse import connection
    from warehouse.errors import DatabaseError

    def locked(*args: object, **kwargs: object) -> None:
        raise DatabaseError("the warehouse is locked by another process", accepted="retry when the run has finished")

    monkeypatch.setattr(connection, "connect", locked)
    chat = runner.invoke(app, ["--db", str(warehouse_db), "chat", "--as", "sam"],
                         input="/approve upgrade_nudge\n/thread\n/quit\n", catch_exceptions=False)
    assert chat.exit_code == 0, chat.stdout
    assert "Not approved:" in chat.stdout and "locked by another process" in " ".join(chat.stdout.split())
