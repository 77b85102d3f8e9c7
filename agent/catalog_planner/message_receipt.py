"""Read "got a push", "received 3 emails this week", "haven't received any texts" as messages sent on that
channel, and "… but didn't open it" as not opening one on that channel over the same time: the catalog counts what its channel tools sent (`messages_received_7d` is sends too), so receiving
is read as being sent, and the rule says so.

Only a channel noun with an amount ("a", "any", "3", "more than 2") is rewritten; "received the upgrade
email" names one message the catalog cannot tell apart from the others, and is left for the reader to
refuse by name.
"""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.program_marks import CHANNEL_WORD, channel_name
from warehouse.catalog import Catalog

_RECEIVED = re.compile(
    r"\b(?:got|gotten|received|receive|receives|get|gets|getting)\s+"
    r"(?P<amount>an?|any|no|(?:more than|fewer than|less than|at least|at most|over|under|exactly)\s+\d+|\d+\+?)\s+"
    rf"(?P<channel>{CHANNEL_WORD[1:-1]})\b"
    # "… yesterday but didn't open it": "it" is that channel's message, over the same time
    r"(?:(?P<when>(?:\s+(?!but\b|and\b)[\w-]+){0,5}?)\s*,?\s+(?:but|and)\s+(?:did not|didn't|never|have not|haven't|"
    r"has not|hasn't)\s+(?P<act>open(?:ed)?|read|click(?:ed)?)\s+(?:it|them|any of them|one)\b)?",
    re.IGNORECASE,
)


# "received no messages in the past week", "haven't gotten any messages": none sent, on any channel
_RECEIVED_NONE = re.compile(
    r"\b(?:got|gotten|received|receive|receives|get|gets|getting)\s+(?P<amount>no|any)\s+messages?\b", re.IGNORECASE
)


def received_messages(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "got a push" as "were sent a push" when the catalog has a sent event with a channel."""
    if not catalog.has_event("message_sent") or "channel" not in catalog.event("message_sent").properties:
        return text
    text = substitute(
        _RECEIVED_NONE,
        text,
        lambda m: (f"were sent {m['amount']} messages", f"'{m.group(0)}' read as sent (the catalog counts messages sent)"),
        notes,
    )

    def build(m: re.Match[str]) -> tuple[str, str]:
        channel = channel_name(m["channel"]).replace("_", " ")  # "texts" is the sms channel, as the catalog names it
        said = f"were sent {m['amount']} {channel}"
        if m["act"]:
            act = "click" if m["act"].lower().startswith("click") else "open"
            when = m["when"] or ""
            said += f"{when} and did not {act} a {channel}{when}"
        return said, f"'{m.group(0)}' read as {said} (the catalog counts messages sent)"

    return substitute(_RECEIVED, text, build, notes)
