"""Read a yes/no question about whether anyone did something, or about the size of people described, as the count
that answers it.

"Did anyone get more than 3 messages this week?", "has anyone completed 10 workouts?", "are there any users with
3 open tickets?", "is there anyone on Android who viewed pricing 5 times?" ask whether the count is above zero: a
data question. Their opening words read as an audience, so each was drafted as a rule. Rewritten as "how many
users …?", the question planner counts them, and the count answers yes or no.
"""

from __future__ import annotations

import re

_WHO = r"(?:any(?:one|body)|any\s+(?:of\s+(?:our|the)\s+)?(?:users|people|customers|members|subscribers))"
_PEOPLE = r"(?:users|people|customers|members|subscribers)"
_OPENINGS = [
    # "did anyone get …", "has anybody completed …", "do any of our users have …"
    (re.compile(rf"^\s*(?:did|have|has|do|does)\s+{_WHO}\s+(?P<rest>\S.*)$", re.IGNORECASE), "how many users {rest}"),
    # "are there any users with …", "is there anyone on Android who …"
    (re.compile(rf"^\s*(?:is|are)\s+there\s+(?:{_WHO}|users|people)\s+(?P<rest>\S.*)$", re.IGNORECASE), "how many users {rest}"),
    # "is anyone at risk …"
    (re.compile(rf"^\s*(?:is|are)\s+{_WHO}\s+(?P<rest>\S.*)$", re.IGNORECASE), "how many users are {rest}"),
    # "any users in Brazil who subscribed?" (a question mark makes it one)
    (re.compile(r"^\s*any\s+(?:users|people|customers)\s+(?P<rest>\S.*\?)\s*$", re.IGNORECASE), "how many users {rest}"),
    # the size of people described, no rule named: "how big is the audience of users who viewed pricing twice?",
    # "what's the size of the segment of people with …", "preview users who …" (the size is what a preview leads with)
    (re.compile(rf"^\s*(?:how\s+(?:big|large)\s+(?:is|would\s+be)|what(?:'s|\s+is|\s+would\s+be)\s+the\s+size\s+of)\s+"
                rf"(?:the|an?)\s+(?:audience|segment|group)\s+(?:of|for)\s+{_PEOPLE}\s+(?P<rest>\S.*)$", re.IGNORECASE),
     "how many users {rest}"),
    (re.compile(rf"^\s*(?:please\s+)?preview\s+(?:the\s+)?(?:(?:audience|segment)\s+(?:of|for)\s+)?"
                rf"(?P<rest>(?:[\w-]+\s+){{0,3}}?{_PEOPLE}\b.*)$", re.IGNORECASE), "how many {rest}"),
]


def as_count_question(prompt: str) -> str:
    """Return a yes/no question about whether anyone did something as "how many users …?"; other prompts as they are."""
    for pattern, shape in _OPENINGS:
        if (m := pattern.match(prompt)) is not None:
            return shape.format(rest=m.group("rest").strip())
    return prompt
