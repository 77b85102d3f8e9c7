"""Read a sequence said with verbs of order: "lead with A, follow with B, close with C", "start with A, then B,
finally C", "open with A, next B, end with C".

The same words describe a ranking of programs and the steps of one channel plan ("start with push, then
email, finally SMS"). When the steps are channels, the sentence is a channel plan
(`program_marks.take_channel_sequence` reads it, `journeys.py` the timed ones);
otherwise the steps are programs, rewritten in the ranking words the readers know ("A first, then B, then
C", `as_ranking`).
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_marks import (
    CHANNEL,
    FIRST_STEP,
    LAST_STEP,
    NEXT_STEP,
    PLAIN_STEP,
)

_LEAD = re.compile(rf"(?:^|(?<=[:,.;]\s)|(?<=[:,]))\s*{FIRST_STEP}\s+", re.IGNORECASE)
_STEP = re.compile(
    rf"\s*(?:,|;)?\s+(?:(?P<last>{LAST_STEP})|(?P<next>{NEXT_STEP})|(?P<plain>{PLAIN_STEP}),?)\s+",
    re.IGNORECASE,
)
# kept when split: a bulleted list is read from its lines; "Start with new users, then trial users: A for new
# users, …" ends its sequence at the colon
_SENTENCE = re.compile(r"((?<=[.!?:])\s+|\n+)")
# "push", "an email 2 days later", "by SMS for trial users": a step that is a channel, not a program named
# after one ("the push reminder", "an SMS offer")
_CHANNEL_STEP = re.compile(
    rf"^\s*(?:(?:by|via|over|through|with)\s+)?(?:(?:a|an|the)\s+)?{CHANNEL}(?:\s*(?:notifications?|messages?|s))?"
    r"(?=\s*(?:$|[,;.]|\d|(?:for|to|after|on|in|within|later|when|if|unless|once|at)\b))",
    re.IGNORECASE,
)


def _steps(sentence: str) -> tuple[str, list[str]] | None:
    """Return (the words before the sequence, its steps) when a sentence opens a sequence with a verb of order
    and takes at least one more step; else None."""
    lead = _LEAD.search(sentence)
    if lead is None:
        return None
    # re.split returns [step, last, next, plain, step, ...]: the steps are every fourth part
    steps = [p.strip(" ,;.") for p in _STEP.split(sentence[lead.end() :])[::4]]
    if len(steps) < 2 or not all(steps):
        return None
    head = sentence[: lead.start()].rstrip()
    return (f"{head} " if head else ""), steps


def _is_channel(step: str) -> bool:
    """Return True when a step is a channel ("push", "an email 2 days later"), not a program named after one."""
    return _CHANNEL_STEP.match(step) is not None


# "start with A; if that doesn't work, send B", "try A first, and if they don't convert, B": B is the next step
# (not opening or clicking a message, which is a channel's fallback: `fallback_steps.py`)
_IF_NOT = re.compile(
    r"\s*[,;]?\s*(?:and\s+)?(?:if|when)\s+(?:that|it|this|they|the (?:first|offer|nudge|message) )\s*(?:still\s+)?"
    r"(?:doesn'?t|does not|don'?t|do not|didn'?t|did not|won'?t|isn'?t|aren'?t|fails? to|never)\s+"
    r"(?:work|land|help|respond|convert|come back|return|bite|re-?engage|upgrade|subscribe|resubscribe|buy|"
    r"pay|do it|move the needle|get them back|bring them back)\w*|"
    r"\s*[,;]?\s*(?:and\s+)?(?:if|when)\s+(?:that|it|this)\s+fails",
    re.IGNORECASE,
)
_THEN_VERB = re.compile(
    r"\s*[,;:]?\s*(?:then\s+)?(?:(?:send|try|use|run|fall back (?:to|on)|follow (?:up )?with|move (?:on )?to|go (?:to|with)|"
    r"escalate to)\s+)?",
    re.IGNORECASE,
)
_TRY = re.compile(r"\btry(?:ing)?\s+(?=(?:the|our|a|an)\s)", re.IGNORECASE)
_OPENS = re.compile(rf"{FIRST_STEP}|\bfirst\b", re.IGNORECASE)


def _fallbacks_as_steps(sentence: str) -> str:
    """Return a sentence that opens a sequence ("start with A", "A first") with "if that doesn't work, B" said
    as its next step ("…, then B")."""
    if not _OPENS.search(sentence):
        return sentence
    out, last = [], 0
    for m in _IF_NOT.finditer(sentence):
        rest = _THEN_VERB.match(sentence, m.end())
        out.append(sentence[last : m.start()] + ", then ")
        last = rest.end() if rest else m.end()
    # "try A first, …": the verb of trying is no part of A's name
    return _TRY.sub("", "".join(out) + sentence[last:]) if out else sentence


def as_ranking(text: str) -> str:
    """Return the text with each sequence of programs said with verbs of order in ranking words: "For trial
    users, lead with A, follow with B, close with C" → "For trial users, A first, then B, then C"; "start with A;
    if that doesn't work, B" → "A first, then B"."""
    pieces = _SENTENCE.split(text)
    for index in range(0, len(pieces), 2):
        pieces[index] = _fallbacks_as_steps(pieces[index])
    for index in range(0, len(pieces), 2):
        read = _steps(pieces[index])
        if read is None or _is_channel(read[1][0]):  # "start with push, then email 2 days later": a journey
            continue
        head, steps = read
        end = pieces[index].rstrip()[-1:] if pieces[index].rstrip()[-1:] in (".", "!", "?") else ""
        pieces[index] = f"{head}{steps[0]} first, " + ", ".join(f"then {s}" for s in steps[1:]) + end
    return "".join(pieces)
