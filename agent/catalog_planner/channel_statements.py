"""Read the channels a one-audience prompt says it goes out on, in words the other readers leave: "…, on push
and email", "sent via SMS", "Use push and email.", "delivered by email", "Channels: push + email".

Left in, the channel words were read as people ("on push" became `push_enabled = true`, "sent via sms" a
`message_sent` event the user must have had) and the channels the sentence listed were lost to the one the
program's name carries ("the trial ending push … on push and email" went out by push only).
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_marks import channel_name

_CHANNEL = r"(?:push(?:es| notifications?)?|e-?mails?|sms(?:es)?|texts?|in-?app(?: messages?)?)"
_JOIN = r"(?:\s*,\s*(?:and\s+|then\s+)?|\s+(?:and|plus|or)(?:\s+then)?\s+|\s*[+/&]\s*)"
_LIST = rf"{_CHANNEL}(?:{_JOIN}(?:by\s+|via\s+)?{_CHANNEL})*(?:\s+(?:only|both|channels?))?"
# The statement ends where the sentence or clause does, so "email users who …" or "push enabled" is never one.
_END = r"(?=\s*(?:[,.;!?)]|$|\b(?:please|pls|thanks)\b))"
# A verb of sending (or "channels:") before the channels, or a preposition of means opening a clause
_LEAD = (
    r"(?:\b(?:send(?:ing)?|go(?:es|ing)? out|use|using|run)"
    r"(?:\s+(?:it|them|this|these|the (?:message|messages|campaign|rule)))?(?:\s+(?:only|just))?"
    r"(?:\s+(?:on|by|via|over|through|with|as|in))?\s+(?:an?\s+)?|"
    # "sent via SMS" says how; "who were sent an email" says what happened to the people
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bgot )(?<!\bget )\b(?:sent|deliver(?:ed)?)\s+(?:only\s+)?"
    r"(?:on|by|via|over|through)\s+|\bchannels?\s*:\s*|"
    r"(?:(?<=[,;:.(])|(?<=[,;:.(]\s)|^|\s[-\u2013\u2014]\s)\s*(?:(?:and|but)\s+)?(?:only\s+)?(?:on|by|via|over|through)\s+)"
)
_STATEMENT = re.compile(rf"[\s,;]*{_LEAD}(?P<list>{_LIST}){_END}", re.IGNORECASE)
_FILLER = re.compile(r"^[\W_]*(?:(?:please|pls|thanks|thank you)[\W_]*)*$", re.IGNORECASE)


def take_channel_statement(text: str) -> tuple[str, list[str]]:
    """Return the text without the first statement of the channels it goes out on, and those channels in
    order ("…, on push and email" → [push, email]); the text unchanged and [] when it states none."""
    m = _STATEMENT.search(text)
    if m is None:
        return text, []
    said = [channel_name(w) for w in re.findall(_CHANNEL, m["list"], re.IGNORECASE)]
    return f"{text[: m.start()]} {text[m.end() :]}".strip(), list(dict.fromkeys(said))


def without_channels(sentence: str) -> str:
    """Return the sentence without the channels it states, said with a verb ("Use push and email, cap at 3 a
    week") or bare at its start ("email, hold out 10%"); only filler left becomes ""."""
    rest, said = take_channel_statement(sentence)
    if not said:
        rest = re.sub(rf"^\s*(?:(?:and|or|then)\s+)?{_LIST}(?=[\W_]|$)", "", sentence, flags=re.IGNORECASE)
    return "" if _FILLER.match(rest) else rest
