"""Find the guards a prompt states and cut them out of its text: suppressions ("never while ...", "unless
...", "skip anyone who ...", "suppress anyone with ...", "no one who ... gets anything") and stop conditions
("stop once ...", "until they ...", "once they ...")."""

from __future__ import annotations

import re

_PEOPLE = r"(?:anyone|anybody|users|people|those|someone|customers|members|everyone)"
_MARKETING = (
    r"(?:marketing|messages|messaging|sends|campaigns|promos|promotions|outreach|offers|upsells|emails|pushes|"
    r"notifications|nudges)"
)
_STOP_LEADS = (
    "stop",
    "until",
    "once",
    "as soon",
    "exit",
    "leave the",
    "drop",
    "remove them",
    "take them",
    "end ",
)
GUARD = re.compile(
    r"(?:,\s*)?\b(?P<kind>"
    # headings: "Exit criteria: they subscribe", "Suppressions: anyone with an open ticket"
    r"(?:stop conditions?|exit (?:criteria|conditions?|rules?))\s*:\s*(?!\s|(?:stop|until|once|exit|end|drop)\b)"
    r"(?:(?:once|when|as soon as|if)\s+)?|"
    rf"(?:suppressions?|exclusions?|exclude)\s*:\s*(?!\s|(?:never|don't|do not|skip|suppress|no one|nobody|hold|pause)\b)"
    rf"(?:{_PEOPLE} (?:who|with|that)\s+)?|"
    r"but never (?:while|when|if|to)|never (?:while|when|if)|but not (?:if|when|while|for)|"
    # "(never on users who opted out of push)", ", never for anyone with an open ticket"
    rf"(?:but\s+)?never (?:on|for|to) {_PEOPLE}(?: who| with| that| whose)?|"
    r"not if|unless|except (?:when|if|for)|"
    # "Don't send either while they have an open bug ticket": every program waits the condition out
    r"(?:do not|don't|never) (?:send|message|contact|email|push) (?:either(?: one)?|both|any of them|them|anything|these|those) "
    r"(?:while|whenever|if|when|as long as)|"
    # "…, but hold it while they have an open billing ticket": the program waits the condition out
    r"(?:but\s+)?(?:hold|pause|mute|suspend|skip|suppress|withhold) (?:it|them|this|that|these|those|sends|off) "
    r"(?:while|whenever|if|as long as|for as long as)|"
    rf"(?:but\s+)?(?:skip|suppress|leave out|hold back|hold off on|filter out) {_PEOPLE}(?: who| with| that| whose)?|"
    # a sentence led by "Exclude users whose …" (inside an audience, ", and exclude users who …" narrows it)
    rf"(?<![\w,]\s)(?<![\w,])(?:exclude|omit) {_PEOPLE}(?: who| with| that| whose)?|"
    rf"(?:do not|don't|never) (?:send|message|contact|email|push|target|nudge|bother|market) (?:(?:[\w-]+ ){{1,3}}?to |to )?{_PEOPLE}(?: who| with| that)?|"
    # "hold off on all marketing while a ticket is open", "no promos if they have low CSAT"
    rf"(?:hold off on|hold|pause|stop|suspend|mute|suppress|skip|block|withhold|no|don't send|do not send|never send) "
    rf"(?:all |any )?{_MARKETING}(?: back)? (?:while|whenever|if|as long as|for as long as)|"
    # "exit when they cancel", "drop them once they subscribe", "end the nudge as soon as ..."
    r"(?:exit|leave the [\w-]+|drop (?:them|out|off)|remove them|take them out|end (?:it|them|the [\w-]+(?: [\w-]+)?)) "
    r"(?:once|when|as soon as|after|if)|"
    r"(?:no one|nobody|no user|no users) (?:who|with|that)|"
    rf"no {_MARKETING} (?:to|for) {_PEOPLE}(?: who| with| that)?|"
    rf"(?:pause|hold(?: back)?|stop|suspend|mute|suppress|block|withhold) (?:all |any |the [\w-]+(?: [\w-]+)? )?(?:marketing|messages|messaging|sends|campaigns|everything|promotions|[\w-]+)"
    rf"(?: back)? (?:for|to|from) {_PEOPLE}(?: who| with| that)?|"
    r"stop (?:(?P<named>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?) (?:them |it )?)?(?:once|when|as soon as|after|if)|until|(?:once|as soon as) (?=they\b))\b"
    r"(?P<body>[^,.;]*)",
    re.IGNORECASE,
)
# "no one who got 4 messages this week gets anything": the verb after the condition is not part of it
_GETS_ANYTHING = re.compile(
    r"\s+(?:should\s+|may\s+|can\s+|will\s+)?(?:gets?|receives?|hears?|sees?)\s+(?:anything|a thing|any\s+\w+|these|this|"
    r"them|it|those|either|both|either one|marketing|messages|promotions)(?:\s+else)?\s*$",
    re.IGNORECASE,
)


