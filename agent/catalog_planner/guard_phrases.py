"""Find the guards a prompt states and cut them out of its text: suppressions ("never while ...", "unless
...", "skip anyone who ...", "suppress anyone with ...", "no one who ... gets anything") and stop conditions
("stop once ...", "until they ...", "once they ...")."""

from __future__ import annotations

import re

_PEOPLE = r"(?:anyone|anybody|users|people|those|someone|customers|members|everyone)"
GUARD = re.compile(
    r"(?:,\s*)?\b(?P<kind>but never (?:while|when|if|to)|never (?:while|when|if)|but not (?:if|when|while|for)|"
    r"not if|unless|except (?:when|if|for)|"
    rf"(?:but\s+)?(?:skip|suppress|leave out|hold back|hold off on|filter out) {_PEOPLE}(?: who| with| that)?|"
    rf"(?:do not|don't|never) (?:send|message|contact|email|push|target|nudge|bother) (?:anything )?(?:to )?{_PEOPLE}(?: who| with| that)?|"
    r"(?:no one|nobody|no user|no users) (?:who|with|that)|"
    rf"(?:pause|hold|stop|suspend|mute|suppress|block) (?:all )?(?:marketing|messages|messaging|sends|campaigns|everything|promotions)"
    rf" (?:for|to) {_PEOPLE}(?: who| with| that)?|"
    r"stop (?:(?P<named>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?) (?:them |it )?)?(?:once|when|as soon as|after)|until|(?:once|as soon as) (?=they\b))\b"
    r"(?P<body>[^,.;]*)",
    re.IGNORECASE,
)
# "no one who got 4 messages this week gets anything": the verb after the condition is not part of it
_GETS_ANYTHING = re.compile(
    r"\s+(?:should\s+|may\s+|can\s+|will\s+)?(?:gets?|receives?|hears?|sees?)\s+(?:anything|a thing|any\s+\w+)(?:\s+else)?\s*$",
    re.IGNORECASE,
)


# "anyone with 3 or more messages this week gets nothing": the condition sits between the people and the verb
_GETS_NOTHING = re.compile(
    rf"(?:,\s*)?\b{_PEOPLE}\s+(?:with|who|that)\s+(?P<body>[^,.;:]*?)\s+(?:gets?|receives?|should (?:get|receive)|"
    r"hears?)\s+(?:nothing|no messages?)\b",
    re.IGNORECASE,
)


_IF_THEN_SKIP = re.compile(
    r"\bif\s+(?:a user|users|someone|anyone|they|the user|a customer|customers)\s+(?P<body>[^,;]+?)\s*,\s*(?:then\s+)?"
    r"(?:(?:don't|do not|never)\s+(?:send|message|contact|email|push|market|target)\w*|skip|suppress|exclude|"
    r"hold off on|pause)\b[^,.;]*",
    re.IGNORECASE,
)


def _guard_kind(word: str) -> str:
    low = word.lower()
    return "stop" if low.startswith(("stop", "until", "once", "as soon")) else "suppress"


def take_guards(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut the guards out of a sentence: (rest, [(suppress|stop, condition phrase)])."""
    nothing = [("suppress", m.group("body").strip()) for m in _GETS_NOTHING.finditer(text)]
    nothing += [("suppress", m.group("body").strip()) for m in _IF_THEN_SKIP.finditer(text)]
    text = _IF_THEN_SKIP.sub(" ", _GETS_NOTHING.sub(" ", text))
    guards = [
        (_guard_kind(m.group("kind")), _GETS_ANYTHING.sub("", m.group("body")).strip())
        for m in GUARD.finditer(text)
    ]
    return GUARD.sub(" ", text), [g for g in [*nothing, *guards] if g[1]]


def without_guards(text: str) -> str:
    """Return the text with its guards cut, keeping a program a stop names ("stop the follow-up once ...")."""
    return GUARD.sub(lambda m: f" {m.group('named') or ''} ", text)
