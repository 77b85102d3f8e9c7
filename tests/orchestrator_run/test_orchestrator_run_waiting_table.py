"""mcc.outbox_waiting holds exactly the outbox rows with no final delivery, through every write that changes that.

Runs read earlier runs' waiting messages from it (withdrawals, caps) instead of scanning the outbox and every
delivery: each test compares it with the same rows found that slow way.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_delivery_helpers import STEP0, fast_policy
from orchestrator_run_fixtures import AS_OF
from orchestrator_run_server import Script, serve

from orchestrator.delivery import deliver
from orchestrator.delivery.record import delivery_id
from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from orchestrator.executor.run import InjectedFailure
from orchestrator.executor.tables import ensure_executor_tables
from orchestrator.executor.waiting import COLUMNS, WAITING, WAITING_IN_OUTBOX

NEXT_DAY = AS_OF + timedelta(days=1)


def waiting(con: duckdb.DuckDBPyConnection) -> set[tuple[object, ...]]:
    return set(con.execute(f"SELECT {COLUMNS} FROM {WAITING}").fetchall())


def derived(con: duckdb.DuckDBPyConnection) -> set[tuple[object, ...]]:
    """The waiting rows found the slow way: every outbox row without a final delivery."""
    return set(con.execute(f"SELECT * FROM {WAITING_IN_OUTBOX}").fetchall())


def test_a_run_adds_its_queue_and_delivery_takes_out_what_it_settles(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    queued_now = waiting(queued)
    outbox = queued.execute("SELECT count(*) FROM mcc.outbox").fetchone()
    assert queued_now == derived(queued) and outbox is not None and len(queued_now) == outbox[0]
    deliver(queued, f"file:{tmp_path / 'out.jsonl'}", now=AS_OF)  # the pushes go; the next-day emails wait
    left = waiting(queued)
    assert left == derived(queued) and 0 < len(left) < len(queued_now)
    assert {row[0] for row in left}.isdisjoint(STEP0)


def test_parked_messages_leave_it_and_retry_parked_puts_them_back(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with serve(Script(actions={STEP0[0]: ["500"] * 4, STEP0[3]: ["400"]})) as url:
        deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy([]))
    keys = {row[0] for row in waiting(queued)}
    assert waiting(queued) == derived(queued) and STEP0[0] not in keys and STEP0[3] not in keys
    assert deliver(queued, f"file:{tmp_path / 'out.jsonl'}", now=AS_OF, retry_parked=True).requeued == 2
    assert waiting(queued) == derived(queued)  # requeued, then delivered in the same call: gone again
    deliver(queued, f"file:{tmp_path / 'out.jsonl'}", now=NEXT_DAY)
    assert waiting(queued) == derived(queued) == set()


def test_withdrawn_messages_leave_it_in_the_runs_transaction(queued: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    queued.execute("UPDATE user_traits SET activation_state = 'activated' WHERE user_id = 'u10'")
    result = run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    assert result.withdrawn > 0
    assert waiting(queued) == derived(queued)
    assert not [row for row in waiting(queued) if row[4] == "u10" and row[1] != result.run_id]


def test_a_failed_run_leaves_it_as_it_was(queued: duckdb.DuckDBPyConnection, plan: RunPlan) -> None:
    before = waiting(queued)
    queued.execute("UPDATE user_traits SET activation_state = 'activated' WHERE user_id = 'u10'")
    with pytest.raises(InjectedFailure):  # after the withdrawals: the run's writes roll back
        run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY, fail_after_step="withdraw_pending")
    assert waiting(queued) == before == derived(queued)


def test_a_warehouse_from_before_it_gets_it_filled_once(queued: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    deliver(queued, f"file:{tmp_path / 'out.jsonl'}", now=AS_OF)
    expected = derived(queued)
    queued.execute(f"DROP TABLE {WAITING}")
    ensure_executor_tables(queued)
    assert waiting(queued) == expected != set()


def test_a_dry_run_on_a_warehouse_from_before_it_still_counts_the_waiting_against_caps(
    queued: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    later = AS_OF + timedelta(hours=1)
    history = "SELECT user_id, rule_id, channel, sent_at FROM _mcc_history"
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=later, dry_run=True)
    with_table = set(queued.execute(history).fetchall())
    queued.execute(f"DROP TABLE {WAITING}")  # a dry run writes nothing: it reads the outbox the slow way
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=later, dry_run=True)
    first_steps = set(queued.execute(
        "SELECT user_id, rule_id, channel, send_after FROM mcc.outbox WHERE step = 0").fetchall())
    assert with_table == set(queued.execute(history).fetchall()) and len(first_steps) == len(STEP0)
    assert first_steps <= with_table  # the waiting pushes count against the caps


def test_a_withdrawn_message_with_a_delivery_row_still_open_gets_one_row_skipped(
    queued: duckdb.DuckDBPyConnection, plan: RunPlan
) -> None:
    # a delivery row that is not final yet (an attempt recorded, a retry to come) for u10's waiting email
    key = queued.execute(
        "SELECT idempotency_key FROM mcc.outbox WHERE user_id = 'u10' AND rule_id = 'first_workout' AND step = 1"
    ).fetchone()
    assert key is not None
    queued.execute(
        "INSERT INTO mcc.deliveries (delivery_id, idempotency_key, run_id, rule_id, user_id, channel, step, status,"
        " attempts) VALUES (?, ?, 'run_20260301T120000', 'first_workout', 'u10', 'email', 1, 'retrying', 1)",
        [delivery_id(key[0]), key[0]],
    )
    queued.execute("UPDATE user_traits SET activation_state = 'activated' WHERE user_id = 'u10'")
    run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=NEXT_DAY)
    rows = queued.execute("SELECT status, attempts FROM mcc.deliveries WHERE idempotency_key = ?", [key[0]]).fetchall()
    assert rows == [("skipped", 0)]
    assert waiting(queued) == derived(queued)
