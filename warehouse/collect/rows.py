"""Turn one stamped message into rows of the raw layer, in RudderStack's warehouse layout."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from warehouse.collect.flatten import ColumnType, column_name, flatten_into, snake_case, store
from warehouse.collect.server_rules import Stamp
from warehouse.collect.tracking_plan import PropertySchema, TrackingPlan, Violation

# A row maps a column to its stored value; the value's Python type says the column type (`kind_of`).
Row = dict[str, Any]

COMMON_COLUMNS: dict[str, ColumnType] = {
    "id": "string",
    "anonymous_id": "string",
    "user_id": "string",
    "sent_at": "datetime",
    "timestamp": "datetime",
    "received_at": "datetime",
    "original_timestamp": "datetime",
    "channel": "string",
    "context_ip": "string",
    "context_request_ip": "string",
    "context_library_name": "string",
    "context_library_version": "string",
    "context_os_name": "string",
    "context_device_id": "string",
    "context_campaign_source": "string",
    "uuid_ts": "datetime",
}
TRACK_COLUMNS: dict[str, ColumnType] = {**COMMON_COLUMNS, "event": "string", "event_text": "string"}
PAGE_COLUMNS: dict[str, ColumnType] = {**COMMON_COLUMNS, "name": "string", "category": "string"}
ALIAS_COLUMNS: dict[str, ColumnType] = {**COMMON_COLUMNS, "previous_id": "string"}
GROUP_COLUMNS: dict[str, ColumnType] = {**COMMON_COLUMNS, "group_id": "string"}
USER_COLUMNS: dict[str, ColumnType] = {"id": "string", "received_at": "datetime", "uuid_ts": "datetime"}

# The message property `channel` would collide with the common column (web, mobile, server): the contract
# names it `channel_name`; any other collision (a fixed column, or a `context_` one) gets a `prop_` prefix.
PROPERTY_RENAMES = {"channel": "channel_name"}
COLLISION_PREFIX = "prop_"

# The fixed columns of each table as hashable sets, the keys of `_property_column`'s cache.
_COMMON_TAKEN, _TRACK_TAKEN = frozenset(COMMON_COLUMNS), frozenset(TRACK_COLUMNS)
_PAGE_TAKEN, _GROUP_TAKEN = frozenset(PAGE_COLUMNS), frozenset(GROUP_COLUMNS)

PLAN_COLUMN_TYPES: dict[str, ColumnType] = {
    "string": "string", "number": "float", "integer": "int", "boolean": "boolean", "datetime": "datetime",
}


def property_column(name: str, taken: dict[str, ColumnType]) -> str:
    """Return the column for a property or trait, renamed when it collides with a fixed column."""
    return _property_column(name, frozenset(taken))


@lru_cache(maxsize=8192)
def _property_column(name: str, taken: frozenset[str]) -> str:
    # Cached per (name, fixed columns): the same few properties arrive on every message of an event.
    column = snake_case(name)
    if column not in taken and not column.startswith("context_"):
        return column
    return PROPERTY_RENAMES.get(column, COLLISION_PREFIX + column)


def planned_columns(schema: dict[str, PropertySchema], taken: dict[str, ColumnType]) -> dict[str, ColumnType]:
    """Return the columns a planned schema declares, with their types."""
    return {property_column(name, taken): PLAN_COLUMN_TYPES[spec.type] for name, spec in schema.items()}


def _base_row(message: dict[str, Any], stamp: Stamp, uuid_ts: datetime) -> Row:
    row: Row = {"id": stamp.id, "timestamp": stamp.timestamp, "received_at": stamp.received_at, "uuid_ts": uuid_ts}
    if stamp.anonymous_id is not None:
        row["anonymous_id"] = stamp.anonymous_id
    if stamp.user_id is not None:
        row["user_id"] = stamp.user_id
    if stamp.sent_at is not None:
        row["sent_at"] = stamp.sent_at
    if stamp.original_timestamp is not None:
        row["original_timestamp"] = stamp.original_timestamp
    channel = message.get("channel")
    if channel is not None:
        row["channel"] = store(channel)
    context = message.get("context") or {}
    if not isinstance(context, dict):
        raise TypeError("context must be an object")
    flatten_into(row, context, "context")
    request_ip = message.get("request_ip")
    if request_ip is not None:
        row["context_request_ip"] = store(request_ip)
    return row


def _add_typed(row: Row, values: dict[str, Any], schema: dict[str, PropertySchema], taken: frozenset[str]) -> Row:
    """Add properties or traits to the row: typed by the plan where it declares them, inferred elsewhere."""
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, dict):
            for column, leaf in flatten_into({}, {key: value}).items():
                row[_property_column(column, taken)] = leaf
            continue
        spec = schema.get(key)
        if spec is None:
            column = column_name("", key)
            if column:
                row[_property_column(column, taken)] = store(value)
            continue
        kind = PLAN_COLUMN_TYPES[spec.type]
        stored = float(value) if kind == "float" else int(value) if kind == "int" else value
        row[_property_column(key, taken)] = store(value) if kind == "datetime" else stored
    return row


def _object(message: dict[str, Any], key: str) -> dict[str, Any]:
    value = message.get(key) or {}
    if not isinstance(value, dict):
        raise TypeError(f"{key} must be an object, got {type(value).__name__}")
    return value


def message_rows(message: dict[str, Any], stamp: Stamp, plan: TrackingPlan,
                 uuid_ts: datetime) -> dict[str, Row] | list[Violation]:
    """Return the rows one message adds, keyed by table, or the violations that keep it out."""
    try:
        base = _base_row(message, stamp, uuid_ts)
        kind = message["type"]
        if kind == "track":
            return _track_rows(message, base, plan)
        if kind == "identify":
            traits = _object(message, "traits") or _object(_object(message, "context"), "traits")
            found = plan.check_traits(traits)
            return found or {"identifies": _add_typed(base, traits, plan.traits, _COMMON_TAKEN)}
        if kind in ("page", "screen"):
            properties = _object(message, "properties")
            row = _add_typed(base, {k: v for k, v in properties.items() if k not in ("name", "category")},
                             {}, _PAGE_TAKEN)
            for column in ("name", "category"):
                value = message.get(column, properties.get(column))
                if value is not None:
                    row[column] = value if isinstance(value, str) else str(value)
            return {f"{kind}s": row}
        if kind == "group":
            return _group_rows(message, base)
        return _alias_rows(message, base)
    except TypeError as exc:
        return [Violation(type="Datatype-Mismatch", message=str(exc))]


def _track_rows(message: dict[str, Any], base: Row, plan: TrackingPlan) -> dict[str, Row] | list[Violation]:
    sent_name = message.get("event")
    if not isinstance(sent_name, str) or not sent_name or sent_name.isspace():  # as `not strip()`, no copy
        return [Violation(type="Required-Missing", message="a track message needs an event name", path="/event")]
    event, properties = plan.canonical(sent_name, _object(message, "properties"))
    found = plan.check_properties(event, properties)
    if found:
        return found
    base["event"] = event
    base["event_text"] = sent_name
    return {"tracks": base, event: _add_typed(base.copy(), properties, plan.events[event], _TRACK_TAKEN)}


def _alias_rows(message: dict[str, Any], base: Row) -> dict[str, Row] | list[Violation]:
    previous = message.get("previousId")
    if previous is None or previous == "" or "user_id" not in base:
        return [Violation(type="Required-Missing", path="/previousId",
                          message="an alias message needs both previousId and userId")]
    base["previous_id"] = str(previous)
    return {"aliases": base}


def _group_rows(message: dict[str, Any], base: Row) -> dict[str, Row] | list[Violation]:
    """Return the `groups` row of a group call: the account the person belongs to, its traits as columns."""
    group_id = message.get("groupId")
    if group_id is None or group_id == "" or isinstance(group_id, bool) or not isinstance(group_id, str | int):
        return [Violation(type="Required-Missing", path="/groupId",
                          message="a group message needs a groupId (a string or an integer)")]
    traits = _object(message, "traits")
    base["group_id"] = str(group_id)
    return {"groups": _add_typed(base, traits, {}, _GROUP_TAKEN)}
