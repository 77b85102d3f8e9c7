"""The marks said beside a program: its channels ("by push for users with push enabled, by email otherwise")
and its priority annotation ("(top)", "(priority 2)", "- lowest priority")."""

from __future__ import annotations

import re

# Numbered priorities rank before every worded one but "top" and keep their own order ("(priority 1)" is not
# SECOND); "top" ranks with priority 1, so "(top priority) … (priority 2) … (lowest)" keeps its order.
_NUMBERED = -1000
TOP, SECOND, BOTTOM = _NUMBERED + 1, 1, 10_000

_RANK_WORD = r"top|highest|first|high|most important|second|lowest|last|low|bottom|least important"
# "(top)", "(lowest priority)", "[priority: high]", "(priority 2)", "(P1)", "- top priority" after a program
ANNOTATION = re.compile(
    rf"[(\[]\s*(?:priority\s*[:=]?\s*)?({_RANK_WORD})(?:\s+priority)?\s*[)\]]|[(\[]\s*(?:priority|p)\s*[:#=]?\s*(\d+)\s*[)\]]"
    rf"|\s+[-\u2013\u2014]+\s*({_RANK_WORD})\s+priority\b",
    re.IGNORECASE,
)
_TOP_WORDS = ("top", "highest", "first", "high", "most important")
CHANNEL = r"(push|e-?mail|sms|text|in-app|in app|webhook)"
_REST = r"(?:otherwise|else|(?:for|to) (?:everyone|everybody|the rest|others|all others|anyone)(?: else)?|as (?:a )?fallback)"
# the condition a channel is said for runs to the next channel phrase
_CONDITION = r"(?:(?!\s*,?\s*(?:and\s+|or\s+)?(?:by|via|over|through|otherwise|else)\b)[^,;.])*"
# "by push for users with push enabled, by email otherwise", "by push to users who have push on and by email
# to everyone else", "by push if they have push enabled, otherwise by email"
_FOR_SOME = rf"(?:(?:for|to)\s+(?:users|those|people|anyone)\s+(?:with|who have|who|that)|if)\s+{_CONDITION}"
CHANNELS = re.compile(
    rf"\b(?:by|via|over|through|as an?|with an?)\s+{CHANNEL}\b(?:\s+{_FOR_SOME})?"
    rf"(?:\s*,?\s*(?:and\s+|or\s+)?(?:(?:by|via|over|through)?\s*{CHANNEL}\s+{_REST}|{_REST},?\s+(?:by|via|over|through)\s+"
    rf"{CHANNEL}))?(?=[\s,;.]|$)",
    re.IGNORECASE,
)


_CHANNEL_STEMS = (("push", "push"), ("email", "email"), ("sms", "sms"), ("text", "sms"), ("inapp", "in_app"))


def channel_name(word: str) -> str:
    """Return the spec's channel for a channel word ("e-mails" → email, "texts" → sms, "in-app messages" →
    in_app); a word of no known channel ("webhook") is kept as written."""
    low = word.lower().replace("-", "").replace(" ", "")
    return next((name for stem, name in _CHANNEL_STEMS if low.startswith(stem)), low)


# "a win-back push", "an SMS reminder", "the in-app survey": a channel word in a program's own name (not
# "push enabled" or "push permission", which are about the user) is the channel it is sent on
_NAMED_CHANNEL = re.compile(
    rf"\b{CHANNEL}\b(?!\s*(?:enabled|disabled|permissions?|opt|on\b|off\b|turned|settings?))", re.IGNORECASE
)


def named_channels(program: str) -> list[str]:
    """Return the channels a program's name says it is sent on, in order ("a push and email reminder")."""
    return list(dict.fromkeys(channel_name(m.group(1)) for m in _NAMED_CHANNEL.finditer(program)))


# "Remind ...: push to those with push enabled, email to everyone else": in a one-program prompt a bare channel
# word after a colon or comma said for some people and the rest is a channel plan (between programs, "push vs
# email ...: push to users with push enabled, email to the rest" is two programs, read by `read_programs`)
_BARE_SPLIT = re.compile(
    rf"(?<=[:,] ){CHANNEL}\s+{_FOR_SOME}\s*,?\s*(?:and\s+)?(?:(?:by|via)\s+)?{CHANNEL}\s+{_REST}(?=[\s,;.]|$)",
    re.IGNORECASE,
)


def take_channels(text: str) -> tuple[str, list[str]]:
    """Cut the first channel statement out of a text: ("...", ["push", "email"]) for "by push for users
    with push enabled, by email otherwise"."""
    m = CHANNELS.search(text) or _BARE_SPLIT.search(text)
    if m is None:
        return text, []
    said = [channel_name(w) for w in m.groups() if w]
    return text[: m.start()] + " " + text[m.end() :], said


def annotation_rank(m: re.Match[str]) -> int:
    """Return the rank an annotation match gives its program."""
    word, number = (m.group(1) or m.group(3) or "").lower(), m.group(2)
    if number:
        return _NUMBERED + int(number)
    return TOP if word in _TOP_WORDS else SECOND if word == "second" else BOTTOM
