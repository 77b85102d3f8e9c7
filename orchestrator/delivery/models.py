"""Types delivery passes around: a queued message, an HTTP request to make, and the run's report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class OutboxMessage(BaseModel):
    """One outbox row that is due."""

    idempotency_key: str
    run_id: str
    rule_id: str
    rule_version: int
    user_id: str
    channel: str
    step: int
    template_key: str | None = None
    only_if: str | None = None
    send_after: datetime

    def payload(self) -> dict[str, Any]:
        """Return the message as the JSON a file or webhook receives."""
        return self.model_dump(mode="json")


class HttpRequest(BaseModel):
    """A POST a channel tool expects: where, what body, which headers (auth included)."""

    url: str
    body: dict[str, Any]
    headers: dict[str, str] = Field(default_factory=dict)


class DeliveryReport(BaseModel):
    """What one `deliver` call did."""

    target: str
    now: datetime
    due: int = Field(description="outbox rows due and not yet final")
    delivered: int = 0
    parked: int = 0
    skipped: int = 0
    attempts: int = 0
    requeued: int = Field(0, description="parked messages (and the later steps they held back) sent again")
    parked_reasons: dict[str, str] = Field(default_factory=dict, description="idempotency key -> last error")
    skipped_reasons: dict[str, int] = Field(default_factory=dict, description="why messages were skipped -> how many")
    scheduled_later: int = Field(0, description="messages still waiting after the call, scheduled after `now`")
    next_send_after: datetime | None = Field(None, description="when the first of those falls due")
