"""Delivery targets a person types wrong, a folder not there yet, or an endpoint that is down: one line, and
nothing marked sent or parked that was not."""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_delivery_helpers import STEP0, fast_policy, statuses
from orchestrator_run_fixtures import AS_OF
from orchestrator_run_server import Script, serve

from orchestrator.delivery import deliver, destinations
from orchestrator.delivery.http import HttpResponse, SendFailed
from orchestrator.delivery.models import HttpRequest
from warehouse.errors import DeliveryError, InputError


def test_a_file_target_in_a_folder_not_made_yet_makes_the_folder(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "today" / "messages.jsonl"  # the README's `file:out/messages.jsonl` in a fresh checkout
    report = deliver(queued, f"file:{out}", now=AS_OF)
    assert report.delivered == len(STEP0)
    assert [json.loads(line)["idempotency_key"] for line in out.read_text().splitlines()] == STEP0


def test_a_file_target_that_is_a_folder_is_refused_before_anything_is_sent(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="is a directory") as caught:
        deliver(queued, f"file:{tmp_path}", now=AS_OF)
    assert caught.value.where == "--to" and "file:PATH" in str(caught.value.accepted)
    assert statuses(queued) == {}  # nothing recorded as sent


def test_a_file_target_whose_folder_cannot_be_made_is_refused(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the folder would go")
    with pytest.raises(InputError, match="cannot make the folder"):
        deliver(queued, f"file:{blocker}/messages.jsonl", now=AS_OF)
    assert statuses(queued) == {}  # nothing recorded as sent


def test_a_write_that_fails_part_way_is_one_line_and_leaves_the_batch_unrecorded(
    queued: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "messages.jsonl"

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "open", disk_full)
    with pytest.raises(DeliveryError, match=r"cannot append to .*No space left on device"):
        deliver(queued, f"file:{out}", now=AS_OF)
    monkeypatch.undo()
    assert statuses(queued) == {}  # nothing recorded as sent
    assert deliver(queued, f"file:{out}", now=AS_OF).delivered == len(STEP0)  # the next call sends them all


def test_a_webhook_without_a_url_says_so(queued: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match=r"'hooks\.example\.com' is not an http\(s\) URL"):
        deliver(queued, "webhook:hooks.example.com", now=AS_OF)


def _closed_port_url() -> str:
    """Return a URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def test_a_destination_that_never_answers_stops_the_call_and_leaves_every_message_queued(
    queued: duckdb.DuckDBPyConnection,
) -> None:
    sleeps: list[float] = []
    with pytest.raises(DeliveryError, match="is not answering: connection failed") as stopped:
        deliver(queued, f"webhook:{_closed_port_url()}", now=AS_OF, policy=fast_policy(sleeps))
    assert "0 delivered, 0 parked, 5 left queued for the next deliver" in str(stopped.value)
    # it stopped after 8 unanswered calls: the five of the first round, one backoff, three of the second
    assert len(sleeps) == 1
    assert statuses(queued) == {}  # nothing parked for the destination's fault
    script = Script()
    with serve(script) as url:
        assert deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy(sleeps)).delivered == 5


def test_messages_delivered_before_the_destination_went_quiet_are_recorded(
    queued: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered: list[str] = []

    def up_then_down(request: HttpRequest, key: str, timeout: float) -> HttpResponse:
        if not answered:
            answered.append(key)
            return HttpResponse(200, b"{}")
        raise SendFailed("connection failed to x: refused", retryable=True, unreachable=True)

    monkeypatch.setattr(destinations, "post_once", up_then_down)
    with pytest.raises(DeliveryError, match="1 delivered, 0 parked, 4 left queued"):
        deliver(queued, "webhook:http://hooks.example/x", now=AS_OF, policy=fast_policy([]))
    assert statuses(queued) == {answered[0]: ("delivered", 1, None)}


def test_retries_wait_one_backoff_per_round_however_many_requests_failed(queued: duckdb.DuckDBPyConnection) -> None:
    # every first step fails once with a 500: five failed requests, then one backoff, then all five again
    script = Script(actions={key: ["500"] for key in STEP0})
    sleeps: list[float] = []
    with serve(script) as url:
        report = deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy(sleeps))
    assert (report.delivered, report.parked, report.attempts) == (5, 0, 10)
    assert sleeps == [0.01]  # was one backoff per failed request: five, one after another
    assert [r.action for r in script.requests] == ["500"] * 5 + ["ok"] * 5


def test_the_report_counts_skipped_messages_by_reason(queued: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with serve(Script(actions={key: ["400"] for key in STEP0})) as url:  # every first step is refused: parked
        deliver(queued, f"webhook:{url}/hook", now=AS_OF, policy=fast_policy([]))
    held = deliver(queued, f"file:{tmp_path / 'out.jsonl'}", now=AS_OF + timedelta(days=1))
    assert held.skipped > 0 and held.skipped_reasons == {"previous step parked": held.skipped}
