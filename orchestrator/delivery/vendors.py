"""Request builders for Braze, Customer.io and Iterable, in the shapes their public APIs document.

The template key picks the call: `campaign:<id>` or `canvas:<id>` triggers a Braze campaign or Canvas,
`workflow:<id>` an Iterable workflow; anything else sends a custom event named `mcc_<rule_id>` that the
tool's own campaigns listen for. Base URLs and keys come from the environment so tests point at 127.0.0.1.

Each vendor's `*_requests` packs many messages into one request where its API takes a batch (one HTTP
round trip per message would take hours for a day's sends at a million users): Braze triggers take 50
recipients and `/users/track` 75 objects, Customer.io's v2 `/api/v2/batch` takes any mix under 500 KB,
Iterable's `/api/events/trackBulk` takes an events array; an Iterable workflow trigger stays one per user.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable, Mapping
from datetime import UTC
from typing import Any

from orchestrator.delivery.models import HttpRequest, OutboxMessage
from warehouse.errors import DeliveryError

DEFAULT_URLS = {
    "braze": "https://rest.iad-01.braze.com",
    "customerio": "https://track.customer.io",
    "iterable": "https://api.iterable.com",
}


def require(env: Mapping[str, str], name: str) -> str:
    """Return an environment variable, or raise a one-line error naming it."""
    value = env.get(name)
    if not value:
        raise DeliveryError(
            f"missing credential: set {name}", where="environment", accepted=f"{name}=<value>"
        )
    return value


def base_url(env: Mapping[str, str], vendor: str) -> str:
    """Return the vendor's API base URL, overridable with MCC_<VENDOR>_URL."""
    return env.get(f"MCC_{vendor.upper()}_URL", DEFAULT_URLS[vendor]).rstrip("/")


def properties(message: OutboxMessage) -> dict[str, Any]:
    """Return the message context every vendor receives as event or trigger properties."""
    return {
        "rule_id": message.rule_id,
        "rule_version": message.rule_version,
        "run_id": message.run_id,
        "channel": message.channel,
        "step": message.step,
        "template_key": message.template_key,
        "idempotency_key": message.idempotency_key,
    }


def epoch_seconds(message: OutboxMessage) -> float:
    """Return the message's send time in Unix seconds; warehouse times are UTC without a zone."""
    when = message.send_after
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def event_name(message: OutboxMessage) -> str:
    return f"mcc_{message.rule_id}"


# A planned request: the positions (in the batch handed over) of the messages it carries, and the request.
Planned = tuple[list[int], HttpRequest]
Planner = Callable[[list[OutboxMessage]], list[Planned]]

BRAZE_RECIPIENTS = 50  # recipients per campaign or Canvas trigger
BRAZE_TRACK_OBJECTS = 75  # events per /users/track request
CUSTOMERIO_BATCH = 100  # ~100 events of ~0.5 KB: well under the 500 KB request limit
ITERABLE_BULK = 100  # events per /api/events/trackBulk request


def _grouped(messages: list[OutboxMessage], key: Callable[[OutboxMessage], Any], size: Callable[[Any], int]
             ) -> list[tuple[Any, list[int]]]:
    """Return (key, positions) chunks of at most `size(key)` messages sharing a key, first appearance first."""
    groups: dict[Any, list[int]] = {}
    for i, message in enumerate(messages):
        groups.setdefault(key(message), []).append(i)
    chunks = [(value, positions[start : start + size(value)])
              for value, positions in groups.items() for start in range(0, len(positions), size(value))]
    return sorted(chunks, key=lambda chunk: chunk[1][0])


def _template(message: OutboxMessage) -> tuple[str, str]:
    kind, _, target = (message.template_key or "").partition(":")
    return kind, target


def _braze_call(message: OutboxMessage) -> tuple[str, str]:
    """Return the Braze call of a message: (campaign|canvas, id), or (event, '') for /users/track."""
    kind, target = _template(message)
    return (kind, target) if kind in ("campaign", "canvas") and target else ("event", "")


