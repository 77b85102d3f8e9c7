"""A later run withdraws the waiting messages of people it stopped, suppressed, re-routed or no longer targets."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import duckdb
from orchestrator_run_fixtures import AS_OF

from orchestrator.delivery import deliver
from orchestrator.delivery.record import delivery_id
from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from orchestrator.explain import explain

NEXT_DAY = AS_OF + timedelta(days=1)  # first_workout's email step (24 h after the push) is due now


def waiting_email(con: duckdb.DuckDBPyConnection, user: str) -> tuple[object, ...] | None:
    """The delivery row of the user's first_workout email queued by the first run (None: none yet)."""
    return con.execute(
        "SELECT d.status, d.last_error, d.delivery_id FROM mcc.outbox o JOIN mcc.deliveries d USING (idempotency_key)"
        " WHERE o.user_id = ? AND o.rule_id = 'first_workout' AND o.step = 1 AND o.run_id = 'run_20260301T120000'",
        [user],
    ).fetchone()


def test_a_stop_condition_met_between_runs_withdraws_the_follow_up(queued: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    # u01 worked out on the morning after the first run: the second run stops first_workout for them
    result = run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    row = queued.execute("SELECT outcome FROM mcc.decisions WHERE run_id = ? AND user_id = 'u01'", [result.run_id]).fetchone()
    assert row == ("stopped",)
    withdrawn = waiting_email(queued, "u01")
    assert withdrawn is not None
    assert withdrawn[:2] == ("skipped", "withdrawn by run_20260302T120000: stopped by worked_out_today")
    key = queued.execute(
        "SELECT idempotency_key FROM mcc.outbox WHERE user_id = 'u01' AND step = 1 AND run_id = 'run_20260301T120000'"
    ).fetchone()
    assert key is not None and withdrawn[2] == delivery_id(str(key[0]))  # the id delivery itself would give it
    assert waiting_email(queued, "u10") is None  # still targeted and sent again: nothing withdrawn
    assert result.withdrawn >= 1


def test_leaving_the_audience_withdraws_the_waiting_messages(queued: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    queued.execute("UPDATE user_traits SET activation_state = 'activated' WHERE user_id = 'u10'")
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    withdrawn = waiting_email(queued, "u10")
    assert withdrawn is not None
    assert withdrawn[:2] == ("skipped", "withdrawn by run_20260302T120000: no longer in the audience of first_workout")


def test_delivery_never_sends_a_withdrawn_message(queued: duckdb.DuckDBPyConnection, plan: RunPlan, tmp_path: Path) -> None:
    out = tmp_path / "sends.jsonl"
    deliver(queued, f"file:{out}", now=AS_OF)  # the pushes go out the day of the first run
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    deliver(queued, f"file:{out}", now=NEXT_DAY)
    sent = [json.loads(line) for line in out.read_text().splitlines()]
    emails = {(m["user_id"], m["step"]) for m in sent if m["rule_id"] == "first_workout" and m["channel"] == "email"}
    assert ("u10", 1) in emails and ("u01", 1) not in emails
    status = queued.execute(
        "SELECT status FROM mcc.outbox WHERE user_id = 'u01' AND step = 1 AND run_id = 'run_20260301T120000'"
    ).fetchone()
    assert status == ("skipped",)  # the outbox's status copy caught up at the delivery


def test_withdrawn_messages_do_not_count_against_caps(queued: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    # u10 leaves the audience before anything was delivered: both waiting steps are withdrawn; back a day
    # later, nothing of theirs counts against the caps (before withdrawal, both counted as waiting)
    queued.execute("UPDATE user_traits SET activation_state = 'activated' WHERE user_id = 'u10'")
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    queued.execute("UPDATE user_traits SET activation_state = 'new' WHERE user_id = 'u10'")
    third = run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY + timedelta(days=1))
    assert queued.execute("SELECT count(*) FROM _mcc_history WHERE user_id = 'u10'").fetchone() == (0,)
    row = queued.execute("SELECT outcome FROM mcc.decisions WHERE run_id = ? AND user_id = 'u10'", [third.run_id]).fetchone()
    assert row == ("send",)


def test_explain_on_the_run_that_queued_it_says_why_it_was_withdrawn(queued: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    explained = explain(queued, "u01", rule_id="first_workout", run_id="run_20260301T120000").rules[0]
    email = next(row for row in explained.outbox if row["step"] == 1)
    assert (email["delivery_status"], email["delivery_note"]) == (
        "skipped", "withdrawn by run_20260302T120000: stopped by worked_out_today")
