"""POST JSON once with an idempotency key; say whether a failure is worth retrying, and how long to back off."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from orchestrator.delivery.models import HttpRequest

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


class SendFailed(Exception):
    """One attempt failed; `retryable` says whether another attempt may succeed, `unreachable` that no answer
    came at all (connection refused, DNS, timeout): the destination, not the message, is the problem."""

    def __init__(self, reason: str, *, retryable: bool, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.unreachable = unreachable
        self.attempts = 1


@dataclass
class RetryPolicy:
    """How hard to try: attempts, backoff doubling from `base_seconds` up to `max_seconds`, per-call timeout."""

    max_attempts: int = 4
    base_seconds: float = 0.5
    max_seconds: float = 8.0
    timeout_seconds: float = 5.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int) -> float:
        """Return the wait after failed attempt number `attempt` (1-based)."""
        return min(self.max_seconds, self.base_seconds * 2 ** (attempt - 1))


@dataclass(frozen=True)
class HttpResponse:
    """A 2xx answer: its status and raw body, for the destination to read per item."""

    status: int
    body: bytes


def post_once(request: HttpRequest, idempotency_key: str, timeout: float) -> HttpResponse:
    """POST once and return the 2xx answer; raise SendFailed with the reason and whether it is worth retrying."""
    data = json.dumps(request.body, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": idempotency_key, **request.headers}
    req = urllib.request.Request(request.url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return HttpResponse(response.status, response.read())
    except urllib.error.HTTPError as exc:
        raise SendFailed(
            f"HTTP {exc.code} from {request.url}", retryable=exc.code in RETRYABLE_STATUS
        ) from exc
    except TimeoutError as exc:
        raise SendFailed(f"timed out after {timeout:g}s calling {request.url}", retryable=True,
                         unreachable=True) from exc
    except (urllib.error.URLError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendFailed(f"connection failed to {request.url}: {reason}", retryable=True, unreachable=True) from exc
