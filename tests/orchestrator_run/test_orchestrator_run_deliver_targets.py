"""Delivery targets a person types wrong, or a folder that is not there yet: one line, nothing marked sent."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_delivery_helpers import STEP0, statuses
from orchestrator_run_fixtures import AS_OF

from orchestrator.delivery import deliver
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
