"""Keep the audience of a brief pasted from a ticket or a thread: "JIRA LC-412: winback. Context: retention
dipped after the pricing change. Audience: users with …" says who after its "Audience:" label, and the
sentences before it are background (read as conditions, "retention dipped" and "pricing change" were refused
or became people)."""

from __future__ import annotations

import re

from agent.catalog_planner.program_marks import CHANNEL_WORD, channel_name

# a label that starts a sentence (or a line) and says who: "Audience:", "Target audience:", "Segment:", "Who:"
_AUDIENCE_LABEL = re.compile(
    r"(?:(?<=[.!?\n])|(?<=[.!?]\s))\s*(?P<label>(?:target(?:ed)?\s+)?(?:audience|segment|users|people)|who|"
    r"eligib(?:le|ility)|targeting|target)\s*:\s*(?=\S)",
    re.IGNORECASE,
)


def audience_of_brief(text: str) -> str:
    """Return the text from the last audience label that follows other sentences, else the text."""
    labels = list(_AUDIENCE_LABEL.finditer(text))
    if not labels or not text[: labels[-1].start()].strip():
        return text
    return text[labels[-1].start("label") :]


# "Channel: push only.", "Channels: email + push": a brief's labelled line of channels, and nothing else
_CHANNEL_LABEL = re.compile(
    r"(?:(?<=[.!?\n])|^)\s*channels?\s*:\s*(?P<list>[^.\n;]+?)\s*(?:[.;\n]|$)", re.IGNORECASE
)
_LIST_JOINER = re.compile(r"^(?:\s|,|\+|&|/|\band\b|\bor\b|\bonly\b|\bplus\b|\bthen\b)*$", re.IGNORECASE)


def take_channel_label(text: str) -> tuple[str, list[str]]:
    """Return the text without a brief's channel line and the channels it lists, in order; (text, []) when the
    line says anything but channels."""
    m = _CHANNEL_LABEL.search(text)
    if m is None:
        return text, []
    words = list(re.finditer(rf"\b{CHANNEL_WORD}\b", m["list"], re.IGNORECASE))
    if not words or not _LIST_JOINER.match(re.sub(rf"\b{CHANNEL_WORD}\b", " ", m["list"], flags=re.IGNORECASE)):
        return text, []
    channels = list(dict.fromkeys(channel_name(w.group(1)) for w in words))
    return f"{text[: m.start()]} {text[m.end() :]}".strip(), channels
