"""Default channel plans per kind of goal, and the fallback when push is not possible."""

from __future__ import annotations

from typing import Literal

from orchestrator.spec import ChannelStep

GoalKind = Literal["conversion", "milestone", "state", "support"]

FALLBACK_DELAY_HOURS = 24


def channel_plan(kind: GoalKind, template_prefix: str) -> list[ChannelStep]:
    """Return the default plan: push then email if unopened for engagement, email for conversion,
    in-app then email for support."""
    if kind == "conversion":
        return [ChannelStep(channel="email", template_key=f"{template_prefix}_email")]
    first = "in_app" if kind == "support" else "push"
    return [
        ChannelStep(channel=first, template_key=f"{template_prefix}_{first}"),
        ChannelStep(
            channel="email",
            delay_hours=FALLBACK_DELAY_HOURS,
            only_if="previous_not_opened",
            template_key=f"{template_prefix}_email",
        ),
    ]
