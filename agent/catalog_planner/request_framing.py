"""Read a request pasted from chat as the request itself.

Slack framing says nothing about the audience or the question: greetings and mentions before it ("hey team,
quick one —", "@growth can we …"), thanks after it ("thanks!", "ty", "pls"). Left in, they hid the question's
opening words ("how many …" was no longer first and the prompt read as a diagnosis) and named rules
("hey_team_quick"). A conditional choice between two messages ("if they've viewed pricing, send X, otherwise
Y") is the ranked pair the decision path reads ("Send X to users who have viewed pricing; everyone else gets
Y."), not one audience.
"""

from __future__ import annotations

import re

_DASH = r"[,!.:;\u2014\u2013-]"
_PEOPLE_WORDS = r"(?:team|all|everyone|everybody|folks|guys|y'?all|there|friends|people|crew|gang|channel|@[\w-]+)"
_OPENERS = re.compile(
    r"^\s*(?:"
    rf"@[\w.-]+\s*{_DASH}*|(?:thanks|thank you|thx|ty)\s*[!.,]+|"
    rf"(?:hey|hi|hello|hiya|howdy)\b(?:\s+{_PEOPLE_WORDS})?\s*{_DASH}*|"
    # a word that may also open a request ("morning workout reminders") greets only with punctuation or people
    rf"(?:yo|morning|good morning|afternoon|good afternoon|evening|good evening)\b(?:\s+{_PEOPLE_WORDS}\s*{_DASH}*|\s*{_DASH}+|"
    # "yo can we get …": before a question asking for something it greets too
    r"(?=\s+(?:can|could|would|will)\s+(?:we|you|u|someone|somebody|anyone)\b))|"
    rf"(?:quick|small|random|dumb|silly)\s+(?:one|q|qq|question|ask|request|favou?r)\b\s*{_DASH}*|"
    rf"(?:question|q|qq|ask|request|fyi)\s*[:\u2014\u2013-]|"
    rf"(?:sorry to bug (?:you|y'?all|everyone)|hope (?:you're|everyone's|all is) (?:well|good))\s*{_DASH}*"
    r")\s*",
    re.IGNORECASE,
)
# "can we push …", "could someone pull …": the request's verb follows
_ASKING = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+(?:we|you|u|someone|somebody|anyone)|is it possible to|would it be possible to)"
    r"\s+(?:please\s+|pls\s+)?(?=[a-z])",
    re.IGNORECASE,
)
_CLOSERS = re.compile(
    r"(?:[\s,.!;\u2014\u2013-]*\b(?:thanks(?: (?:all|team|everyone|in advance|so much|a lot))?|thank you(?: all)?|thx|ty|tia|"
    r"cheers|pls|plz|please|appreciate it|much appreciated|lmk|let me know)\b[\s!.]*|[\s]*[\U0001F300-\U0001FAFF\u2764]+)+$",
    re.IGNORECASE,
)

# "… and preview it", "…, then show me the audience": a draft is always validated and previewed, so asking for it
# adds nothing to the request (its words were read as people: 'preview pricing')
_AND_PREVIEW = re.compile(
    r"[\s,;]*\b(?:and|then|&)\s+(?:(?:please|also)\s+)?(?:preview|size|show(?: me)?|tell me)\s+(?:it|that|this|them|"
    r"the (?:audience|size|preview|numbers?)|its (?:audience|size)|who (?:it|that|this) (?:reaches|targets|hits)|"
    r"how (?:many|big)(?: (?:people|users) (?:it|that|this) (?:reaches|targets|hits|is)| it is)?)\s*[.!?]*\s*$",
    re.IGNORECASE,
)

_SUBJECT = r"(?:they|a user|the user|users|someone|somebody|anyone|a person|people|he or she|the person)"
_CONDITIONAL = re.compile(
    r"^\s*(?:(?P<scope>for\s+[^:;]+?)\s*[:,]\s*)?if\s+(?P<who>" + _SUBJECT + r")(?P<aux>'ve|'re|'s| have| has| had|"
    r" is| are| did| do| does)?\s+(?P<cond>[^,;]+?)"
    r"(?:\s*(?:[,;]|\bthen\b)\s*(?:then\s+)?(?:(?:send|give|show|use)\s+)?|\s+(?:send|give|show|use)\s+)"
    r"(?:them\s+)?(?P<first>[^,;]+?)\s*[,;.]?\s*"
    r"(?:otherwise|else|if not|or else)\s*,?\s*(?:send|give|show|push|email|use)?\s*(?:them\s+)?(?P<second>[^.;!?]+?)[.!?]*\s*$",
    re.IGNORECASE,
)
# "…, the upgrade nudge first; otherwise workout tips first": each is first for its own people, no ranking word
_PLACED = re.compile(r"\s+(?:(?:comes?|goes?|is)\s+)?first\s*$", re.IGNORECASE)
_AUX = {"'ve": "have", "'re": "are", "'s": "are", "has": "have", "have": "have", "had": "had", "is": "are",
        "are": "are", "did": "did", "do": "", "does": ""}


def strip_chatter(prompt: str) -> str:
    """Return the prompt without the greetings, mentions and thanks around a request pasted from chat."""
    text = prompt
    while (opener := _OPENERS.match(text)) is not None and opener.end() > 0 and text[opener.end() :].strip():
        text = text[opener.end() :]
    text = _ASKING.sub("", text, count=1)
    closed = _AND_PREVIEW.sub("", _CLOSERS.sub("", text)).rstrip()
    return closed if closed.strip() else text


# "For trial users: save offer if they have high support risk, otherwise the upgrade nudge": the program before its
# condition, said as "if they …, send A, otherwise B" (it was one rule for the people with the condition)
_PROGRAM_FIRST = re.compile(
    r"^\s*(?P<scope>for\s+[^:;]+?\s*[:,]\s*)?(?:send\s+|give\s+them\s+)?(?P<first>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)\s+"
    r"if\s+(?P<cond>(?:they|the user|users|someone)\b[^,;]+?)\s*[,;]\s*(?P<rest>(?:otherwise|else|if not|or else)\b.+)$",
    re.IGNORECASE,
)


def as_ranked_pair(prompt: str) -> str | None:
    """Return "if <people>, send A, otherwise B" as "Send A to users who <people>; everyone else gets B.", else None."""
    before = _PROGRAM_FIRST.match(prompt)
    if before is not None:
        prompt = f"{before['scope'] or ''}if {before['cond']}, send {before['first']}, {before['rest']}"
    m = _CONDITIONAL.match(prompt)
    if m is None:
        return None
    aux = _AUX.get((m["aux"] or "").strip().lower(), "")
    who = f"users who {aux} {m['cond']}".replace("  ", " ")
    scope = f"{m['scope']}: " if m["scope"] else ""
    first, second = (_PLACED.sub("", m[part]).strip() for part in ("first", "second"))
    return f"{scope}Send {first} to {who}; everyone else gets {second}."


def plain_request(prompt: str) -> str:
    """Return the request a chat message makes (see the module docstring); unchanged when it has no framing."""
    text = strip_chatter(prompt)
    return as_ranked_pair(text) or text
