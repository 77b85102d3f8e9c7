"""Refuse a data question about one message named by what it is about: "how many users got the upgrade email",
"how many opened the pricing reminder".

The catalog records a message's channel, never which message it was, so "the upgrade email" cannot be counted
apart from the other emails. Read as catalog words, the topic was an act ("upgrade" is a subscription) and the
message was dropped, or the message was every email and the topic was dropped. A message said by its channel
alone ("got a push", "opened the email") is still counted; a rule that ran, named this way, is measured before
any planner reads the prompt (`agent/performance_match.py`).
"""

from __future__ import annotations

import re

from agent.catalog_planner.message_labels import MESSAGE_NOUN
from agent.catalog_planner.program_marks import CHANNEL_WORD
from agent.types import Refusal

_NAMED = re.compile(
    r"\b(?:got|gotten|get|gets|received|receive|were sent|was sent|been sent|saw|seen|opened|open|clicked|click|"
    r"read|ignored|tapped)\s+(?:on\s+)?(?:the|our|that|this|their)\s+"
    rf"(?P<label>(?:(?!(?:to|for|who|with|on|in|from|and|but|or|by|last|this|since)\b)[\w'-]+\s+){{0,3}}{MESSAGE_NOUN})\b"
    rf"(?:\s+{CHANNEL_WORD})?",
    re.IGNORECASE,
)
# words that say only the channel or that it is a message: "the push notification", "the in-app message"
_PLAIN = re.compile(rf"^(?:\s*(?:{CHANNEL_WORD}|notifications?|messages?|in-?app|marketing|latest|last|first|same)\b)*\s*$",
                    re.IGNORECASE)


def named_message(text: str) -> Refusal | None:
    """Return a refusal naming a message the question names by its topic ("the upgrade email"), else None."""
    for m in _NAMED.finditer(text):
        if _PLAIN.match(m["label"]):
            continue
        said = f"the {m['label'].strip()}"
        return Refusal(
            reason=(f"I could not express: '{said}' (the warehouse records each message's channel, not which "
                    "message it was, so one message named by its topic cannot be counted apart from the others on "
                    "its channel; a rule that ran is measured by its name: 'how is <rule> doing?')."),
            unmatched_phrases=[said],
            suggestions=["how many users were sent an email in the last 30 days",
                         "how many users opened a push in the last 7 days"],
        )
    return None
