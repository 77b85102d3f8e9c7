"""Request builders for Braze, Customer.io and Iterable, in the shapes their public APIs document.

The template key picks the call: `campaign:<id>` or `canvas:<id>` triggers a Braze campaign or Canvas,
`workflow:<id>` an Iterable workflow; anything else sends a custom event named `mcc_<rule_id>` that the
tool's own campaigns listen for. Base URLs and keys come from the environment so tests point at 127.0.0.1.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
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


def event_name(message: OutboxMessage) -> str:
    return f"mcc_{message.rule_id}"


def braze_request(message: OutboxMessage, env: Mapping[str, str] = os.environ) -> HttpRequest:
    """Braze: `/campaigns/trigger/send`, `/canvas/trigger/send`, or a custom event via `/users/track`."""
    url = base_url(env, "braze")
    headers = {"Authorization": f"Bearer {require(env, 'MCC_BRAZE_API_KEY')}"}
    kind, _, target = (message.template_key or "").partition(":")
    if kind == "campaign" and target:
        body: dict[str, Any] = {
            "campaign_id": target,
            "recipients": [{"external_user_id": message.user_id, "trigger_properties": properties(message)}],
        }
        return HttpRequest(url=f"{url}/campaigns/trigger/send", body=body, headers=headers)
    if kind == "canvas" and target:
        body = {
            "canvas_id": target,
            "recipients": [
                {"external_user_id": message.user_id, "canvas_entry_properties": properties(message)}
            ],
        }
        return HttpRequest(url=f"{url}/canvas/trigger/send", body=body, headers=headers)
    event = {
        "external_id": message.user_id,
        "name": event_name(message),
        "time": message.send_after.isoformat() + "Z",
        "properties": properties(message),
    }
    return HttpRequest(url=f"{url}/users/track", body={"events": [event]}, headers=headers)


def customerio_request(message: OutboxMessage, env: Mapping[str, str] = os.environ) -> HttpRequest:
    """Customer.io Track API: `POST /api/v1/customers/{id}/events` with Basic auth site_id:api_key."""
    site_id, api_key = require(env, "MCC_CUSTOMERIO_SITE_ID"), require(env, "MCC_CUSTOMERIO_API_KEY")
    token = base64.b64encode(f"{site_id}:{api_key}".encode()).decode()
    from urllib.parse import quote

    return HttpRequest(
        url=f"{base_url(env, 'customerio')}/api/v1/customers/{quote(message.user_id, safe='')}/events",
        body={"name": event_name(message), "data": properties(message)},
        headers={"Authorization": f"Basic {token}"},
    )


def iterable_request(message: OutboxMessage, env: Mapping[str, str] = os.environ) -> HttpRequest:
    """Iterable: `POST /api/events/track`, or `/api/workflows/triggerWorkflow` for `workflow:<id>`."""
    url = base_url(env, "iterable")
    headers = {"Api-Key": require(env, "MCC_ITERABLE_API_KEY")}
    kind, _, target = (message.template_key or "").partition(":")
    if kind == "workflow" and target.isdigit():
        body: dict[str, Any] = {
            "workflowId": int(target),
            "userId": message.user_id,
            "dataFields": properties(message),
        }
        return HttpRequest(url=f"{url}/api/workflows/triggerWorkflow", body=body, headers=headers)
    body = {
        "userId": message.user_id,
        "eventName": event_name(message),
        "id": message.idempotency_key,  # Iterable dedupes events by id
        "createdAt": int(message.send_after.timestamp()),
        "dataFields": properties(message),
    }
    return HttpRequest(url=f"{url}/api/events/track", body=body, headers=headers)
