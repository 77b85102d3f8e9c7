"""Write the raw layer back out as RudderStack payloads (JSON lines), so generated data can go through
the collect path exactly as a client's events would."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from warehouse.collect.raw_tables import existing_columns, table
from warehouse.collect.rows import COLLISION_PREFIX, COMMON_COLUMNS, PROPERTY_RENAMES, TRACK_COLUMNS
from warehouse.collect.timestamps import format_timestamp
from warehouse.connection import cursor as connection_cursor
from warehouse.errors import DatabaseError, InputError

# context objects RudderStack SDKs nest; other context_* columns are top-level context keys.
CONTEXT_OBJECTS = ("library", "os", "device", "campaign", "app", "screen", "page", "network", "traits", "location")
MESSAGE_KEYS = {
    "id": "messageId", "anonymous_id": "anonymousId", "user_id": "userId", "sent_at": "sentAt",
    "timestamp": "timestamp", "received_at": "receivedAt", "original_timestamp": "originalTimestamp",
    "channel": "channel", "context_request_ip": "request_ip",
}
FETCH_SIZE = 10_000
_UNRENAMES = {column: name for name, column in PROPERTY_RENAMES.items()}


def _json_value(value: Any) -> Any:
    """Return a raw column value as the JSON a client would have sent."""
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, Decimal):  # a DECIMAL column in a warehouse someone else loaded
        return float(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _property_name(column: str) -> str:
    if column in _UNRENAMES:
        return _UNRENAMES[column]
    return column.removeprefix(COLLISION_PREFIX) if column.startswith(COLLISION_PREFIX) else column


def _context(row: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for column, value in row.items():
        if not column.startswith("context_") or column == "context_request_ip" or value is None:
            continue
        key = column.removeprefix("context_")
        head, _, rest = key.partition("_")
        if head in CONTEXT_OBJECTS and rest:
            context.setdefault(head, {})[rest] = _json_value(value)
        else:
            context[key] = _json_value(value)
    return context


def to_payload(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """Return the RudderStack message a raw row was made from."""
    message: dict[str, Any] = {"type": kind}
    for column, key in MESSAGE_KEYS.items():
        if row.get(column) is not None:
            message[key] = _json_value(row[column])
    context = _context(row)
    if context:
        message["context"] = context
    fixed = TRACK_COLUMNS if kind == "track" else COMMON_COLUMNS
    rest = {_property_name(c): _json_value(v) for c, v in row.items()
            if v is not None and c not in fixed and not c.startswith("context_")}
    if kind == "track":
        message["event"] = row.get("event_text") or row["event"]
        message["properties"] = rest
    elif kind == "identify":
        message["traits"] = rest
    elif kind == "alias":
        message["previousId"] = rest.pop("previous_id", None)
    elif kind == "group":
        message["groupId"] = rest.pop("group_id", None)
        message["traits"] = rest
    else:
        for key in ("name", "category"):
            if key in rest:
                message[key] = rest.pop(key)
        message["properties"] = rest
    return message


def _sources(columns: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """Return (table, message type) for every raw table that holds messages; tracks come from event tables."""
    fixed = {"identifies": "identify", "pages": "page", "screens": "screen", "aliases": "alias", "groups": "group"}
    sources = [(name, kind) for name, kind in fixed.items() if name in columns]
    sources += [(name, "track") for name, cols in sorted(columns.items())
                if name not in fixed and name not in ("tracks", "users") and {"event", "event_text"} <= set(cols)]
    return sources


def _rows(con: duckdb.DuckDBPyConnection, name: str, kind: str, limit: int | None,
          user_ids: list[str] | None) -> Iterator[tuple[datetime, str, dict[str, Any]]]:
    query = exp.select("*").from_(table(name)).order_by("timestamp", "id")
    if user_ids is not None:
        query = query.where(exp.column("user_id").isin(*(exp.Literal.string(u) for u in user_ids)))
    if limit is not None:
        query = query.limit(limit)
    cursor = connection_cursor(con)  # one cursor per table, so the tables stream side by side into one merge
    try:
        result = cursor.execute(query.sql("duckdb"))
        names = [d[0] for d in result.description]
        while batch := result.fetchmany(FETCH_SIZE):
            for values in batch:
                row = dict(zip(names, values, strict=True))
                yield row["timestamp"] or datetime.min, row["id"], to_payload(kind, row)
    finally:
        cursor.close()


def export_events(con: duckdb.DuckDBPyConnection, out_path: str | Path, *, limit: int | None = None,
                  user_ids: Iterable[str] | None = None) -> int:
    """Write the raw layer's messages as RudderStack JSON lines, oldest first; return how many."""
    if limit is not None and limit < 0:
        raise InputError(f"limit must be 0 or more, got {limit}")
    columns = existing_columns(con)
    sources = _sources(columns)
    if not sources:
        raise DatabaseError("the warehouse has no raw layer to export", accepted="a warehouse with schema raw")
    wanted = sorted(set(user_ids)) if user_ids is not None else None
    streams = [_rows(con, name, kind, limit, wanted) for name, kind in sources]
    merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
    out = Path(out_path)
    written = 0
    try:
        with out.open("w", encoding="utf-8") as handle:
            for _, _, payload in merged:
                if limit is not None and written >= limit:
                    break
                handle.write(json.dumps(payload, separators=(",", ":"), ensure_ascii=False) + "\n")
                written += 1
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}", accepted="a path in a writable directory") from exc
    return written
