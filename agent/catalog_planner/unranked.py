"""Refuse a decision prompt that asks for programs with no order between them ("run A and B in parallel, with
no priority", "give them equal priority"): a policy sends each person the highest-ranked program they qualify
for, so an order is always chosen. The refusal says so and how to ask (the words were refused one by one as
conditions: "I could not express: 'no'; 'parallel'")."""

from __future__ import annotations

import re

from agent.types import Refusal

_UNRANKED = re.compile(
    r"\b(?:in parallel|(?:with|at|given)\s+(?:no|equal|the same)\s+priority|"
    r"no priority (?:between|among|order)|(?:give|make)\s+(?:them|both|all|these|all of them)\s+(?:equal|the same)\s+"
    r"(?:priority|rank|weight)|(?:equally|both) (?:important|prioriti[sz]ed)|neither (?:one )?(?:wins|should win|"
    r"takes priority|outranks))\b",
    re.IGNORECASE,
)

_REASON = (
    "The prompt asks for no order between the programs ({said}), but a policy sends each person the highest-ranked "
    "program they qualify for, so one always wins. Say which should win when someone qualifies for more than one "
    "(\"A ranks above B\"), or ask \"which should win?\" and I will propose an order and say why; programs whose "
    "people never overlap can also be drafted as rules of their own."
)


def refuse_unranked(prompt: str) -> Refusal | None:
    """Return a refusal explaining that a policy ranks its programs when the prompt asks for no order, else None."""
    m = _UNRANKED.search(prompt)
    if m is None:
        return None
    return Refusal(reason=_REASON.format(said=f'"{m.group(0)}"'), unmatched_phrases=[m.group(0)])
