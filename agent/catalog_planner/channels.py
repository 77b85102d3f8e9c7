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
        _fallback("email", template_prefix),
    ]


def _fallback(channel: str, template_prefix: str) -> ChannelStep:
    """Return a step sent a day after the one before, only to those who did not open it."""
    return ChannelStep(
        channel=channel,  # type: ignore[arg-type]
        delay_hours=FALLBACK_DELAY_HOURS,
        only_if="previous_not_opened",
        template_key=f"{template_prefix}_{channel}",
    )


def stated_channels(said: list[str], template_prefix: str) -> list[ChannelStep]:
    """Return the channels a prompt states, in order: the second is the fallback when the first is not
    opened ("by push for users with push enabled, by email otherwise")."""
    steps = [ChannelStep(channel=said[0], template_key=f"{template_prefix}_{said[0]}")]  # type: ignore[arg-type]
    return steps + [
        _fallback(channel, template_prefix) for channel in dict.fromkeys(said[1:]) if channel != said[0]
    ]
