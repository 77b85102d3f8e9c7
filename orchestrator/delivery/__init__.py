"""Channel delivery: adapters read the outbox and send each due message exactly once by idempotency key."""

from __future__ import annotations

from orchestrator.delivery.deliver import deliver
from orchestrator.delivery.destinations import parse_target
from orchestrator.delivery.http import RetryPolicy
from orchestrator.delivery.models import DeliveryReport, HttpRequest, OutboxMessage

__all__ = ["DeliveryReport", "HttpRequest", "OutboxMessage", "RetryPolicy", "deliver", "parse_target"]
