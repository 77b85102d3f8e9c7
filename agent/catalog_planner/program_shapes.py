"""Words that name people in a program's audience, and the less common program shapes: "For X, send A",
"a rule for X (A)", "A (X)", and "A: users with ..." (a label before a colon, its audience after)."""

from __future__ import annotations

import re

PEOPLE = re.compile(
    r"\b(?:users?|people|customers?|members?|anyone|anybody|everyone|everybody|those|who|whose|with|folks|fans|"
    r"lovers|\w+ers|\w+ists|\w+ees|\w+ians|the rest|others|trials|sign-?ups|registrants|subs)\b|"
    # "win-back for cancelled", "a discount for the expired": a lifecycle state said alone names its people
    r"^\s*(?:the\s+)?(?:cancell?ed|canceled|churned|lapsed|expired|inactive|dormant|trialing|trialling|paying|"
    # "save offer for at-risk", "the referral ask for committed": a lifecycle stage said alone too
    r"at[\s-]risk|committed|retained|activated|on (?:a )?(?:free )?trial|in (?:a )?(?:free )?trial)\s*$|"
    # "upgrade nudge for high upgrade intent", "a survey for low CSAT": a level of a score names its people
    r"^\s*(?:very\s+)?(?:high|low|medium)(?:[\s-]+[\w-]+){1,3}\s*$",
    re.IGNORECASE,
)
# A label names a program, never people ("Users inactive for 14 days" is an audience, not a label).
PEOPLE_IN_LABEL = re.compile(
    r"\b(?:users?|people|customers?|members?|anyone|anybody|everyone|everybody|those|who|whose)\b",
    re.IGNORECASE,
)
# "For expired trials, send a win-back email": the scope is the audience, what is sent the label
_FOR_LEAD = re.compile(
    r"^\s*for\s+(?P<audience>[^,]+?)\s*,\s*(?:(?:send|give|offer|run|use|show)\s+(?:them\s+)?)?(?P<label>[^,]+)$",
    re.IGNORECASE,
)
_LABEL_WORDS = 5
# "a rule for expired trial users (win-back email)", "another for cancelled subscribers (comeback offer)"
_GENERIC_LABEL = re.compile(
    r"^(?:(?:a|an|one|another|the|second|other)\s+)*(?:rule|program|one|another)?$", re.I
)
_PARENTHESISED = re.compile(r"^(?P<audience>.+?)\s*\((?P<label>[^()]+)\)\s*$")
# "users with ...", "trial users who ...": people within the audience's first words
_LEADS_WITH_PEOPLE = re.compile(
    r"(?:\S+\s+){0,3}?(?:users?|people|customers|members|anyone|everyone|those)\b", re.I
)
_CHANNEL_VERB = re.compile(r"^(?P<verb>push|email|e-mail|text|sms|message|notify)\s+(?=\S)", re.IGNORECASE)


def for_led(piece: str) -> tuple[str, str] | None:
    """Return (label, audience) for "For X, send A", or None."""
    m = _FOR_LEAD.match(piece)
    if m is None or not PEOPLE.search(m["audience"]) or PEOPLE_IN_LABEL.search(m["label"]):
        return None
    label = m["label"].strip(" .")
    return (label, m["audience"].strip()) if 0 < len(label.split()) <= _LABEL_WORDS else None


def label_in_parentheses(label: str, audience: str) -> tuple[str, str]:
    """Return the label in parentheses after the audience when the label before it is generic ("a rule")."""
    m = _PARENTHESISED.match(audience)
    if m is None or not _GENERIC_LABEL.match(label.strip()) or PEOPLE_IN_LABEL.search(m["label"]):
        return label, audience
    return m["label"].strip(), m["audience"].strip()


# "Win-back (cancelled subscribers)", "Discount (expired trials)": the nouns of people a lifecycle names
_KINDS_OF_PEOPLE = re.compile(r"\b(?:subscribers|trialists|trials|sign-?ups|registrants|visitors)\b", re.IGNORECASE)
_PEOPLE_IN_PARENTHESES = re.compile(r"^(?P<label>[^()]+?)\s*\((?P<audience>[^()]+)\)\s*$")


def audience_in_parentheses(piece: str) -> tuple[str, str] | None:
    """Return (label, audience) for "onboarding (new users)", "retention (at-risk users)", else None."""
    m = _PEOPLE_IN_PARENTHESES.match(piece.strip(" ,."))
    said = m is not None and (PEOPLE_IN_LABEL.search(m["audience"]) or _KINDS_OF_PEOPLE.search(m["audience"]))
    if m is None or not said or PEOPLE_IN_LABEL.search(m["label"]):
        return None
    label = m["label"].strip()
    return (label, m["audience"].strip()) if 0 < len(label.split()) <= _LABEL_WORDS else None


def labelled_sentence(head: str, body: str) -> str | None:
    """Return "A for users with ..." for "A: users with ..." (or "A: push users with ..."), else None."""
    label = head.strip()
    if not label or len(label.split()) > _LABEL_WORDS - 1 or PEOPLE_IN_LABEL.search(label):
        return None
    body = body.strip()
    verb = _CHANNEL_VERB.match(body)
    audience = body[verb.end() :] if verb else body
    if not _LEADS_WITH_PEOPLE.match(audience):
        return None
    return f"{label}{' ' + verb['verb'] if verb else ''} for {audience}"
