"""The rules RudderStack's server applies to every message before it is stored."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warehouse.collect.timestamps import parse_timestamp
from warehouse.collect.tracking_plan import Violation

MAX_MESSAGE_BYTES = 32 * 1024
MESSAGE_TYPES = ("track", "identify", "page", "screen", "group", "alias")

# Ids derived from the payload (not random) so re-loading a message that came without a messageId is a no-op.
_PAYLOAD_NAMESPACE = uuid.UUID("6f1c8a52-3b7e-4f0e-9a51-0c7d3e2b9f10")


@dataclass(slots=True)
class Stamp:
    """The server-side columns of one message: its id, ids of the person, and corrected times."""

    id: str
    anonymous_id: str | None
    user_id: str | None
    sent_at: datetime | None
    timestamp: datetime
    received_at: datetime
    original_timestamp: datetime | None


def payload_id(raw: str) -> str:
    """Return a stable uuid for a payload that carries no usable messageId."""
    return str(uuid.uuid5(_PAYLOAD_NAMESPACE, raw))


def message_id(message: dict[str, Any], raw: str) -> str:
    """Return the message's id, or one derived from its payload when it is empty or missing."""
    given = message.get("messageId")
    if type(given) is str and given and not given.isspace():  # the common case, as the test below decides it
        return given
    if isinstance(given, str | int) and not isinstance(given, bool) and str(given).strip():
        return str(given)
    return payload_id(raw)


def _person_id(message: dict[str, Any], key: str) -> str | None:
    value = message.get(key)
    if type(value) is str:  # the common case, decided as below
        return value or None
    if value is None or value == "":
        return None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"{key} must be a string, got {type(value).__name__}")


def _time(message: dict[str, Any], key: str) -> datetime | None:
    value = message.get(key)
    if value is None:
        return None
    stamp = parse_timestamp(value)
    if stamp is None:
        raise TypeError(f"{key} must be an ISO-8601 date and time, got {value!r}")
    return stamp


def stamp_message(message: dict[str, Any], msg_id: str, received_at: datetime) -> Stamp | Violation:
    """Apply the server rules: an id is required, times are parsed, `timestamp` is skew-corrected."""
    kind = message.get("type")
    if kind not in MESSAGE_TYPES:
        if kind is None:
            return Violation(type="Required-Missing", message="message has no type", path="/type")
        return Violation(type="Unplanned-Event", path="/type",
                         message=f"message type {kind!r} is not collected (accepted: {', '.join(MESSAGE_TYPES)})")
    try:
        anonymous_id = _person_id(message, "anonymousId")
        user_id = _person_id(message, "userId")
        # A replayed archive keeps the receivedAt the server stamped then; the HTTP server drops client values.
        received = _time(message, "receivedAt") or received_at
        sent_at = _time(message, "sentAt")
        original = _time(message, "originalTimestamp")
        timestamp = _time(message, "timestamp")
    except TypeError as exc:
        return Violation(type="Datatype-Mismatch", message=str(exc))
    if anonymous_id is None and user_id is None:
        return Violation(type="Missing-Id", message="Request neither has anonymousId nor userId",
                         path="/anonymousId")
    if timestamp is None:
        if original is not None and sent_at is not None:
            timestamp = received - (sent_at - original)  # clock-skew correction
        else:
            timestamp = original or received
    return Stamp(msg_id, anonymous_id, user_id, sent_at, timestamp, received, original)


def oversize(raw: str) -> Violation | None:
    """Return an Oversize-Payload violation when a message is over 32 KB, as the SDKs refuse it."""
    if len(raw) * 4 <= MAX_MESSAGE_BYTES:  # a UTF-8 character is at most 4 bytes: no need to encode
        return None
    size = len(raw.encode("utf-8"))
    if size <= MAX_MESSAGE_BYTES:
        return None
    return Violation(type="Oversize-Payload", message=f"message is {size} bytes (limit {MAX_MESSAGE_BYTES})")


def to_json(message: Any) -> str:
    """Serialise a message compactly, as it is measured and quarantined."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False, default=str)
