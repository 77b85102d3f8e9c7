"""Destinations: where `deliver` sends a due message (a JSON lines file, a webhook, a vendor API)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from orchestrator.delivery.http import RetryPolicy, post_with_retries
from orchestrator.delivery.models import HttpRequest, OutboxMessage
from orchestrator.delivery.vendors import braze_request, customerio_request, iterable_request, require
from warehouse.errors import InputError

TARGETS = "file:PATH, webhook:URL, braze, customerio or iterable"
CREDENTIALS = {
    "braze": ["MCC_BRAZE_API_KEY"],
    "customerio": ["MCC_CUSTOMERIO_SITE_ID", "MCC_CUSTOMERIO_API_KEY"],
    "iterable": ["MCC_ITERABLE_API_KEY"],
}


class Destination(Protocol):
    """Sends one message; returns the attempts used or raises `SendFailed`."""

    @property
    def name(self) -> str: ...

    def send(self, message: OutboxMessage, policy: RetryPolicy) -> int: ...


@dataclass
class FileDestination:
    """Append one JSON object per message to a file."""

    path: Path

    @property
    def name(self) -> str:
        return f"file:{self.path}"

    def send(self, message: OutboxMessage, policy: RetryPolicy) -> int:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(message.payload(), sort_keys=True) + "\n")
        return 1


@dataclass
class HttpDestination:
    """POST a request built per message; the builder knows the vendor's shape and auth."""

    name: str
    build: Callable[[OutboxMessage], HttpRequest]

    def send(self, message: OutboxMessage, policy: RetryPolicy) -> int:
        return post_with_retries(self.build(message), message.idempotency_key, policy)


def parse_target(target: str, env: Mapping[str, str] = os.environ) -> Destination:
    """Turn `file:PATH`, `webhook:URL`, `braze`, `customerio` or `iterable` into a destination."""
    kind, _, rest = target.partition(":")
    if kind == "file" and rest:
        return FileDestination(Path(rest))
    if kind == "webhook" and rest.startswith(("http://", "https://")):
        return HttpDestination(target, lambda m: HttpRequest(url=rest, body=m.payload()))
    builders = {"braze": braze_request, "customerio": customerio_request, "iterable": iterable_request}
    if target in builders:
        builder = builders[target]
        for variable in CREDENTIALS[target]:  # fail before sending anything, naming the missing variable
            require(env, variable)
        return HttpDestination(target, lambda m: builder(m, env))
    raise InputError(f"unknown delivery target {target!r}", where="--to", accepted=TARGETS)
