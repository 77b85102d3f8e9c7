"""Vendors' per-item answers inside a 2xx: each message ends delivered, parked with the vendor's reason, or retried."""

from __future__ import annotations

import duckdb
import pytest
from orchestrator_run_delivery_helpers import STEP0, fast_policy, statuses, vendor_env
from orchestrator_run_fixtures import AS_OF
from orchestrator_run_server import Reply, Script, serve

from orchestrator.delivery import DeliveryReport, deliver


def deliver_twice(con: duckdb.DuckDBPyConnection, target: str, script: Script,
                  sleeps: list[float]) -> tuple[DeliveryReport, DeliveryReport, int]:
    """Deliver, then deliver again; return both reports and how many requests the first call made."""
    with serve(script) as url:
        report = deliver(con, target, now=AS_OF, env=vendor_env(url), policy=fast_policy(sleeps))
        first_requests = len(script.requests)
        again = deliver(con, target, now=AS_OF, env=vendor_env(url), policy=fast_policy(sleeps))
    return report, again, first_requests


def assert_nothing_resent(again: DeliveryReport, script: Script, first_requests: int) -> None:
    assert (again.due, again.delivered, again.parked) == (0, 0, 0)
    assert len(script.requests) == first_requests  # delivered and parked messages are final


def test_braze_parks_the_events_its_errors_index_and_retries_a_passing_one(queued: duckdb.DuckDBPyConnection) -> None:
    queued.execute("UPDATE mcc.outbox SET template_key = 'campaign:cmp_1' WHERE user_id = 'u09'")
    track_errors = [
        {"type": "'external_id' is not valid", "input_array": "events", "index": 1},
        {"type": "Internal error, please retry", "input_array": "events", "index": 3},
    ]
    script = Script(replies={
        "/users/track": [(201, {"message": "success", "events_processed": 2, "errors": track_errors})],
        "/campaigns/trigger/send": [(201, {"dispatch_id": "d1", "message": "success",
                                           "errors": ["recipient not subscribed"]})],
    })
    sleeps: list[float] = []
    report, again, first_requests = deliver_twice(queued, "braze", script, sleeps)
    assert statuses(queued) == {
        STEP0[0]: ("delivered", 1, None),
        STEP0[1]: ("parked", 1, "Braze rejected event 1: 'external_id' is not valid"),
        STEP0[2]: ("delivered", 1, None),
        STEP0[3]: ("delivered", 2, None),  # the passing error: sent again, alone
        STEP0[4]: ("parked", 1, 'Braze reported errors without naming the item: ["recipient not subscribed"]'),
    }
    assert (report.delivered, report.parked) == (3, 2)
    assert report.parked_reasons[STEP0[1]] == "Braze rejected event 1: 'external_id' is not valid"
    tracks = [r for r in script.requests if r.path == "/users/track"]
    assert [[e["external_id"] for e in r.body["events"]] for r in tracks] == [["u01", "u02", "u10", "u05"], ["u05"]]
    assert tracks[1].headers["Idempotency-Key"] == STEP0[3]  # its own key, not the batch's
    assert sleeps == [0.01]
    assert_nothing_resent(again, script, first_requests)


def multi_status(*errors: dict[str, object]) -> Reply:
    """Return a Customer.io 207 naming the failed items."""
    return 207, {"errors": list(errors)}


def passing(index: int, reason: str) -> dict[str, object]:
    """Return a Customer.io item error whose reason says another try may go through."""
    return {"batch_index": index, "reason": reason, "message": "try later"}


def test_customerio_reads_a_207_by_batch_index_retrying_passing_errors_until_attempts_run_out(
    queued: duckdb.DuckDBPyConnection,
) -> None:
    invalid = {"batch_index": 0, "reason": "invalid", "field": "identifiers.id", "message": "must not be blank"}
    script = Script(replies={"/api/v2/batch": [
        multi_status(invalid, passing(2, "rate_limited"), passing(4, "internal")),
        multi_status(passing(1, "internal")),  # the two retried together: the first goes through
        multi_status(passing(0, "internal")),
        multi_status(passing(0, "internal")),  # the fourth attempt: no more
    ]})
    sleeps: list[float] = []
    report, again, first_requests = deliver_twice(queued, "customerio", script, sleeps)
    last = "Customer.io rejected batch item 0: reason internal, message try later"
    assert statuses(queued) == {
        STEP0[0]: ("parked", 1, "Customer.io rejected batch item 0: reason invalid, field identifiers.id, "
                                "message must not be blank"),
        STEP0[1]: ("delivered", 1, None),
        STEP0[2]: ("delivered", 2, None),
        STEP0[3]: ("delivered", 1, None),
        STEP0[4]: ("parked", 4, last),
    }
    assert (report.delivered, report.parked, report.attempts) == (3, 2, 1 + 1 + 2 + 1 + 4)
    assert [[e["identifiers"]["id"] for e in r.body["batch"]] for r in script.requests] == [
        ["u01", "u02", "u10", "u05", "u09"], ["u10", "u09"], ["u09"], ["u09"]]
    assert [r.headers["Idempotency-Key"] for r in script.requests[2:]] == [STEP0[4], STEP0[4]]
    assert sleeps == [0.01, 0.02, 0.03]
    assert_nothing_resent(again, script, first_requests)


