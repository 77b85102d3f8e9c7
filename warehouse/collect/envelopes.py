"""Split loader input (JSON lines, `/v1/batch` bodies, dicts) into one envelope per message."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from warehouse.collect.server_rules import message_id, oversize, payload_id, to_json
from warehouse.collect.tracking_plan import Violation


@dataclass(slots=True)
class Envelope:
    """One message as received: where it came from, its text, and its parse result.

    A line that is one message keeps only its text (`message` is None, `reparse` True): the loader holds
    a chunk of envelopes while it looks their ids up, and parsed objects held that long cost more in memory
    traffic than parsing the line again, right before the message is flattened (a duplicate never is).
    """

    line_no: int
    raw: str
    message: dict[str, Any] | None
    id: str
    violation: Violation | None = None
    reparse: bool = False
    short_numbers: bool = False  # the text has no run of 19 digits: orjson alone parses it exactly

    def payload(self) -> dict[str, Any]:
        """Return the message, parsing its line again if it kept only the text."""
        if self.message is not None:
            return self.message
        assert self.reparse, "an envelope with a violation has no payload"
        message: dict[str, Any] = loads(self.raw, short_numbers=self.short_numbers)
        return message


def malformed(line_no: int, raw: str, why: str) -> Envelope:
    """Return the envelope of a unit that is not a usable message."""
    return Envelope(line_no, raw, None, payload_id(raw), Violation(type="Malformed-JSON", message=why))


def message_envelope(line_no: int, raw: str, obj: Any, sent_at: Any = None) -> Envelope:
    """Return the envelope of one message of a unit; `sent_at` is its batch's, which it takes if it has none."""
    if not isinstance(obj, dict):
        return malformed(line_no, raw, f"a message must be a JSON object, got {type(obj).__name__}")
    if sent_at is not None and "sentAt" not in obj:
        obj = {**obj, "sentAt": sent_at}  # the batch's sentAt applies to each of its messages
    return Envelope(line_no, raw, obj, message_id(obj, raw), oversize(raw))


def split_body(line_no: int, raw: str, obj: Any) -> Iterator[Envelope]:
    """Yield the messages of one parsed unit: a message, a `{"batch": [...]}` body or a list."""
    if isinstance(obj, dict) and "batch" in obj:
        batch = obj["batch"]
        if not isinstance(batch, list):
            yield malformed(line_no, raw, "batch must be a list of messages")
            return
        for item in batch:
            yield message_envelope(line_no, to_json(item), item, obj.get("sentAt"))
    elif isinstance(obj, list):
        for item in obj:
            yield message_envelope(line_no, to_json(item), item)
    else:
        yield message_envelope(line_no, raw, obj)


# orjson parses a line in a third of json.loads' time and agrees with it on every document it accepts, but
# for integers beyond 64 bits, which it turns into floats. A number that long has 19 digits or more, so a
# unit with such a run of digits (found by mapping every digit to 0) is left to json.loads, as is every
# unit orjson refuses: json.loads accepts NaN and lone surrogates, and its error message is the one
# the quarantine keeps.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


def has_long_numbers(data: bytes) -> bool:
    """Say whether the text has a run of 19 digits or more, which only json.loads parses exactly."""
    return _LONG_NUMBER in data.translate(_DIGITS_TO_ZERO)


def loads(text: str, *, short_numbers: bool = False) -> Any:
    """Parse one JSON unit exactly as `json.loads` does (same value, same error), faster.

    `short_numbers` says the caller already knows the text has no long digit run (it checked a whole file).
    """
    if not short_numbers and has_long_numbers(text.encode("utf-8", "surrogatepass")):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def parse_line(line_no: int, text: str, *, short_numbers: bool = False) -> list[Envelope]:
    """Return the envelopes of one JSON line; a line that does not parse is one Malformed-JSON envelope."""
    try:
        obj = loads(text, short_numbers=short_numbers)
    except json.JSONDecodeError as exc:
        return [malformed(line_no, text, f"line {line_no} is not valid JSON: {exc.msg} at column {exc.colno}")]
    if type(obj) is dict and "batch" not in obj:  # one message: the common case, kept as text
        return [Envelope(line_no, text, None, message_id(obj, text), oversize(text), reparse=True,
                         short_numbers=short_numbers)]
    return list(split_body(line_no, text, obj))


def envelopes(items: Iterable[dict[str, Any] | str]) -> Iterator[Envelope]:
    """Yield envelopes for strings (JSON text, one unit each) and dicts (messages or batch bodies)."""
    for line_no, item in enumerate(items, start=1):
        if isinstance(item, str):
            if item.strip():
                yield from parse_line(line_no, item.rstrip("\r\n"))
        else:
            yield from split_body(line_no, to_json(item), item)
