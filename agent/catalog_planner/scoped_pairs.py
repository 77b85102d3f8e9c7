"""Read "For new users, the welcome email beats the onboarding push" as both programs for those people: "the
welcome email for new users ranks above the onboarding push for new users".

Each clause ("…; for trial users, the upgrade nudge beats the tips digest") carries its own people, so two
clauses give four programs, each pair ranked within its people. A clause whose programs name people of their
own ("For iOS users, A for X beats B for Y") is left to the program reader, which keeps the scope for both.
"A should win for users with fewer than 2 workouts; otherwise B" narrows A to those people, ranked over B;
"X should get A before B" gives both to X.
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"([.;!?](?:\s+|$)|\n+)")
_SCOPED_PAIR = re.compile(
    r"^(?P<lead>\s*(?:and\s+)?)(?:for|among)\s+(?P<people>[^,:]+?)\s*[,:]?\s*(?P<a>(?:the|a|an|our)\s+[^,]+?)\s+"
    r"(?:(?:should|must|will|would)\s+(?:always\s+)?(?:beat|trump|win(?: out)? over|outrank|take precedence over|"
    r"be more important than|(?:rank|go|come|be)\s+(?:above|before|ahead of))|beats?|trumps?|wins?(?: out)? over|outranks?|"
    r"(?:ranks?|goes?|comes?|go|come)\s+(?:above|before|ahead of)|"
    r"takes? precedence over|(?:is|are) more important than)\s+(?P<b>(?:(?:the|a|an|our)\s+)?[^,]+?)"
    r"(?P<guard>\s*,?\s+(?:unless|but not (?:if|when|while)|except (?:if|when)|as long as)\s+[^,]+)?\s*$",
    re.IGNORECASE,
)
# "The coach check-in should win for users with fewer than 2 workouts; otherwise the upgrade nudge"
_WINS_FOR_SOME = re.compile(
    r"(?P<a>\b(?:the|a|an|our)\s+[^,.;:!?]+?)\s+(?:should\s+|must\s+)?(?:wins?|goes? first|comes? first|takes? precedence)\s+"
    r"(?:for|among|with)\s+(?P<people>[^,.;:!?]+?)\s*[;,.]\s*(?:and\s+)?otherwise,?\s+(?:(?:send|use|go with|it's)\s+)?"
    r"(?P<b>(?:the|a|an|our)\s+[^,.;:!?]+?)(?=\s*[.;!?]|\s*$)",
    re.IGNORECASE,
)
# "Trial users on web should get the upgrade offer before the app download prompt": both are theirs (the prompt
# went to everyone else)
_PEOPLE_GET_PAIR = re.compile(
    r"^(?P<lead>\s*(?:and\s+)?)(?P<people>[^,:;]*?\b(?:users|people|customers|members|subscribers|signups|trialists|"
    r"lovers|fans)\b[^,:;]*?)\s+(?:should\s+|must\s+|will\s+)?(?:get|gets|receive|receives|see|sees)\s+"
    r"(?P<a>(?:the|a|an|our)\s+[^,]+?)\s+(?:before|ahead of|rather than|instead of|over)\s+"
    r"(?P<b>(?:the|a|an|our)\s+[^,]+?)\s*$",
    re.IGNORECASE,
)
_OWN_PEOPLE = re.compile(r"\s(?:for|to)\s+\S|\(", re.IGNORECASE)


def scope_pairs(text: str) -> str:
    """Return the text with each "For <people>, A beats B" clause as "A for <people> ranks above B for <people>",
    and "A wins for <people>; otherwise B" as "A for <people> ranks above B"."""
    text = _WINS_FOR_SOME.sub(lambda m: f"{m['a']} for {m['people'].strip()} ranks above {m['b']}", text)
    pieces = _CLAUSE.split(text)
    for index in range(0, len(pieces), 2):
        got = _PEOPLE_GET_PAIR.match(pieces[index])
        if got is not None and not _OWN_PEOPLE.search(got["a"]) and not _OWN_PEOPLE.search(got["b"]):
            people = got["people"].strip()
            pieces[index] = f"{got['lead']}{got['a']} for {people} ranks above {got['b']} for {people}"
            continue
        m = _SCOPED_PAIR.match(pieces[index])
        if m is None or _OWN_PEOPLE.search(m["a"]) or _OWN_PEOPLE.search(m["b"]):
            continue
        people = m["people"].strip()
        # ", unless they have an open ticket" after the pair is said of both programs, as after any ranking
        guard = f", {m['guard'].strip(' ,')}" if m["guard"] else ""
        pieces[index] = f"{m['lead']}{m['a']} for {people} ranks above {m['b']} for {people}{guard}"
    return "".join(pieces)
