"""Delivery adapters against a local server: exactly once by key, retries, parking, vendor shapes, exposure."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_fixtures import AS_OF
from orchestrator_run_server import Script, serve

from orchestrator.delivery import OutboxMessage, RetryPolicy, deliver
from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from orchestrator.explain import explain
from warehouse.errors import DeliveryError, InputError

STEP0 = [
    "first_workout:v1:u01:0:20260301",
    "first_workout:v1:u02:0:20260301",
    "first_workout:v1:u10:0:20260301",
    "upgrade_offer:v1:u05:0:20260301",
    "upgrade_offer:v1:u09:0:20260301",
]


@pytest.fixture
def queued(con: duckdb.DuckDBPyConnection, plan: RunPlan) -> duckdb.DuckDBPyConnection:
    run(con, actor="ops", plan=plan, traits_table="user_traits")
    return con


def fast_policy(sleeps: list[float]) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=4, base_seconds=0.01, max_seconds=0.03, timeout_seconds=0.25, sleep=sleeps.append
    )


def statuses(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[object, ...]]:
    rows = con.execute("SELECT idempotency_key, status, attempts, last_error FROM mcc.deliveries").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_webhook_delivers_once_retries_and_parks(queued: duckdb.DuckDBPyConnection) -> None:
    script = Script(
        actions={
            STEP0[1]: ["500", "timeout", "ok"],
            STEP0[2]: ["reset"],
            STEP0[3]: ["500"] * 4,
            STEP0[4]: ["400"],
        }
    )
    sleeps: list[float] = []
    with serve(script) as url:
        report = deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy(sleeps))
        again = deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy(sleeps))
    assert (report.due, report.delivered, report.parked, report.skipped) == (5, 3, 2, 0)
    assert again.due == 0 and again.delivered == 0
    assert script.accepted == {STEP0[0]: 1, STEP0[1]: 1, STEP0[2]: 1}
    assert len(script.requests) == 1 + 3 + 2 + 4 + 1  # a 400 is not retried
    assert statuses(queued) == {
        STEP0[0]: ("delivered", 1, None),
        STEP0[1]: ("delivered", 3, None),
        STEP0[2]: ("delivered", 2, None),
        STEP0[3]: ("parked", 4, f"HTTP 500 from {url}/hook"),
        STEP0[4]: ("parked", 1, f"HTTP 400 from {url}/hook"),
    }
    assert report.parked_reasons[STEP0[3]] == f"HTTP 500 from {url}/hook"
    assert sleeps == [0.01, 0.02, 0.01, 0.01, 0.02, 0.03]  # doubling backoff, capped at max_seconds
    first = script.requests[0]
    assert first.headers["Idempotency-Key"] == STEP0[0]
    assert first.body["user_id"] == "u01" and first.body["channel"] == "push"


def test_file_target_writes_each_due_message_once(queued: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "sends.jsonl"
    deliver(queued, f"file:{out}", now=AS_OF)
    deliver(queued, f"file:{out}", now=AS_OF)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["idempotency_key"] for line in lines] == STEP0


def outbox_statuses(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT idempotency_key, status FROM mcc.outbox").fetchall())  # type: ignore[arg-type]


def test_the_outbox_status_follows_the_deliveries_even_after_a_call_that_stopped(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from orchestrator.delivery.due import due_with_reasons
    from orchestrator.delivery.record import Outcome, record_batch

    # a call that recorded one delivery and stopped before its sync: the outbox row still says pending
    first, _reason = due_with_reasons(queued, AS_OF, step=0)[0]
    record_batch(queued, [Outcome(first, "delivered", 1)], destination="file", now=AS_OF)
    assert outbox_statuses(queued)[first.idempotency_key] == "pending"
    deliver(queued, f"file:{tmp_path / 'sends.jsonl'}", now=AS_OF)
    outbox = outbox_statuses(queued)
    assert {key: outbox[key] for key in STEP0} == dict.fromkeys(STEP0, "delivered")
    assert {key: status for key, (status, *_rest) in statuses(queued).items()} == {
        key: outbox[key] for key in statuses(queued)
    }
    assert sum(status == "pending" for status in outbox.values()) == len(outbox) - len(STEP0)  # later steps wait


def test_later_steps_fall_due_and_respect_only_if(queued: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "sends.jsonl"
    deliver(queued, f"file:{out}", now=AS_OF)
    # u01 opened the push; u02 and u10 did not.
    queued.execute(
        "UPDATE fct_messages SET opened_at = sent_at + INTERVAL 1 HOUR WHERE user_id = 'u01' AND rule_id = 'first_workout'"
    )
    early = deliver(queued, f"file:{out}", now=AS_OF + timedelta(hours=23))
    assert early.due == 0
    later = deliver(queued, f"file:{out}", now=AS_OF + timedelta(hours=24))
    assert (later.delivered, later.skipped) == (2, 1)
    assert statuses(queued)["first_workout:v1:u01:1:20260301"] == ("skipped", 0, "previous step opened")


def test_delivered_messages_flow_into_fct_messages_and_caps(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path, plan: RunPlan
) -> None:
    deliver(queued, f"file:{tmp_path / 'out.jsonl'}", now=AS_OF)
    rows = queued.execute(
        "SELECT user_id, rule_id, channel FROM fct_messages WHERE message_id LIKE 'dlv_%' ORDER BY user_id"
    ).fetchall()
    assert rows == [
        ("u01", "first_workout", "push"),
        ("u02", "first_workout", "push"),
        ("u05", "upgrade_offer", "email"),
        ("u09", "upgrade_offer", "email"),
        ("u10", "first_workout", "push"),
    ]
    # The run's own deliveries came after its decisions: explain does not count them against its caps.
    caps = [
        s.detail for s in explain(queued, "u05", rule_id="upgrade_offer").rules[0].steps if s.step == "cap"
    ]
    assert caps == ["0 messages in the last 7 days (global cap 3)"]
    queued.execute(
        "INSERT INTO fct_messages (message_id, sent_at, user_id, rule_id, channel) VALUES"
        " ('x1', ?, 'u05', 'other', 'push'), ('x2', ?, 'u05', 'other', 'push')",
        [AS_OF, AS_OF],
    )
    later = run(queued, actor="ops", plan=plan, traits_table="user_traits", as_of=AS_OF + timedelta(hours=1))
    reason = queued.execute(
        "SELECT reason FROM mcc.decisions WHERE run_id = ? AND user_id = 'u05'", [later.run_id]
    ).fetchone()
    assert reason == ("capped: 3 messages in the last 7 days (global cap 3 per 7 days)",)


def test_vendor_requests_have_their_documented_shapes(queued: duckdb.DuckDBPyConnection) -> None:
    queued.execute("UPDATE mcc.outbox SET template_key = 'campaign:cmp_1' WHERE user_id = 'u05'")
    queued.execute("UPDATE mcc.outbox SET template_key = 'workflow:42' WHERE user_id = 'u09'")
    script = Script()
    with serve(script) as url:
        env = {
            "MCC_BRAZE_URL": url,
            "MCC_BRAZE_API_KEY": "bk",
            "MCC_CUSTOMERIO_URL": url,
            "MCC_CUSTOMERIO_SITE_ID": "site",
            "MCC_CUSTOMERIO_API_KEY": "ck",
            "MCC_ITERABLE_URL": url,
            "MCC_ITERABLE_API_KEY": "ik",
        }
        for target in ("braze", "customerio", "iterable"):
            queued.execute("DELETE FROM mcc.deliveries")
            assert deliver(queued, target, now=AS_OF, env=env).delivered == 5
    by_target = [script.requests[i * 5 : (i + 1) * 5] for i in range(3)]
    braze, cio, iterable = ({r.body.get("campaign_id") or r.path: r for r in reqs} for reqs in by_target)
    track = next(r for r in by_target[0] if r.path == "/users/track")
    assert track.headers["Authorization"] == "Bearer bk"
    event = track.body["events"][0]
    assert event["name"] == "mcc_first_workout" and event["external_id"] == "u01"
    assert event["properties"]["idempotency_key"] == STEP0[0]
    campaign = braze["cmp_1"]
    assert campaign.path == "/campaigns/trigger/send"
    assert campaign.body["recipients"][0]["external_user_id"] == "u05"
    assert "trigger_properties" in campaign.body["recipients"][0]
    customer = by_target[1][0]
    assert customer.path == "/api/v1/customers/u01/events"
    assert customer.headers["Authorization"] == "Basic " + base64.b64encode(b"site:ck").decode()
    assert customer.body["name"] == "mcc_first_workout" and customer.body["data"]["step"] == 0
    assert set(cio) == {
        "/api/v1/customers/u01/events",
        "/api/v1/customers/u02/events",
        "/api/v1/customers/u05/events",
        "/api/v1/customers/u09/events",
        "/api/v1/customers/u10/events",
    }
    workflow = iterable["/api/workflows/triggerWorkflow"]
    assert workflow.body["workflowId"] == 42 and workflow.body["userId"] == "u09"
    assert workflow.headers["Api-Key"] == "ik"
    tracked = next(r for r in by_target[2] if r.path == "/api/events/track")
    assert {"userId", "eventName", "dataFields", "id", "createdAt"} <= set(tracked.body)


def test_missing_credentials_and_bad_targets_are_one_line_errors(queued: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(DeliveryError, match="missing credential: set MCC_CUSTOMERIO_API_KEY"):
        deliver(queued, "customerio", env={"MCC_CUSTOMERIO_SITE_ID": "s"})
    with pytest.raises(InputError, match="unknown delivery target 'smtp'"):
        deliver(queued, "smtp", env={})


def test_outcomes_are_recorded_a_batch_at_a_time_and_a_crash_repeats_at_most_one_batch(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orchestrator.delivery.destinations import FileDestination

    out = tmp_path / "sends.jsonl"
    real_send = FileDestination.send
    calls: list[str] = []

    def crash_on_the_fourth(self: FileDestination, message: OutboxMessage, policy: RetryPolicy) -> int:
        calls.append(message.idempotency_key)
        if len(calls) == 4:
            raise RuntimeError("the process died")
        return real_send(self, message, policy)

    monkeypatch.setattr(FileDestination, "send", crash_on_the_fourth)
    done: list[int] = []
    with pytest.raises(RuntimeError):
        deliver(queued, f"file:{out}", now=AS_OF, batch_size=2, progress=done.append)
    assert done == [2]  # the first batch was recorded, the second died before its record
    assert set(statuses(queued)) == set(STEP0[:2])
    monkeypatch.setattr(FileDestination, "send", real_send)
    report = deliver(queued, f"file:{out}", now=AS_OF, batch_size=2)
    assert (report.due, report.delivered) == (3, 3)
    assert set(statuses(queued)) == set(STEP0)
    sent = [json.loads(line)["idempotency_key"] for line in out.read_text().splitlines()]
    assert sent == STEP0[:3] + STEP0[2:]  # only the unrecorded third send is repeated


def test_a_later_step_due_in_the_same_call_is_judged_after_its_first_step(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "sends.jsonl"
    report = deliver(queued, f"file:{out}", now=AS_OF + timedelta(hours=24))
    later = [k for k in statuses(queued) if k not in STEP0]
    assert later and all(statuses(queued)[k][0] == "delivered" for k in later)  # nobody opened step 0 yet
    assert report.due == report.delivered == len(STEP0) + len(later)
