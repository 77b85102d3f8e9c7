"""Delivery adapters against a local server: exactly once by key, retries, parking, vendor shapes, exposure."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_delivery_helpers import STEP0, fast_policy, statuses, vendor_env
from orchestrator_run_fixtures import AS_OF
from orchestrator_run_server import Script, serve

from orchestrator.delivery import OutboxMessage, RetryPolicy, deliver
from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan
from orchestrator.explain import explain
from warehouse.errors import DeliveryError, InputError


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
    # one doubling backoff per round of retries (not per failed request), capped at max_seconds
    assert sleeps == [0.01, 0.02, 0.03]
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


def test_vendor_requests_have_their_documented_shapes_and_pack_the_batch(queued: duckdb.DuckDBPyConnection) -> None:
    queued.execute("UPDATE mcc.outbox SET template_key = 'campaign:cmp_1' WHERE user_id = 'u05'")
    queued.execute("UPDATE mcc.outbox SET template_key = 'workflow:42' WHERE user_id = 'u09'")
    script = Script()
    counts = []
    with serve(script) as url:
        for target in ("braze", "customerio", "iterable"):
            queued.execute("DELETE FROM mcc.deliveries")
            assert deliver(queued, target, now=AS_OF, env=vendor_env(url)).delivered == 5
            counts.append(len(script.requests))
    braze, cio, iterable = script.requests[: counts[0]], script.requests[counts[0] : counts[1]], script.requests[counts[1] :]
    # Braze: the campaign trigger carries its one recipient; the four custom events share one /users/track
    assert sorted(r.path for r in braze) == ["/campaigns/trigger/send", "/users/track"]
    track = next(r for r in braze if r.path == "/users/track")
    assert track.headers["Authorization"] == "Bearer bk"
    events = {e["external_id"]: e for e in track.body["events"]}
    assert set(events) == {"u01", "u02", "u09", "u10"}  # u05 is the campaign's; an Iterable workflow key is an event here
    assert events["u01"]["name"] == "mcc_first_workout"
    assert events["u01"]["properties"]["idempotency_key"] == STEP0[0]
    campaign = next(r for r in braze if r.path == "/campaigns/trigger/send")
    assert campaign.body["campaign_id"] == "cmp_1"
    assert [r["external_user_id"] for r in campaign.body["recipients"]] == ["u05"]
    assert "trigger_properties" in campaign.body["recipients"][0]
    # Customer.io: one v2 batch of person events
    assert [r.path for r in cio] == ["/api/v2/batch"]
    assert cio[0].headers["Authorization"] == "Basic " + base64.b64encode(b"site:ck").decode()
    people = {e["identifiers"]["id"]: e for e in cio[0].body["batch"]}
    assert set(people) == {"u01", "u02", "u05", "u09", "u10"}
    assert people["u01"]["action"] == "event" and people["u01"]["name"] == "mcc_first_workout"
    assert people["u01"]["attributes"]["step"] == 0 and people["u01"]["type"] == "person"
    assert len({e["id"] for e in people.values()}) == 5 and all(len(e["id"]) == 26 for e in people.values())
    # Iterable: the workflow trigger alone, the four events in one trackBulk
    assert sorted(r.path for r in iterable) == ["/api/events/trackBulk", "/api/workflows/triggerWorkflow"]
    workflow = next(r for r in iterable if r.path == "/api/workflows/triggerWorkflow")
    assert workflow.body["workflowId"] == 42 and workflow.body["userId"] == "u09"
    assert workflow.headers["Api-Key"] == "ik"
    bulk = next(r for r in iterable if r.path == "/api/events/trackBulk")
    assert sorted(e["userId"] for e in bulk.body["events"]) == ["u01", "u02", "u05", "u10"]
    assert all({"userId", "eventName", "dataFields", "id", "createdAt"} <= set(e) for e in bulk.body["events"])


def test_a_failed_batch_request_parks_every_message_it_carried(
    queued: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orchestrator.delivery import vendors
    from orchestrator.delivery.destinations import request_key
    from orchestrator.delivery.due import due_with_reasons

    monkeypatch.setattr(vendors, "CUSTOMERIO_BATCH", 2)  # five messages: requests of 2, 2 and 1
    messages = [m for m, _ in due_with_reasons(queued, AS_OF, 0)]  # the order deliver hands them over in
    second = request_key(messages[2:4])
    assert second.startswith("batch-") and second == request_key(messages[2:4])  # stable across retries
    script = Script(actions={second: ["400"]})
    with serve(script) as url:
        report = deliver(queued, "customerio", now=AS_OF, env=vendor_env(url), policy=fast_policy([]))
    assert [len(r.body["batch"]) for r in script.requests] == [2, 2, 1]
    assert (report.delivered, report.parked) == (3, 2)
    parked = {k for k, (status, *_rest) in statuses(queued).items() if status == "parked"}
    assert parked == {m.idempotency_key for m in messages[2:4]}


def test_missing_credentials_and_bad_targets_are_one_line_errors(queued: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(DeliveryError, match="missing credential: set MCC_CUSTOMERIO_API_KEY"):
        deliver(queued, "customerio", env={"MCC_CUSTOMERIO_SITE_ID": "s"})
    with pytest.raises(InputError, match="unknown delivery target 'smtp'"):
        deliver(queued, "smtp", env={})


def test_outcomes_are_recorded_a_batch_at_a_time_and_a_crash_repeats_at_most_one_batch(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orchestrator.delivery.destinations import FileDestination, Result

    out = tmp_path / "sends.jsonl"
    real_send = FileDestination.send_all
    calls: list[str] = []

    def crash_on_the_fourth(self: FileDestination, messages: list[OutboxMessage], policy: RetryPolicy) -> list[Result]:
        sent: list[Result] = []
        for message in messages:  # the fourth message dies after the third was written
            calls.append(message.idempotency_key)
            if len(calls) == 4:
                raise RuntimeError("the process died")
            sent += real_send(self, [message], policy)
        return sent

    monkeypatch.setattr(FileDestination, "send_all", crash_on_the_fourth)
    done: list[int] = []
    with pytest.raises(RuntimeError):
        deliver(queued, f"file:{out}", now=AS_OF, batch_size=2, progress=done.append)
    assert done == [2]  # the first batch was recorded, the second died before its record
    assert set(statuses(queued)) == set(STEP0[:2])
    monkeypatch.setattr(FileDestination, "send_all", real_send)
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


def test_retry_parked_sends_what_an_outage_parked_and_the_steps_it_held_back(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    sleeps: list[float] = []
    with serve(Script(actions={key: ["500"] * 4 for key in STEP0})) as url:  # the endpoint is down
        down = deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy(sleeps))
    assert down.parked == len(STEP0)
    later = AS_OF + timedelta(days=1)  # the email steps are due: held back by their parked pushes
    held = deliver(queued, f"file:{tmp_path / 'no.jsonl'}", now=later)
    assert held.delivered == 0 and held.skipped > 0
    out = tmp_path / "sends.jsonl"
    again = deliver(queued, f"file:{out}", now=later, retry_parked=True)
    assert again.requeued == len(STEP0) + held.skipped
    sent = [json.loads(line) for line in out.read_text().splitlines()]
    assert {m["idempotency_key"] for m in sent if m["step"] == 0} == set(STEP0)
    assert {m["step"] for m in sent} == {0, 1}  # the follow-ups go out after their first step
    assert {status for status, *_ in statuses(queued).values()} == {"delivered"}
    assert deliver(queued, f"file:{out}", now=later, retry_parked=True).requeued == 0
