"""Destinations: where `deliver` sends due messages (a JSON lines file, a webhook, a vendor API).

A destination takes a batch of messages and answers, per message, the attempts it took or the failure.
A vendor's planner packs the batch into as few requests as its API allows; every message of a request
shares that request's outcome (a 2xx delivers them all; a vendor's per-item errors inside a 2xx answer are
not read). A request carrying several messages is sent under one idempotency key derived from theirs, so a
retry of the same request is recognisable as one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from orchestrator.delivery.http import RetryPolicy, SendFailed, post_with_retries
from orchestrator.delivery.models import HttpRequest, OutboxMessage
from orchestrator.delivery.vendors import (
    Planner,
    braze_requests,
    customerio_requests,
    iterable_requests,
    require,
)
from warehouse.errors import InputError

Result = int | SendFailed  # the attempts a delivered message took, or why it was not delivered

TARGETS = "file:PATH, webhook:URL, braze, customerio or iterable"
CREDENTIALS = {
    "braze": ["MCC_BRAZE_API_KEY"],
    "customerio": ["MCC_CUSTOMERIO_SITE_ID", "MCC_CUSTOMERIO_API_KEY"],
    "iterable": ["MCC_ITERABLE_API_KEY"],
}


class Destination(Protocol):
    """Sends a batch of messages; returns, in order, each one's attempts or its `SendFailed`."""

    @property
    def name(self) -> str: ...

    def send_all(self, messages: list[OutboxMessage], policy: RetryPolicy) -> list[Result]: ...


@dataclass
class FileDestination:
    """Append one JSON object per message to a file."""

    path: Path

    @property
    def name(self) -> str:
        return f"file:{self.path}"

    def send_all(self, messages: list[OutboxMessage], policy: RetryPolicy) -> list[Result]:
        with self.path.open("a", encoding="utf-8") as out:
            out.writelines(json.dumps(m.payload(), sort_keys=True) + "\n" for m in messages)
        return [1] * len(messages)


def request_key(messages: list[OutboxMessage]) -> str:
    """Return the idempotency key of a request: the message's own, or a digest of all the messages' keys."""
    if len(messages) == 1:
        return messages[0].idempotency_key
    digest = hashlib.sha256("\n".join(m.idempotency_key for m in messages).encode()).hexdigest()
    return f"batch-{digest[:32]}"


@dataclass
class HttpDestination:
    """POST the requests a planner packs the messages into; the planner knows the vendor's shape and auth."""

    name: str
    plan: Planner

    def send_all(self, messages: list[OutboxMessage], policy: RetryPolicy) -> list[Result]:
        results: list[Result | None] = [None] * len(messages)
        for positions, request in self.plan(messages):
            outcome = _post(request, [messages[i] for i in positions], policy)
            for i in positions:
                results[i] = outcome
        missing = [messages[i].idempotency_key for i, r in enumerate(results) if r is None]
        if missing:  # a planner that forgets a message would otherwise mark it neither sent nor failed
            raise AssertionError(f"{self.name} planned no request for {missing}")
        return [r for r in results if r is not None]


def _post(request: HttpRequest, carried: list[OutboxMessage], policy: RetryPolicy) -> Result:
    try:
        return post_with_retries(request, request_key(carried), policy)
    except SendFailed as failure:
        return failure


def _one_each(build: Callable[[OutboxMessage], HttpRequest]) -> Planner:
    """Return a planner that sends each message in a request of its own."""
    return lambda messages: [([i], build(m)) for i, m in enumerate(messages)]


def parse_target(target: str, env: Mapping[str, str] = os.environ) -> Destination:
    """Turn `file:PATH`, `webhook:URL`, `braze`, `customerio` or `iterable` into a destination."""
    kind, _, rest = target.partition(":")
    if kind == "file" and rest:
        return FileDestination(Path(rest))
    if kind == "webhook" and rest.startswith(("http://", "https://")):
        return HttpDestination(target, _one_each(lambda m: HttpRequest(url=rest, body=m.payload())))
    planners = {"braze": braze_requests, "customerio": customerio_requests, "iterable": iterable_requests}
    if target in planners:
        planner = planners[target]
        for variable in CREDENTIALS[target]:  # fail before sending anything, naming the missing variable
            require(env, variable)
        return HttpDestination(target, lambda messages: planner(messages, env))
    raise InputError(f"unknown delivery target {target!r}", where="--to", accepted=TARGETS)
