"""Destinations: where `deliver` sends due messages (a JSON lines file, a webhook, a vendor API).

A destination takes a batch of messages and answers, per message, the attempts it took or the failure.
A vendor's planner packs the batch into as few requests as its API allows. A request that fails as a whole
(an HTTP error, a timeout) fails every message it carried; a 2xx is read item by item (responses.py), so a
message the vendor names as rejected is parked with its reason while the others of the request are
delivered. The messages that may go through on another try (a 5xx, a rate limit, an item the vendor calls
passing) are planned again, alone, after a backoff: the delivered ones are never resent. A request carrying
several messages is sent under one idempotency key derived from theirs, so a retry of the same request is
recognisable as one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from orchestrator.delivery.http import RetryPolicy, SendFailed, post_once
from orchestrator.delivery.models import HttpRequest, OutboxMessage
from orchestrator.delivery.responses import (
    Failures,
    Reader,
    read_braze,
    read_customerio,
    read_iterable,
    read_nothing,
)
from orchestrator.delivery.vendors import (
    Planner,
    braze_requests,
    customerio_requests,
    iterable_requests,
    require,
)
from warehouse.errors import DeliveryError, InputError

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
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.writelines(json.dumps(m.payload(), sort_keys=True) + "\n" for m in messages)
        except OSError as exc:  # a full disk or a file made read-only since the start: this batch is not recorded
            raise DeliveryError(f"cannot append to {self.path}: {exc.strerror}", where="--to",
                                accepted="file:PATH in a writable directory with room") from exc
        return [1] * len(messages)


def file_destination(path: Path) -> FileDestination:
    """Return a file destination, making its folder; refuse, before anything is sent, a path it cannot write."""
    if path.is_dir():
        raise InputError(f"{path} is a directory", where="--to", accepted="file:PATH naming a file, e.g. out/messages.jsonl")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make the folder {path.parent}: {exc.strerror}", where="--to",
                         accepted="file:PATH in a folder that exists or can be made") from exc
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{path} is not writable", where="--to", accepted="file:PATH in a writable directory")
    return FileDestination(path)


def request_key(messages: list[OutboxMessage]) -> str:
    """Return the idempotency key of a request: the message's own, or a digest of all the messages' keys."""
    if len(messages) == 1:
        return messages[0].idempotency_key
    digest = hashlib.sha256("\n".join(m.idempotency_key for m in messages).encode()).hexdigest()
    return f"batch-{digest[:32]}"


class DestinationDown(Exception):
    """The destination gave no answer to several calls in a row: stop, keep what was sent, leave the rest queued."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.results: list[Result | None] = []  # per message of the batch: its outcome, or None if not settled


# Calls in a row with no answer at all (refused, DNS, timeout), in multiples of one message's attempts, after
# which a delivery stops: a dead endpoint would otherwise cost every queued message its full backoff.
UNREACHABLE_MESSAGES = 2


@dataclass
class HttpDestination:
    """POST the requests a planner packs the messages into, and read each answer with the vendor's reader."""

    name: str
    plan: Planner
    read: Reader = read_nothing
    unanswered: int = 0  # calls in a row that got no answer; any answer resets it

    def send_all(self, messages: list[OutboxMessage], policy: RetryPolicy) -> list[Result]:
        """Send the batch in rounds: every request once, then what failed with a passing error, after one backoff.

        The backoff is per round, not per failed request: a destination that refuses one call in five would
        otherwise make a batch of a thousand messages wait out hundreds of backoffs one after another.
        """
        results: list[Result | None] = [None] * len(messages)
        positions, attempt = list(range(len(messages))), 1
        try:
            while positions:
                positions = self._send_round(messages, positions, policy, results, attempt)
                if positions:
                    policy.sleep(policy.delay(attempt))
                    attempt += 1
        except DestinationDown as down:
            down.results = results
            raise
        missing = [messages[i].idempotency_key for i, r in enumerate(results) if r is None]
        if missing:  # a planner that forgets a message would otherwise mark it neither sent nor failed
            raise AssertionError(f"{self.name} planned no request for {missing}")
        return [r for r in results if r is not None]

    def _send_round(self, messages: list[OutboxMessage], positions: list[int], policy: RetryPolicy,
                    results: list[Result | None], attempt: int) -> list[int]:
        """Send the messages at `positions` as attempt number `attempt`; return those to try again."""
        again = []
        for planned, request in self.plan([messages[i] for i in positions]):
            carried = [positions[j] for j in planned]
            failures = self._post(request, [messages[i] for i in carried], policy)
            for j, i in enumerate(carried):
                failure = failures.get(j)
                if failure is None:
                    results[i] = attempt
                elif failure.retryable and attempt < policy.max_attempts:
                    again.append(i)  # only the messages that did not go through: the delivered are never resent
                else:
                    failure.attempts = attempt
                    results[i] = failure
        return sorted(again)

    def _post(self, request: HttpRequest, carried: list[OutboxMessage], policy: RetryPolicy) -> Failures:
        """POST once; return the failed messages by position (all of them when the request failed as a whole)."""
        try:
            response = post_once(request, request_key(carried), policy.timeout_seconds)
        except SendFailed as failure:
            self.unanswered = self.unanswered + 1 if failure.unreachable else 0
            if self.unanswered >= UNREACHABLE_MESSAGES * policy.max_attempts:
                raise DestinationDown(f"{failure.reason} ({self.unanswered} calls in a row)") from failure
            return {j: SendFailed(failure.reason, retryable=failure.retryable) for j in range(len(carried))}
        self.unanswered = 0
        return self.read(request, response, len(carried))


def _one_each(build: Callable[[OutboxMessage], HttpRequest]) -> Planner:
    """Return a planner that sends each message in a request of its own."""
    return lambda messages: [([i], build(m)) for i, m in enumerate(messages)]


def parse_target(target: str, env: Mapping[str, str] = os.environ) -> Destination:
    """Turn `file:PATH`, `webhook:URL`, `braze`, `customerio` or `iterable` into a destination."""
    kind, _, rest = target.partition(":")
    if kind == "file" and rest:
        return file_destination(Path(rest))
    if kind == "webhook":
        if not rest.startswith(("http://", "https://")):
            raise InputError(f"{rest!r} is not an http(s) URL", where="--to", accepted="webhook:https://host/path")
        return HttpDestination(target, _one_each(lambda m: HttpRequest(url=rest, body=m.payload())))
    vendors = {"braze": (braze_requests, read_braze), "customerio": (customerio_requests, read_customerio),
               "iterable": (iterable_requests, read_iterable)}
    if target in vendors:
        planner, reader = vendors[target]
        for variable in CREDENTIALS[target]:  # fail before sending anything, naming the missing variable
            require(env, variable)
        return HttpDestination(target, lambda messages: planner(messages, env), reader)
    raise InputError(f"unknown delivery target {target!r}", where="--to", accepted=TARGETS)
