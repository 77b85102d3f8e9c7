"""Vendor ids and times derived from a message: Customer.io's dedupe ULID and Unix times read as UTC."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from orchestrator.delivery.models import OutboxMessage
from orchestrator.delivery.vendors import CROCKFORD, dedupe_ulid, epoch_seconds


def message(key: str, when: datetime = datetime(2026, 3, 1, 8, 30)) -> OutboxMessage:
    return OutboxMessage(idempotency_key=key, run_id="r", rule_id="first_workout", rule_version=1, user_id="u01",
                         channel="push", step=0, send_after=when)


def test_the_dedupe_ulid_is_the_same_for_a_message_and_different_across_messages() -> None:
    first, again, other = dedupe_ulid(message("a:v1:u01:0:20260301")), dedupe_ulid(message("a:v1:u01:0:20260301")), \
        dedupe_ulid(message("a:v1:u02:0:20260301"))
    assert first == again and first != other
    assert len(first) == 26 and set(first) <= set(CROCKFORD) and first[0] in "01234567"  # 128 bits
    # the first ten characters are the send time in milliseconds, as a ULID's are
    millis = int(datetime(2026, 3, 1, 8, 30, tzinfo=UTC).timestamp() * 1000)
    assert int("".join(f"{CROCKFORD.index(c):05b}" for c in first[:10]), 2) == millis
    assert first[:10] == other[:10]


def test_send_times_are_read_as_utc_whatever_the_machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = datetime(2026, 3, 1, 8, 30, tzinfo=UTC).timestamp()
    if not hasattr(time, "tzset"):  # no way to move this process's zone here: the machine's own must not matter
        assert epoch_seconds(message("k")) == expected
        return
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # eight hours from UTC in March
    time.tzset()
    try:
        assert epoch_seconds(message("k")) == expected
    finally:
        monkeypatch.undo()
        time.tzset()
