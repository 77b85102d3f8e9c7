"""Take the message a prompt names ("a workout reminder", "the weekly workout digest") out of an audience that
has no audience mark: "send trial users a workout reminder" is for trial users, and "workout" there is the
message's subject, not a condition on the people."""

from __future__ import annotations

import re

MESSAGE_NOUN = (
    r"(?:reminder|nudge|digest|offer|discount|promo|promotion|message|note|tip|tips|series|campaign|challenge|"
    r"survey|newsletter|coupon|deal|alert|announcement|invite|invitation|checklist|guide|notification|push|email|"
    r"sms|text|recap|summary|update|welcome|celebration|congrats|badge|extension|reward|perk|credit|bonus|gift|code|"
    r"request|ask)s?"
)
_LABEL = re.compile(
    rf"\b(?:a|an|the|our|this|that|some|one)\s+(?:(?!(?:to|for|who|with|on|in|from)\b)[\w'-]+\s+){{0,4}}{MESSAGE_NOUN}\b(?:\s+(?:email|push|sms|text|message)s?\b)?",
    re.IGNORECASE,
)
# What sends the label: the verb that opens the prompt, so the label is what is sent, not something done
_SENDING = re.compile(
    r"^\s*(?:please\s+)?(?:send|give|email|e-mail|push|text|sms|message|ping|hit|deliver|offer|show|serve)\b"
    # "push enabled who opened an email": a channel's state opening an audience is no sending verb
    r"(?!\s+(?:notifications?\s+)?(?:enabled|disabled|on|off|permissions?|turned|allowed|opt))",
    re.IGNORECASE,
)
_LEFT_TO = re.compile(r"\s+(?:to|for)\s*$", re.IGNORECASE)


# "For Android users who haven't worked out in 10 days, send a push reminder": the people first, then the sending
_FRONTED_PEOPLE = re.compile(r"^\s*(?:for|to)\s+(?P<people>[^,;:]+?)\s*,\s*", re.IGNORECASE)


def take_message_label(text: str) -> tuple[str, str]:
    """Return (the message's label, the text without it) when a sending verb opens the text (or follows the
    people it is for: "For iOS users, send a reminder") and an article phrase ending in a message noun follows;
    else ("", text)."""
    fronted = _FRONTED_PEOPLE.match(text)
    if fronted is not None and _SENDING.match(text[fronted.end():]):
        label, rest = take_message_label(text[fronted.end():])
        return (label, f"{rest} to {fronted['people']}") if label else ("", text)
    if not _SENDING.match(text):
        return "", text
    m = _LABEL.search(text, _SENDING.match(text).end())  # type: ignore[union-attr]
    if m is None:
        return "", text
    label = m.group(0).split(maxsplit=1)[1]
    rest = text[: m.start()].rstrip()
    after = text[m.end() :]
    if not after.strip(" .!"):
        rest = _LEFT_TO.sub("", rest)  # "send a reminder to …" keeps "to": only a dangling one goes
    return label, f"{rest} {after.lstrip()}".strip()


_TRAILING = re.compile(rf"\s+(?P<label>{_LABEL.pattern})\s*[.!]?\s*$", re.IGNORECASE)
# "who opened the workout reminder" names a message the people acted on: a condition, not the label
_ACTED_ON = re.compile(
    r"(?:ed|en|got|get|gets|saw|see|sees|read|open|opens|click|clicks|receive|receives)$", re.IGNORECASE
)


# "…who haven't worked out in 10 days, send a push reminder": the sending said after the people, ending the prompt
# "…, send an email digest and exclude people with open tickets": an exception after the message is the people's
_EXCEPTED_TAIL = r"(?P<tail>\s*,?\s+(?:and|but)\s+(?:exclude|excluding|except|not|leave out|without)\b[^.!?]*)?"
_SENT_LAST = re.compile(rf"(?:[,:;]|\s[-\u2013\u2014])\s*(?:and\s+)?(?:please\s+)?(?:send|give|email|push|text|message|ping|offer)\s+(?:them\s+)?"
                        rf"(?P<label>{_LABEL.pattern}){_EXCEPTED_TAIL}\s*[.!]?\s*$", re.IGNORECASE)


# "Trial users who viewed pricing should get the upgrade email", "Users on iOS who … in 10 days get a push
# reminder": the people are the sentence's subject and the message what they get; right after "who"/"that" or
# a negation the verb is the people's own ("users who get the digest", "who didn't receive the survey")
_GIVEN_LAST = re.compile(
    r"(?<!\bwho)(?<!\bthat)(?<!n't)(?<!\bnot)(?<!\bnever)\s+(?:(?:should|will|must|can|could|would|shall|need to|needs to|"
    r"ought to|are to|may)\s+(?:also\s+)?)?(?:get|gets|receive|receives|be sent|be given|be offered|be shown|hear about)\s+"
    rf"(?P<label>{_LABEL.pattern}){_EXCEPTED_TAIL}\s*[.!]?\s*$",
    re.IGNORECASE,
)


def take_sent_last(audience: str) -> tuple[str, str]:
    """Return (label, audience without it) for a message sent in a clause of its own after the people ("For
    users who …, send a reminder") or given to them as the sentence's subject ("… should get the upgrade
    email"); else ("", audience)."""
    sent = _SENT_LAST.search(audience) or _GIVEN_LAST.search(audience)
    if sent is None:
        return "", audience
    return sent["label"].split(maxsplit=1)[1], audience[: sent.start()] + (sent["tail"] or "")


def take_trailing_label(prompt: str, audience: str) -> tuple[str, str]:
    """Return (label, audience without it) for "send users on trial a workout nudge": a message phrase ending
    the audience of a prompt that opens with a sending verb, after no verb acting on it, or sent in a clause of
    its own after the people ("For users who …, send a reminder"); else ("", audience)."""
    label, rest = take_sent_last(audience)
    if label:
        return label, rest
    m = _TRAILING.search(audience)
    if not _SENDING.match(prompt) or m is None:
        return "", audience
    before = audience[: m.start()].split()
    if not before or _ACTED_ON.search(before[-1]):
        return "", audience
    return m["label"].split(maxsplit=1)[1], audience[: m.start()]