# "anyone with 3 or more messages this week gets nothing": the condition sits between the people and the verb
_GETS_NOTHING = re.compile(
    rf"(?:,\s*)?\b{_PEOPLE}\s+(?:with|who|that)\s+(?P<body>[^,.;:]*?)\s+(?:gets?|receives?|should (?:get|receive)|"
    r"hears?)\s+(?:nothing|no messages?)\b(?!\s+(?:but|except|other than|besides|apart from)\b)",
    re.IGNORECASE,
)


# "users with CSAT below 3 should not get marketing", "people who opted out mustn't be messaged"
_SHOULD_NOT_GET = re.compile(
    rf"(?:,\s*)?\b{_PEOPLE}\s+(?:with|who|that|whose)\s+(?P<body>[^,.;:]*?)\s+(?:should|must|may|can|will|do|does)"
    r"(?:\s+not|n't)\s+(?:be\s+)?(?:get|receive|hear|see|sent|messaged|contacted|targeted|marketed to|nudged)\b[^,.;]*"
    rf"|(?:,\s*)?\b{_PEOPLE}\s+(?:with|who|that|whose)\s+(?P<held>[^,.;:]*?)\s+(?:should|must|will)\s+be\s+"
    r"(?:held back|left out|excluded|suppressed|skipped)\b[^,.;]*",
    re.IGNORECASE,
)
# "Low CSAT or open billing tickets should hold marketing back": the subject is what holds marketing back
_HOLDS_BACK = re.compile(
    r"^\s*(?:and\s+|also\s+)?(?P<body>[^,.;:]*?)\s+(?:should|must|will|would|needs? to|ought to)\s+(?:always\s+)?"
    r"(?:hold|holds|block|pause|stop|suppress|prevent|rule out|veto|keep)\s+(?:back\s+)?(?:all\s+|any\s+|our\s+)?"
    r"(?:marketing|messages|messaging|sends|campaigns|promotions|outreach|them|users|people)(?:\s+back|\s+out)?\b[^,.;]*",
    re.IGNORECASE,
)


_IF_THEN_SKIP = re.compile(
    r"\bif\s+(?:(?:a |the )?(?:user|customer|member)s?(?:'s)?|someone(?:'s)?|anyone(?:'s)?|they|their)\s+"
    r"(?P<body>[^,;]+?)\s*,\s*(?:then\s+)?"
    r"(?:(?:don't|do not|never)\s+(?:send|message|contact|email|push|market|target)\w*|skip|suppress|exclude|"
    rf"hold off on|pause|(?:hold|stop|block|mute|withhold)(?: back)?\s+(?:all\s+|any\s+)?{_MARKETING})\b[^,.;]*",
    re.IGNORECASE,
)


_HOW_OFTEN = re.compile(
    r"^(?:(?:more than|over)\s+)?(?:twice|once|\d+(?:\s+times?)?)\s+(?:in\s+(?:one|1|a|the same|a single)|a|an|per|each|every)\s+"
    r"(?:day|week|month)\s*$",
    re.IGNORECASE,
)
_MORE_PEOPLE = re.compile(
    rf"\s*,?\s+(?:and|or)\s+(?:also\s+)?{_PEOPLE}\s+(?:who|with|that|whose)\s+", re.IGNORECASE
)