def test_iterable_parks_the_users_and_event_names_trackbulk_lists(queued: duckdb.DuckDBPyConnection) -> None:
    answer = {"successCount": 2, "failCount": 3, "disallowedEventNames": ["mcc_upgrade_offer"],
              "failedUpdates": {"notFoundUserIds": ["u02"], "invalidUserIds": [], "forgottenUserIds": []}}
    script = Script(replies={"/api/events/trackBulk": [(200, answer)]})
    report, again, first_requests = deliver_twice(queued, "iterable", script, [])
    disallowed = "Iterable listed eventName 'mcc_upgrade_offer' in disallowedEventNames"
    assert statuses(queued) == {
        STEP0[0]: ("delivered", 1, None),
        STEP0[1]: ("parked", 1, "Iterable listed userId 'u02' in failedUpdates.notFoundUserIds"),
        STEP0[2]: ("delivered", 1, None),
        STEP0[3]: ("parked", 1, disallowed),
        STEP0[4]: ("parked", 1, disallowed),
    }
    assert (report.delivered, report.parked) == (2, 3)
    assert len(script.requests) == 1
    assert_nothing_resent(again, script, first_requests)


def test_iterable_failures_it_counts_but_does_not_name_are_resent_under_the_same_event_ids(
    queued: duckdb.DuckDBPyConnection,
) -> None:
    answer = {"successCount": 3, "failCount": 2, "failedUpdates": {"notFoundUserIds": ["u02"]}}
    script = Script(replies={"/api/events/trackBulk": [(200, answer)]})
    report, again, first_requests = deliver_twice(queued, "iterable", script, [])
    assert {k: v[:2] for k, v in statuses(queued).items()} == {
        STEP0[0]: ("delivered", 2), STEP0[1]: ("parked", 1), STEP0[2]: ("delivered", 2),
        STEP0[3]: ("delivered", 2), STEP0[4]: ("delivered", 2),
    }
    assert report.parked_reasons == {STEP0[1]: "Iterable listed userId 'u02' in failedUpdates.notFoundUserIds"}
    first, second = (r.body["events"] for r in script.requests)
    assert [e["id"] for e in second] == [e["id"] for e in first if e["userId"] != "u02"]  # Iterable dedupes by id
    assert_nothing_resent(again, script, first_requests)


@pytest.mark.parametrize(("target", "path", "reply", "expected"), [
    ("braze", "/users/track", (201, b"<html>queued</html>"), '{"message": "success", "errors": [{"type"'),
    ("customerio", "/api/v2/batch", (207, b""), '{"errors": [{"batch_index": ...'),
    ("iterable", "/api/events/trackBulk", (200, {"msg": "ok", "code": "Success"}), '{"successCount": n'),
])
def test_a_2xx_body_that_is_not_the_documented_json_parks_the_request_saying_what_was_expected(
    queued: duckdb.DuckDBPyConnection, target: str, path: str, reply: Reply, expected: str
) -> None:
    script = Script(replies={path: [reply]})
    report, again, first_requests = deliver_twice(queued, target, script, [])
    assert (report.delivered, report.parked, first_requests) == (0, 5, 1)
    reasons = {error for _status, _attempts, error in statuses(queued).values()}
    assert len(reasons) == 1
    reason = str(reasons.pop())
    assert f"answered HTTP {reply[0]}" in reason and f"not its documented JSON {expected}" in reason
    assert_nothing_resent(again, script, first_requests)


def test_customerio_resends_only_the_rate_limited_item_and_takes_an_empty_200_as_success(
    queued: duckdb.DuckDBPyConnection,
) -> None:
    script = Script(replies={"/api/v2/batch": [multi_status(passing(3, "rate_limited")), (200, b"")]})
    report, again, first_requests = deliver_twice(queued, "customerio", script, [])
    assert {k: v[:2] for k, v in statuses(queued).items()} == {
        **{key: ("delivered", 1) for key in STEP0}, STEP0[3]: ("delivered", 2)}
    first, second = script.requests
    assert first.headers["Idempotency-Key"].startswith("batch-") and second.headers["Idempotency-Key"] == STEP0[3]
    assert second.body["batch"] == [first.body["batch"][3]]  # the same event, under the same ULID id
    assert report.delivered == 5
    assert_nothing_resent(again, script, first_requests)
