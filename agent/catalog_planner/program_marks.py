"""The marks said beside a program: its channels ("by push for users with push enabled, by email otherwise")
and its priority annotation ("(top)", "(priority 2)", "- lowest priority")."""

from __future__ import annotations

import re

from agent.catalog_planner.rank_marks import LAST, MIDDLE

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


# A channel as a noun, plurals and all ("pushes", "push notifications", "e-mails", "texts", "in-app messages");
# `channel_name` turns a match into the spec's channel.
CHANNEL_WORD = r"(push notifications?|push(?:es)?|e-?mails?|sms(?:es)?|texts?|in-?app(?: messages?)?)"
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


# The verbs of order: "lead with A, follow with B, close with C" (`sequence_verbs.py`)
# "prioritise the upgrade nudge; fall back to workout tips": a ranking said with verbs of preference too
FIRST_STEP = (
    r"(?:(?:lead|start|begin|open|kick(?:\s+(?:it|things))?\s+off)(?:\s+(?:off|things|it))?\s+with|prioriti[sz]e|"
    r"favou?r|go first with)"
)
NEXT_STEP = (
    r"(?:(?:and\s+)?(?:then\s+)?(?:follow(?:\s+(?:that|it|up))?|continue|carry on|go on)\s+with|move on to|"
    r"(?:and\s+)?(?:then\s+)?fall\s*back\s+(?:to|on))"
)
LAST_STEP = r"(?:(?:and\s+)?(?:then\s+)?(?:close|end|finish|wrap(?:\s+(?:it|things))?\s+up|round(?:\s+(?:it|things))?\s+off)\s+with)"
# the cue words the other steps may take instead ("start with A, then B, finally C")
PLAIN_STEP = r"(?:and\s+)?(?:then|next|after that|finally|lastly|last)"
_ITEM = rf"(?:(?:by|via|over|through)\s+)?(?:(?:a|an|the)\s+)?{CHANNEL}(?:\s*(?:notifications?|messages?|s))?"
_STEP_WORD = rf"(?:{LAST_STEP}|{NEXT_STEP}|{PLAIN_STEP})"
# An item of a channel sequence ends at a separator, a step word, the people it is for, or the end: "email 2
# days later" is a journey's timing (`journeys.py`), "a push to finish their workout" and "the welcome email"
# are programs.
_ITEM_END = (
    r"(?=[\s,;.!?]|$)(?!\s+(?!(?:for|then|and|finally|after that|next|lastly|last|close|end|finish|follow|wrap|"
    r"first|second|third)\b|to\s+(?:the\s+|all\s+|our\s+)?(?:[\w-]+\s+){0,2}?(?:users|people|everyone|anyone|those|customers|"
    r"members|subscribers)\b)[a-z0-9])"
)
# "start with push, then email, finally SMS", "email first, then push", "push, then email, then SMS"
_CHANNEL_SEQUENCE = re.compile(
    rf"(?:\b{FIRST_STEP}\s+|(?:^|(?<=[:,;.!?])|(?<=[:,;.!?]\s))\s*){_ITEM}{_ITEM_END}(?P<cue>\s+first)?"
    rf"(?P<rest>(?:\s*[,;]?\s+{_STEP_WORD},?\s+{_ITEM}{_ITEM_END}(?:\s+(?:second|third|last))?){{1,4}})",
    re.IGNORECASE,
)


def take_channel_sequence(text: str) -> tuple[str, list[str]]:
    """Cut the first channel sequence out of a text ("For trial users, start with push, then email, finally
    SMS" → "For trial users, ", [push, email, sms]); (the text, []) when there is none."""
    for m in _CHANNEL_SEQUENCE.finditer(text):
        lead = bool(re.match(FIRST_STEP, m.group(0), re.IGNORECASE))
        if not (lead or m["cue"] or re.search(r"\bthen\b|\bfinally\b|\blastly\b", m["rest"], re.IGNORECASE)):
            continue  # "push, and email" orders nothing
        said = [channel_name(w) for w in re.findall(CHANNEL, m.group(0), re.IGNORECASE)]
        return text[: m.start()] + text[m.end() :], said
    return text, []


def take_channels(text: str) -> tuple[str, list[str]]:
    """Cut the first channel statement out of a text: ("...", ["push", "email"]) for "by push for users
    with push enabled, by email otherwise", [push, email, sms] for "start with push, then email, finally SMS"."""
    m = CHANNELS.search(text) or _BARE_SPLIT.search(text)
    if m is None:
        return take_channel_sequence(text)
    said = [channel_name(w) for w in m.groups() if w]
    return text[: m.start()] + " " + text[m.end() :], said


def stated_rank(rank: int) -> int:
    """Map a rank an item states ("P3: …", "second is …", "least important: …") onto the program reader's
    scale: first is top, second second, last bottom, another number among the numbered ones; "in between"
    keeps the written order."""
    if rank == MIDDLE:
        return 0
    return {1: TOP, 2: SECOND, LAST: BOTTOM}.get(rank, _NUMBERED + rank)


def annotation_rank(m: re.Match[str]) -> int:
    """Return the rank an annotation match gives its program."""
    word, number = (m.group(1) or m.group(3) or "").lower(), m.group(2)
    if number:
        return _NUMBERED + int(number)
    return TOP if word in _TOP_WORDS else SECOND if word == "second" else BOTTOM