def _guard_kind(word: str) -> str:
    low = word.lower()
    if re.search(rf"\b{_MARKETING}(?: back)? (?:while|whenever|if|as long as|for as long as)$", low):
        return "suppress"  # "stop all marketing while a ticket is open" holds messages back, it ends nothing
    return "stop" if low.startswith(_STOP_LEADS) else "suppress"


# "Suppress: opted-out users, users with open tickets.", "Stop: once they subscribe."
_HEADED_LIST = re.compile(
    r"(?:^|(?<=[.;!?]\s))\s*(?P<head>suppress(?:ions?)?|exclu(?:de|sions?)|stop(?: conditions?)?|exit(?: criteria)?)\s*:\s*"
    r"(?!\s|(?:stop|until|never|don't|do not|skip|suppress|no one|nobody|hold|pause|exit|end|drop)\b)(?P<list>[^.;!?]+)",
    re.IGNORECASE,
)
_LIST_PART = re.compile(
    r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+(?=(?:users|people|anyone|those)\b)", re.IGNORECASE
)
_WAIT_WORD = re.compile(r"^(?:once|when|as soon as|after|if)\s+", re.IGNORECASE)


def _headed_lists(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut headed guard lists ("Suppress: A, B.") out of the text: one guard per listed part."""
    said: list[tuple[str, str]] = []
    for m in _HEADED_LIST.finditer(text):
        kind = "stop" if m["head"].lower().startswith(("stop", "exit")) else "suppress"
        said += [(kind, _WAIT_WORD.sub("", p.strip())) for p in _LIST_PART.split(m["list"]) if p.strip()]
    return _HEADED_LIST.sub(" ", text), said


def take_guards(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut the guards out of a sentence: (rest, [(suppress|stop, condition phrase)])."""
    text, headed = _headed_lists(text)
    nothing = [*headed, *(("suppress", m.group("body").strip()) for m in _GETS_NOTHING.finditer(text))]
    nothing += [("suppress", m.group("body").strip()) for m in _IF_THEN_SKIP.finditer(text)]
    text = _IF_THEN_SKIP.sub(" ", _GETS_NOTHING.sub(" ", text))
    for pattern in (_SHOULD_NOT_GET, _HOLDS_BACK):
        nothing += [
            ("suppress", (m.group("body") or m["held"] or "").strip()) for m in pattern.finditer(text)
        ]
        text = pattern.sub(" ", text)
    guards = [
        (_guard_kind(m.group("kind")), _GETS_ANYTHING.sub("", m.group("body")).strip())
        for m in GUARD.finditer(text)
    ]
    # "suppress anyone with an open billing ticket and anyone who opted out": two suppressions, not one
    said = [(kind, part.strip()) for kind, body in [*nothing, *guards] for part in _MORE_PEOPLE.split(body)]
    # "never message anyone twice in one day" caps how often, which the frequency cap says; it holds no one back
    rest = GUARD.sub(" ", text)
    if guards:
        # "…, send them a push reminder, and skip anyone with …": the joiner the guard leaves behind is no word of
        # the message's (left, it hid the message phrase that ends the prompt)
        rest = _DANGLING_JOINER.sub("", rest)
    return rest, [g for g in said if g[1] and not _HOW_OFTEN.match(g[1])]


_DANGLING_JOINER = re.compile(r"(?:\s*[,;]\s*(?:(?:and|but)\b)?|\s+(?:and|but))\s*$", re.IGNORECASE)


def take_conditional_guards(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut "if a user has X, hold all marketing" out of a sentence before it is split at its commas."""
    said = [("suppress", m.group("body").strip()) for m in _IF_THEN_SKIP.finditer(text)]
    return _IF_THEN_SKIP.sub(" ", text), said


def without_guards(text: str) -> str:
    """Return the text with its guards cut, keeping a program a stop names ("stop the follow-up once ...")."""
    return GUARD.sub(lambda m: f" {m.group('named') or ''} ", text)


# "Stop the upgrade offer when they subscribe and re-engagement when they complete a workout": two stops
_STOP_PAIR = re.compile(
    r"\b(?P<verb>stop|end|exit)\s+(?P<first>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)\s+(?P<w1>when|once|as soon as|after)\s+"
    r"(?P<body>[^.;]+?)\s*,?\s+and\s+(?:stop\s+)?(?:the\s+)?(?P<second>[\w-]+(?:\s+[\w-]+){0,2}?)\s+"
    r"(?P<w2>when|once|as soon as|after)\s+",
    re.IGNORECASE,
)


# "Stop the welcome series after their first workout, suppress the save offer for anyone with a ticket": a
# second guard sentence after a comma starts a sentence of its own
_NEXT_GUARD = re.compile(
    r"(?<=[a-z0-9)])\s*,\s*(?:and\s+)?(?=(?:stop|suppress|exclude|exit|end|pause|skip|never|don't|do not)\s+"
    r"(?:the|a|an|our|sending|messaging|anyone|everyone|users|people)\b)",
    re.IGNORECASE,
)
_GUARD_LED = re.compile(
    r"^\s*(?:stop|suppress|exclude|exit|end|pause|skip|never|don't|do not)\b", re.IGNORECASE
)


# "A ahead of B, and stop the check-in as soon as the ticket is resolved": a guard naming a program after a
# ranking clause is a sentence of its own (read as the ranking's last piece, it went to the program said last)
_TRAILING_NAMED_GUARD = re.compile(
    r"\s*(?:,|\s[-\u2013\u2014])\s*(?:and\s+|but\s+)?(?=(?:stop|end|exit|pause|suppress|skip|hold(?: back)?|withhold|(?:do not|don't|never)\s+send)\s+"
    r"(?:the|our)\s+[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:once|when|as soon as|after|while|whenever|if|for|to|from)\b"
    # a stop may name its program bare: ", and stop re-engagement as soon as they work out again"
    r"|(?:stop|end)\s+(?!(?:them|it|all|both|each|everyone|sending)\b)[\w-]+(?:\s+[\w-]+){0,2}?\s+(?:once|as soon as)\b)",
    re.IGNORECASE,
)


# "A first, B second; hold both for users with high support risk", ", but don't send either to anyone who …": a
# guard of every program after a ranking clause (read as the ranking's last piece, it held the last program only)
_TRAILING_EVERY_GUARD = re.compile(
    r"(?<=[a-z0-9)])\s*(?:[,;]|\s[-\u2013\u2014])\s*(?:and\s+|but\s+)?(?=(?:stop|end|exit|pause|suppress|skip|hold(?: back| off on)?|"
    r"withhold|exclude|(?:do not|don't|dont|never)\s+(?:send|message|show))\s+(?:both|either|each|all of them|them all|all (?:two|three|four))"
    r"(?:\s+(?:of them|one|programs))?\s+(?:once|when|as soon as|after|while|whenever|if|for|to|from)\b)",
    re.IGNORECASE,
)


def split_trailing_guards(text: str) -> str:
    """Return the text with a guard naming a program after a ranking clause (", and stop the check-in as soon
    as …", ", but never send the upgrade reminder while …"), or naming every program ("; hold both for …"),
    set off as a sentence of its own."""
    return _TRAILING_EVERY_GUARD.sub(". ", _TRAILING_NAMED_GUARD.sub(". ", text))


def split_stop_pairs(text: str) -> str:
    """Rewrite "stop A when X and B when Y" as two sentences, so each stop reaches the program it names, and
    split a guard sentence that runs on into another after a comma, or one that follows a ranking clause."""
    text = _STOP_PAIR.sub(
        lambda m: f"{m['verb']} {m['first']} {m['w1']} {m['body']}. Stop the {m['second']} {m['w2']} ", text
    )
    text = split_trailing_guards(text)
    sentences = re.split(r"(?<=[.;!?])\s+", text)
    return " ".join(_NEXT_GUARD.sub(". ", s) if _GUARD_LED.match(s) else s for s in sentences)
