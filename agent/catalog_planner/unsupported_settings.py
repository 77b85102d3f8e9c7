"""Find settings a prompt asks for that a spec has no field for: quiet hours and send-time windows ("quiet
hours 10pm to 8am", "only between 9am and 6pm", "never on weekends", "at 9am local time").

A policy drafted without them would send when the prompt said not to, so the planner refuses and names the
phrase, rather than drop it. Waits between steps ("email 2 days later") are a channel step's `delay_hours`
and are not matched here.
"""

from __future__ import annotations

import re

from agent.types import Refusal

_TIME = r"(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midnight)"
_SEND_TIME = re.compile(
    rf"[^.;:,!?\n]*?\b(?:quiet hours?|do[- ]not[- ]disturb|dnd|send(?:ing)? windows?|blackout (?:hours|window|period)s?|"
    rf"(?:between|from)\s+{_TIME}\s+(?:and|to|until|-)\s+{_TIME}|(?:before|after|at|until|past)\s+{_TIME}|"
    # "no sends on weekends" (a send's day), not "users who worked out on weekends" (what people did)
    r"(?:sends?|sending|messag\w*|contact\w*|notif\w*|emails?|push(?:es)?|sms|texts?)\s+(?:\w+\s+){0,3}?"
    r"(?:on|during|over)\s+(?:weekends?|weekdays?|business days?|saturdays?|sundays?)|local time|time ?zones?)"
    r"[^.;!?\n]*",
    re.IGNORECASE,
)


def unsupported_settings(prompt: str) -> list[str]:
    """Return the phrases of a prompt that ask for a send-time setting no spec field holds."""
    return [m.group(0).strip(" ,") for m in _SEND_TIME.finditer(prompt)]


def refuse_unsupported(phrases: list[str]) -> Refusal:
    """Refuse a prompt whose send-time settings a policy cannot hold, naming each."""
    quoted = "; ".join(f"'{p}'" for p in phrases)
    return Refusal(
        reason=(
            f"I could not express: {quoted} (a rule has no send-time window or quiet hours; it holds channel "
            "steps with delays in hours, a frequency cap, stop conditions and suppressions). Drop the send-time "
            "setting, or enforce it in the sending tool, and ask again."
        ),
        unmatched_phrases=phrases,
        suggestions=["frequency_cap", "channels.delay_hours"],
    )
