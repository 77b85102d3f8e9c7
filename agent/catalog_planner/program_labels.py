"""Read a program's label and its people from one piece of a decision prompt.

"Y should get A", "A for Y", "A (Y)", "re-engage Y toward A": the label names the program, the audience
phrase speaks of people. `same_label` says when two labels name one program ("the upgrade offer" and
"upgrade", "remind" and "the reminder"), so a rank or guard said later finds the program it means.
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_shapes import PEOPLE as _PEOPLE
from agent.catalog_planner.program_shapes import PEOPLE_IN_LABEL as _PEOPLE_IN_LABEL
from agent.catalog_planner.program_shapes import audience_in_parentheses, for_led, label_in_parentheses
from agent.catalog_planner.text import content_stems
from agent.catalog_planner.text import stem as stem_word

GETS = re.compile(
    r"\s+(?:should|will|must|would|can)?\s*(?:get|gets|receive|receives|see|sees|(?:hears? about|hear of|"
    r"(?:be|are|is) sent)(?!\s+(?:it|this|that|them|these|those)\b))\s+",
    re.IGNORECASE,
)


# "for" binds a label to its audience more surely than "to" ("a nudge to upgrade for trial users").
FOR_PATTERNS = [
    re.compile(
        r"\s+(?:for|targeting|targets|target|aimed at|sent to|goes to|go to|reaches|reach|appl(?:y|ies) to|is for|are for)\s+",
        re.IGNORECASE,
    ),
    re.compile(r"\s+to\s+", re.IGNORECASE),
]


# Lifecycle verbs that lead a program whose object is its audience ("re-engage lapsed users with a push");
# words that are also catalog nouns ("message fatigue") are left out, so "and message ..." splits nothing.
LIFECYCLE_VERBS = (
    r"re-?engage|re-?activate|activate|win back|nudge|welcome|remind|onboard|encourage|invite|congratulate|thank|"
    r"retain|rescue|upsell|cross-?sell|prompt|alert|notify|ping|contact|reach out to|reach|"
    r"educate|celebrate|reward|survey|check in with|follow up with|"
    # "save at-risk users" is a program; "save offer for …", "save a workout" name a label or an act
    r"save(?=\s+(?:the\s+|our\s+|those\s+)?(?:[\w-]+\s+){0,3}?(?:users|people|customers|members|subscribers|trialists|ones)\b)"
)


_VERB_LED = re.compile(rf"^(?P<verb>{LIFECYCLE_VERBS})\s+(?P<rest>.+)$", re.IGNORECASE)


_TOWARD = re.compile(r"\s+(?:toward|towards|into|about|to start|to)\s+", re.IGNORECASE)


_ARTICLE = re.compile(
    r"^\s*(?:the|a|an|one|another|our|general|generic|send(?:ing)?|giv(?:e|ing)|show(?:ing)?|deliver(?:ing)?|rank|"
    r"put|place|prioriti[sz]e|offer(?:ing)?|"
    r"(?:push|email|run|keep|leave|make)(?=\s+(?:the|a|an)\b))\s+",
    re.IGNORECASE,
)


_REQUEST = re.compile(
    r"^\s*(?:i|we|you|our|my|which|what|who|whom|how)\b|.*\b(?:polic(?:y|ies)|rules?)\s*$|"
    r"^\s*(?:rank|order|prioriti[sz]e|sort|decide|choose|pick)\s+(?:these|those|them|the following|our|all|between)\b|"
    r".*\b(?:these|those|the following|all|two|three|four|five|several|our)\s+(?:programs?|campaigns?|journeys?|flows?|"
    r"messages|options)\s*$",
    re.IGNORECASE,
)


# "We have an upgrade nudge for ...", "there is a winback email for ...", "we also want a streak saver for
# ...", "also set up a comeback offer for ...": the program is what follows
_HAVE = re.compile(
    r"^\s*(?:also\s+)?(?:(?:we|i)(?:'ve got|'d|\s+would)?\s+(?:also\s+)?(?:have|run|send|have got|got|want|need|like)"
    r"(?:\s+to\s+(?:add|run|send|have|set up|create|launch|build))?|there\s+(?:is|are)|set up|add|create|build|"
    r"the (?:first|second|third|other|last)(?: one| program)? (?:is|will be|should be)|"
    r"launch|design|draft)\s+(?:also\s+)?(?:(?:an?|the|one|two|three|another)\s+)?",
    re.IGNORECASE,
)


_QUESTION_WORD = re.compile(r"^\s*(?:who|which(?: users)?|whom)\s*$", re.IGNORECASE)


def label_and_audience(piece: str) -> tuple[str, str] | None:
    """Split "Y should get A" or "A for Y" into (A, Y); None when the piece names no audience (the audience
    speaks of people: "trial users", "yoga lovers", "anyone who ..."; a label does not)."""
    gets = GETS.search(piece)
    if gets and piece[: gets.start()].strip() and not _QUESTION_WORD.match(piece[: gets.start()]):
        return piece[gets.end() :].strip(), piece[: gets.start()].strip()
    led = for_led(piece) or audience_in_parentheses(piece)
    if led is not None:
        return led
    for pattern in FOR_PATTERNS:
        m = pattern.search(piece)
        label, audience = (
            _HAVE.sub("", piece[: m.start()]).strip() if m else "",
            piece[m.end() :].strip() if m else "",
        )
        label, audience = label_in_parentheses(label, audience)
        if (
            m
            and label
            and len(label.split()) <= 5
            and _PEOPLE.search(audience)
            and not _PEOPLE_IN_LABEL.search(label)
            and not _REQUEST.match(label)
        ):
            return label, audience
    return None


# "… with the upgrade email", "… with a discount offer": the message a verb-led program sends, ending its people
_WITH_MESSAGE = re.compile(
    r"\s+(?:with|using|via|through)\s+(?:the|a|an|our)\s+(?P<message>(?:[\w-]+\s+){0,3}?(?:emails?|push(?:es)?|sms|texts?|"
    r"offers?|series|nudges?|messages?|reminders?|discounts?|coupons?|digests?|newsletters?|invites?|check-ins?|"
    r"surveys?|notifications?|campaigns?|promos?))\s*$",
    re.IGNORECASE,
)
_GERUND = re.compile(r"^(?P<word>[\w-]+?)ing\b", re.IGNORECASE)


def _as_verb(piece: str) -> str:
    """Return the piece led by its verb's plain form when it starts with a lifecycle verb's -ing form
    ("winning back cancelled users" → "win back cancelled users", "re-engaging" → "re-engage")."""
    m = _GERUND.match(piece)
    if m is None:
        return piece
    word = m["word"]
    for plain in (word, f"{word}e", word[:-1] if len(word) > 2 and word[-1] == word[-2] else word):
        candidate = plain + piece[m.end() :]
        if _VERB_LED.match(candidate):
            return candidate
    return piece


def verb_led(piece: str) -> tuple[str, str] | None:
    """Split "nudge trial users who viewed pricing toward upgrading" into ("nudge toward upgrading", "trial
    users who viewed pricing"): the verb and its aim name the program, its object is the audience. A channel
    marker (\x01n) ends the audience; words after it belong to the label ("welcome new users with an email
    series" → "welcome series")."""
    m = _VERB_LED.match(_as_verb(re.sub(r"\x00\d+", " ", piece).strip()))
    if m is None:
        return None
    audience, _, tail = re.sub(r"\s+", " ", m.group("rest")).partition("\x01")
    tail = re.sub(r"^\d+", "", tail).strip(" ,")
    message = _WITH_MESSAGE.search(audience)
    if message is not None:
        # "reach users whose trial ends tomorrow with the upgrade email": the message sent is the program
        audience, tail = audience[: message.start()], f"{message['message']} {tail}".strip()
    aim = _TOWARD.split(audience, maxsplit=1)
    audience = aim[0].strip(" ,")
    label = " ".join(w for w in [m.group("verb"), tail, *(f"toward {a.strip()}" for a in aim[1:])] if w)
    if not _PEOPLE.search(audience) or _PEOPLE_IN_LABEL.search(" ".join(aim[1:])):
        return None
    return label, audience


def clean_label(label: str) -> str:
    """Return a label without its leading verb and articles ("send the upgrade offer" → "upgrade offer")."""
    label = label.strip(" ,:\"'")
    while _ARTICLE.match(label):
        label = _ARTICLE.sub("", label, count=1)
    return label.strip(" ,:\"'")


_NOUN_ENDING = re.compile(r"(?:er|ment|ation|ion)$")


# Latin nouns whose verb changes its ending: retain/retention, convert/conversion, subscribe/subscription
_NOUN_OF_VERB = (("tention", "tain"), ("version", "vert"), ("scription", "scrib"), ("ception", "ceiv"),
                 ("mission", "mit"), ("uction", "uc"))  # fmt: skip


def _root(stem: str) -> str:
    """Return a stem without its noun ending, so a verb label names its noun ("remind" = "the reminder",
    "re-engage" = "the re-engagement push", "retain" = "retention", "convert" = "conversion")."""
    for noun, verb in _NOUN_OF_VERB:
        if stem.endswith(noun) and len(stem) > len(noun):
            return stem[: -len(noun)] + verb
    if len(stem) == 4 and stem.endswith("e") and stem[-2] not in "aeiou":
        stem = stem[:-1]  # "save" is "saving" (sav): the stemmer keeps a short word's final e
    bare = _NOUN_ENDING.sub("", stem)
    # "saver" is "saving" (sav), as "reminder" is "remind"; shorter roots are too short to say so ("user")
    return stem_word(bare) if len(bare) >= 3 else stem


def _one_slip(a: str, b: str) -> bool:
    """Return True when two words of five letters or more differ by one typo: a letter changed, added,
    dropped, or two neighbours swapped ("onbaording" for "onboarding")."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
        return len(diff) == 1 or swapped
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _within(small: set[str], big: set[str]) -> bool:
    return all(any(w == v or _one_slip(w, v) for v in big) for w in small)


def _stems(label: str) -> set[str]:
    return {_root(s) for s in content_stems(clean_label(label))}


def label_within(name: str, label: str) -> bool:
    """Return True when every word of a name is in a label ("onboarding" in "onboarding series"), a typo
    allowed in a long word; "onboarding for new users" is not within "onboarding"."""
    words = _stems(name)
    return bool(words) and _within(words, _stems(label))


def same_label(a: str, b: str) -> bool:
    """Return True when two labels name one program ("the upgrade offer" and "upgrade"), a typo allowed in a
    long word ("the onbaording" is "onboarding")."""
    sa, sb = _stems(a), _stems(b)
    return bool(sa and sb) and (_within(sa, sb) or _within(sb, sa))