def braze_requests(messages: list[OutboxMessage], env: Mapping[str, str] = os.environ) -> list[Planned]:
    """Braze: `/campaigns/trigger/send`, `/canvas/trigger/send` (50 recipients), custom events via `/users/track`."""
    url = base_url(env, "braze")
    headers = {"Authorization": f"Bearer {require(env, 'MCC_BRAZE_API_KEY')}"}
    planned: list[Planned] = []
    chunks = _grouped(messages, _braze_call, lambda call: BRAZE_TRACK_OBJECTS if call[0] == "event" else BRAZE_RECIPIENTS)
    for (kind, target), positions in chunks:
        chunk = [messages[i] for i in positions]
        if kind == "event":
            events = [{"external_id": m.user_id, "name": event_name(m), "time": m.send_after.isoformat() + "Z",
                       "properties": properties(m)} for m in chunk]
            planned.append((positions, HttpRequest(url=f"{url}/users/track", body={"events": events}, headers=headers)))
            continue
        entry = "trigger_properties" if kind == "campaign" else "canvas_entry_properties"
        body: dict[str, Any] = {
            f"{kind}_id": target,
            "recipients": [{"external_user_id": m.user_id, entry: properties(m)} for m in chunk],
        }
        endpoint = "campaigns" if kind == "campaign" else "canvas"
        planned.append((positions, HttpRequest(url=f"{url}/{endpoint}/trigger/send", body=body, headers=headers)))
    return planned


CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def dedupe_ulid(message: OutboxMessage) -> str:
    """Return a ULID derived from the message (its send time, then 80 bits of its key's sha256).

    Customer.io deduplicates events by a ULID `id`: the same message always gets the same one, so a batch
    resent after a timeout whose first attempt did land is not counted twice.
    """
    millis = int(epoch_seconds(message) * 1000)
    entropy = int.from_bytes(hashlib.sha256(message.idempotency_key.encode()).digest()[:10], "big")
    value = ((millis & (2**48 - 1)) << 80) | entropy
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def customerio_requests(messages: list[OutboxMessage], env: Mapping[str, str] = os.environ) -> list[Planned]:
    """Customer.io Track API v2: `POST /api/v2/batch` of person events, Basic auth site_id:api_key."""
    site_id, api_key = require(env, "MCC_CUSTOMERIO_SITE_ID"), require(env, "MCC_CUSTOMERIO_API_KEY")
    headers = {"Authorization": "Basic " + base64.b64encode(f"{site_id}:{api_key}".encode()).decode()}
    url = f"{base_url(env, 'customerio')}/api/v2/batch"
    planned: list[Planned] = []
    for _, positions in _grouped(messages, lambda m: "", lambda _: CUSTOMERIO_BATCH):
        batch = [{"type": "person", "identifiers": {"id": messages[i].user_id}, "action": "event",
                  "id": dedupe_ulid(messages[i]), "name": event_name(messages[i]),
                  "timestamp": int(epoch_seconds(messages[i])), "attributes": properties(messages[i])}
                 for i in positions]
        planned.append((positions, HttpRequest(url=url, body={"batch": batch}, headers=headers)))
    return planned


def _iterable_event(message: OutboxMessage) -> dict[str, Any]:
    return {
        "userId": message.user_id,
        "eventName": event_name(message),
        "id": message.idempotency_key,  # Iterable dedupes events by id
        "createdAt": int(epoch_seconds(message)),
        "dataFields": properties(message),
    }


def iterable_requests(messages: list[OutboxMessage], env: Mapping[str, str] = os.environ) -> list[Planned]:
    """Iterable: `/api/events/trackBulk`, or one `/api/workflows/triggerWorkflow` per `workflow:<id>` message."""
    url = base_url(env, "iterable")
    headers = {"Api-Key": require(env, "MCC_ITERABLE_API_KEY")}
    planned: list[Planned] = []

    def workflow(message: OutboxMessage) -> int | None:
        kind, target = _template(message)
        return int(target) if kind == "workflow" and target.isdigit() else None

    for workflow_id, positions in _grouped(messages, lambda m: workflow(m) or 0, lambda _: ITERABLE_BULK):
        if workflow_id:  # no bulk trigger: one request per user
            planned += [([i], HttpRequest(url=f"{url}/api/workflows/triggerWorkflow", headers=headers, body={
                "workflowId": workflow_id, "userId": messages[i].user_id, "dataFields": properties(messages[i])}))
                for i in positions]
            continue
        events = [_iterable_event(messages[i]) for i in positions]
        planned.append((positions, HttpRequest(url=f"{url}/api/events/trackBulk", body={"events": events},
                                               headers=headers)))
    return planned
