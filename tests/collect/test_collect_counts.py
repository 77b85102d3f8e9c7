from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse.collect.loader import load_messages

# Templates for every outcome a message can have; ids repeat on purpose so duplicates occur.
KINDS = ["track", "bad_track", "identify", "page", "alias", "no_id", "malformed", "oversize", "unplanned"]


def make(kind: str, n: int, prefix: str) -> dict[str, Any] | str:
    mid = f"{prefix}m{n}"
    if kind == "track":
        return {"type": "track", "event": "workout_started", "userId": f"u{n}", "messageId": mid,
                "properties": {"workout_type": "yoga"}}
    if kind == "bad_track":
        return {"type": "track", "event": "workout_started", "userId": f"u{n}", "messageId": mid,
                "properties": {"workout_type": 7}}
    if kind == "identify":
        return {"type": "identify", "userId": f"u{n}", "messageId": mid, "traits": {"country": "US"}}
    if kind == "page":
        return {"type": "page", "anonymousId": f"a{n}", "messageId": mid, "name": "Pricing"}
    if kind == "alias":
        return {"type": "alias", "userId": f"u{n}", "previousId": f"a{n}", "messageId": mid}
    if kind == "no_id":
        return {"type": "track", "event": "app_opened", "messageId": mid}
    if kind == "malformed":
        return '{"type": "track", "messageId": "' + mid + '"'
    if kind == "oversize":
        return {"type": "page", "userId": "u", "messageId": mid, "properties": {"x": "y" * 33_000}}
    return {"type": "track", "event": "mystery", "userId": "u", "messageId": mid}


# One warehouse for every example (creating the planned tables each time would dominate); each example's
# ids carry its own prefix so examples do not see each other's messages as duplicates.
EXAMPLES = itertools.count()


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def stored(con: duckdb.DuckDBPyConnection, prefix: str) -> int:
    total = 0
    for name in ("tracks", "identifies", "pages", "aliases"):
        row = con.execute(f"SELECT count(*) FROM raw.{name} WHERE starts_with(id, ?)", [prefix]).fetchone()
        total += row[0] if row else 0
    return total


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 6)), max_size=25))
def test_counts_add_up_and_a_reload_is_all_duplicates(con: duckdb.DuckDBPyConnection,
                                                      spec: list[tuple[str, int]]) -> None:
    prefix = f"e{next(EXAMPLES)}-"
    messages = [make(kind, n, prefix) for kind, n in spec]
    first = load_messages(con, messages, source=prefix)
    assert first.input == len(messages)
    assert first.loaded + first.quarantined + first.duplicates == first.input
    assert sum(first.by_violation.values()) == first.quarantined
    assert stored(con, prefix) == first.loaded
    quarantined = con.execute("SELECT raw_payload, violation_type FROM mcc.quarantine WHERE source = ?",
                              [prefix]).fetchall()
    assert len(quarantined) == first.quarantined
    assert all(json.loads(payload) for payload, kind in quarantined if kind != "Malformed-JSON")
    again = load_messages(con, messages, source=prefix)
    assert (again.loaded, again.quarantined, again.duplicates) == (0, 0, len(messages))
