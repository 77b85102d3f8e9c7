"""Read "When a user qualifies for both A (people) and B (people), send A" ("…, A wins"; "Between A and B, prefer
A") as the ranking it states.

The sentence names two programs with their people and then picks one for the overlap: that is "A goes
before B" (the picked one first), which the program reader reads with each program's own people. People
written in parentheses after a program ("the win-back email (lapsed users)") are that program's: "for …".
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_labels import same_label

_BOTH_THEN_PICK = re.compile(
    r"(?:^|(?<=[.!?:,]\s)|(?<=[:,]))\s*(?:(?:when|if|where|whenever)\s+(?:a user|someone|anyone|users|people|a member|"
    r"members|a customer|customers|they)\s+(?:qualif(?:y|ies) for|(?:is|are) eligible for|match(?:es)?|falls? into|"
    r"(?:is|are) in|gets?|hits?)|(?:choosing |deciding |picking )?between)\s+(?:both\s+)?(?P<a>[^,;.!?]+?)\s+and\s+(?P<b>[^,;.!?]+?)\s*,\s*(?:then\s+)?"
    r"(?:(?:send|pick|choose|prefer|go with|give|use|show|run)\s+(?:them\s+|only\s+)*(?P<pick>[^,;.!?]+?)"
    r"(?:\s+(?:first|only|instead))?|(?P<winner>[^,;.!?]+?)\s+(?:takes? precedence|wins|should win|comes? first|"
    r"goes? first|has priority|gets priority))\s*(?=[.;!?]|$)",
    re.IGNORECASE,
)
# "(lapsed users)", "(users with 3+ workouts)": the people of the program the parentheses follow
_PEOPLE_IN_PARENS = re.compile(r"\s*\((?P<people>[^()]+)\)")
_OWN_PEOPLE = re.compile(r"\s(?:for|to)\s+\S", re.IGNORECASE)


def _with_people(program: str) -> str:
    return _PEOPLE_IN_PARENS.sub(lambda m: f" for {m['people'].strip()}", program).strip()


def _ranked(m: re.Match[str]) -> str:
    a, b = _with_people(m["a"]), _with_people(m["b"])
    if not (_OWN_PEOPLE.search(a) and _OWN_PEOPLE.search(b)):
        return m.group(0)  # programs without their people: the readers refuse naming what they miss
    pick = _with_people(m["pick"] or m["winner"])
    if same_label(pick, b) and not same_label(pick, a):
        a, b = b, a
    elif not same_label(pick, a):
        return m.group(0)  # the pick names neither program: leave the sentence to the other readers
    return f" {a} goes before {b}"


# "Either the upgrade push or the tour email for trial users — pick the push": a list to choose from, then the pick
_EITHER = re.compile(
    r"\beither\s+(?P<list>[^.;:!?\u2013\u2014]+?\s+or\s+[^.;:!?\u2013\u2014]+?)\s*(?:[.;:!?]|\s[-\u2013\u2014])\s*"
    r"(?P<pick>(?:so\s+|then\s+)?(?:we(?:'d| would)?\s+)?(?:pick|choose|prefer|go with)\b)",
    re.IGNORECASE,
)


# "If a trial user qualifies for both A and B, which wins? Set the priority: A first, then B, then C": the
# question says who the programs are for and which two overlap; the order comes after it
_BOTH_QUESTION = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?:if|when|whenever)\s+(?P<who>[^,;.!?]+?)\s+(?:qualif(?:y|ies) for|(?:is|are) eligible for|"
    r"match(?:es)?|falls? into|(?:is|are) in|gets?|hits?)\s+both\s+(?P<a>[^,;.!?]+?)\s+and\s+(?P<b>[^,;.!?]+?)\s*,\s*"
    r"(?:which|who|what)\b[^.?!]*\?",
    re.IGNORECASE,
)
# an order stated after the question: "Set the priority: …", "A first, then B", "1. A 2. B"
_ORDER_AFTER = re.compile(r"\b(?:first|priority|prioriti[sz]e|then|before|second|rank|order)\b|(?:^|\s)(?:1[.)]|\(1\))",
                          re.IGNORECASE)
_GENERIC_PEOPLE = {"someone", "anyone", "somebody", "anybody", "they", "a user", "users", "a person", "people"}
_SINGULAR = re.compile(r"^(?:an?|the|one)\s+", re.IGNORECASE)


def _plural_people(who: str) -> str:
    """Return "trial users" for "a trial user", "users" for "someone": the people the programs are for."""
    if who.strip().lower() in _GENERIC_PEOPLE:
        return "Users"
    bare = _SINGULAR.sub("", who.strip())
    if bare.lower().endswith("person"):
        bare = bare[: -len("person")] + "people"
    elif not bare.lower().endswith("s"):
        bare += "s"
    return bare[:1].upper() + bare[1:]


def _question_as_overlap(m: re.Match[str]) -> str:
    """Return the both-question as the statement of who can be in both programs, when an order follows it."""
    if not _ORDER_AFTER.search(m.string[m.end():]):
        return m.group(0)  # no order stated: the question is the request, left to the priority principle
    return f" {_plural_people(m['who'])} can qualify for both {m['a'].strip()} and {m['b'].strip()}."


def rank_both_choice(text: str) -> str:
    """Return the text with "when someone qualifies for both A and B, send A" as "A goes before B", "either A
    or B — pick A" as a choice between the two followed by the pick, and "if a trial user qualifies for both A
    and B, which wins?" before a stated order as "Trial users can qualify for both A and B."."""
    text = _EITHER.sub(lambda m: f"we are choosing between {m['list']}. {m['pick'].capitalize()}", text)
    text = _BOTH_QUESTION.sub(_question_as_overlap, text).strip()
    return _BOTH_THEN_PICK.sub(_ranked, text)
