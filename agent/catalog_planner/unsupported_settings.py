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


# "No quiet hours needed", "we don't need a send window", "quiet hours aren't required": the setting is waived
_SETTING = r"(?:quiet hours?|send(?:ing)? windows?|dnd|do[- ]not[- ]disturb)"
_WAIVED = re.compile(
    rf"^(?:(?:we\s+)?(?:don't|do not)\s+need\s+(?:an?\s+|any\s+)?|no\s+need\s+for\s+(?:an?\s+|any\s+)?|no\s+|without\s+(?:any\s+)?|"
    rf"ignore\s+|skip\s+(?:the\s+)?){_SETTING}(?:\s+(?:needed|required|necessary|here|for (?:this|now)))*$|"
    rf"^{_SETTING}\s+(?:(?:aren't|are not|isn't|is not)\s+(?:needed|required|necessary)|(?:don't|doesn't|do not|does not)\s+matter)$",
    re.IGNORECASE,
)


def unsupported_settings(prompt: str) -> list[str]:
    """Return the phrases of a prompt that ask for a send-time setting no spec field holds (one waived is none)."""
    said = [m.group(0).strip(" ,") for m in _SEND_TIME.finditer(prompt)]
    return [phrase for phrase in said if not _WAIVED.match(phrase)]


def without_waived_settings(text: str) -> str:
    """Return the text without the phrases that waive a send-time setting ("No quiet hours needed."): they
    name no program and no people."""
    return _SEND_TIME.sub(lambda m: "" if _WAIVED.match(m.group(0).strip(" ,")) else m.group(0), text)


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
