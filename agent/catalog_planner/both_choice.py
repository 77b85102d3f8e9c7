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


def rank_both_choice(text: str) -> str:
    """Return the text with "when someone qualifies for both A and B, send A" as "A goes before B", and "either A
    or B — pick A" as a choice between the two followed by the pick."""
    text = _EITHER.sub(lambda m: f"we are choosing between {m['list']}. {m['pick'].capitalize()}", text)
    return _BOTH_THEN_PICK.sub(_ranked, text)
