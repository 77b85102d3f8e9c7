"""Read "If a user is both trial and at-risk, they get A rather than B" ("When a user is trial and at-risk at the
same time, A wins over B") as two programs, A ranked over B.

The sentence names two groups of people and says which program wins where they overlap: each program keeps
its own people and A ranks first. Which group is whose comes from the prompt (another sentence saying "A
for at-risk users") or from the programs' labels: a label sharing a word with a group ("the trial upgrade
nudge"), or naming a goal over the same catalog entries ("upgrade" converts trials: `subscription_status`).
When neither says, the planner refuses, naming the two programs and the two groups.
"""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.goals import read_goal
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import condition_names
from agent.catalog_planner.program_labels import clean_label, same_label
from agent.catalog_planner.programs import read_programs
from agent.catalog_planner.text import content_stems
from agent.types import Refusal
from warehouse.catalog import Catalog

_WHO = r"(?:a user|someone|anyone|users|people|a member|members|a customer|customers|they|a person|somebody)"
_GIVES = (
    r"(?:(?:then\s+)?(?:they|them|he or she)\s+)?(?:(?:should|must|will|would|can)\s+)?(?:only\s+)?"
    r"(?:gets?|receives?|sees?|hears? about|goes? (?:in)?to|enters?|(?:is|are) (?:sent|given))\s+|"
    r"(?:then\s+)?(?:send|give|show|route|put)\s+(?:them|him or her)\s+(?:(?:in)?to\s+)?"
)
_OVER = r"(?:rather than|instead of|over|ahead of|before|above|not|and not|but not)"
_WINS_OVER = (
    r"(?:wins? over|beats?|outranks?|takes? precedence over|(?:should|must|will)\s+(?:win over|beat|outrank)|"
    r"(?:goes|comes|should go|should come)\s+(?:before|ahead of))"
)
# "If a user is both trial and at-risk, they get A rather than B"; "Users who are both X and Y get A, not B";
# "When a user is X and Y at the same time, A wins over B"
OVERLAP_PICK = re.compile(
    rf"(?:\b(?:if|when|whenever|where)\s+{_WHO}\s+(?:is|are|(?:is|are) currently)\s+|\b{_WHO}\s+(?:who|that)\s+(?:is|are)\s+)"
    r"(?:both\s+(?P<x>[^,;.!?]+?)\s+and\s+(?P<y>[^,;.!?]+?)|(?P<x2>[^,;.!?]+?)\s+and\s+(?P<y2>[^,;.!?]+?)\s+"
    r"(?:at the same time|at once|simultaneously))\s*,?\s+"
    rf"(?:(?:{_GIVES})(?P<a>[^,;.!?]+?)\s*,?\s+{_OVER}\s+(?P<b>[^,;.!?]+?)|(?P<a2>[^,;.!?]+?)\s+{_WINS_OVER}\s+"
    r"(?P<b2>[^,;.!?]+?))(?=\s*[.;!?]|\s*$)",
    re.IGNORECASE,
)
_PEOPLE_WORD = re.compile(r"\s+(?:users?|people|customers|members|subscribers|ones)\s*$", re.IGNORECASE)


def _catalog_names(text: str, people: bool, catalog: Catalog, lexicon: Lexicon) -> set[str]:
    """Return the catalog entries a group of people, or a program's goal, reads."""
    if people:
        conditions = parse_conditions(text, catalog, lexicon).conditions
    else:
        goal = read_goal(text, catalog, lexicon, [])
        conditions = [*goal.audience, *(s.condition for s in goal.stops)]
    return set().union(*(condition_names(c) for c in conditions))


def _fits(label: str, people: str, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return True when a program's label speaks of a group: a word in common, the same catalog entries, or a
    word of the entry the group reads ("upgrade nudge" and "high-intent", read as `upgrade_intent`)."""
    said = set(content_stems(label))
    if said & set(content_stems(_PEOPLE_WORD.sub("", people))):
        return True
    entries = _catalog_names(people, True, catalog, lexicon)
    if said & set(content_stems(" ".join(e.replace("_", " ") for e in entries))):
        return True
    return bool(_catalog_names(label, False, catalog, lexicon) & entries)


def _said_people(prompt: str, a: str, b: str) -> bool:
    """Return True when the rest of the prompt gives both programs their people ("A for at-risk users")."""
    reading = read_programs(prompt)
    if reading is None:
        return False
    own = [p for p in reading.programs if p.audience]
    return all(any(same_label(p.label, label) for p in own) for label in (a, b))


def _people(group: str) -> str:
    """Return a group as people: "at-risk" → "at-risk users"."""
    return group if _PEOPLE_WORD.search(group) else f"{group} users"


def rank_overlap_pick(text: str, catalog: Catalog, lexicon: Lexicon) -> str | Refusal:
    """Return the text with "if a user is both X and Y, they get A rather than B" as "A for <its people> ranks
    above B for <its people>" (or "A ranks above B" when another sentence gives their people); a refusal naming
    the programs when nothing says whose people are whose."""
    m = OVERLAP_PICK.search(text)
    if m is None:
        return text
    a, b = clean_label(m["a"] or m["a2"]), clean_label(m["b"] or m["b2"])
    rest = text[: m.start()] + text[m.end() :]
    if _said_people(rest, a, b):
        return f"{text[: m.start()]}{a} ranks above {b}{text[m.end() :]}"
    x, y = (m["x"] or m["x2"]).strip(), (m["y"] or m["y2"]).strip()
    fits = {(label, group): _fits(label, group, catalog, lexicon) for label in (a, b) for group in (x, y)}
    straight = fits[(a, x)] + fits[(b, y)]
    crossed = fits[(a, y)] + fits[(b, x)]
    if straight == crossed:
        return Refusal(
            reason=(
                f"I could not tell which of '{x}' and '{y}' the {a} is for and which the {b}: say it ('the {a} "
                f"for {_people(x)}, the {b} for {_people(y)}') and ask again."
            ),
            unmatched_phrases=[a, b],
            suggestions=[f"the {a} for {_people(x)}", f"the {b} for {_people(y)}"],
        )
    people_a, people_b = (x, y) if straight > crossed else (y, x)
    ranked = f"{a} for {_people(people_a)} ranks above {b} for {_people(people_b)}"
    return f"{text[: m.start()]}{ranked}{text[m.end() :]}"
