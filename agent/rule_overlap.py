"""Read "how many users are in both the nudge and the trial policy?" and answer from the preview's overlaps.

Two running rules (or a rule and a policy's rules) share people when both audiences hold them; the preview of one
counts its overlap with every other running rule, as `mcc preview` shows it. A planner refused these ("'policy'
is no catalog trait") or counted something else.
"""

from __future__ import annotations

import re
from typing import Any

from agent.types import QuestionAnswer

_NAMES = r"(?:the\s+|our\s+)?(?P<a>[\w\s-]+?)\s+(?:and|&|vs\.?|versus|with)\s+(?:the\s+|our\s+)?(?P<b>[\w\s-]+?)"
_END = r"(?:\s+audiences?)?\s*[?.!]*\s*$"
_ASKS = [
    re.compile(rf"^\s*how\s+many(?:\s+(?:users|people|customers))?\s+(?:are\s+in|qualify\s+for|match|are\s+eligible\s+for|"
               rf"fall\s+in(?:to)?|would\s+get)\s+both\s+{_NAMES}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:what(?:'s|\s+is)|show(?:\s+me)?)\s+(?:the\s+)?overlap\s+(?:between|of)\s+{_NAMES}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*how\s+(?:much|many\s+users)\s+do\s+{_NAMES}\s+(?:overlap|share){_END}", re.IGNORECASE),
    re.compile(rf"^\s*do\s+{_NAMES}\s+overlap{_END}", re.IGNORECASE),
]


def asks_overlap(prompt: str) -> tuple[str, str] | None:
    """Return the words naming the two rules a question asks the shared people of, else None (checked later)."""
    for pattern in _ASKS:
        if (m := pattern.match(prompt)) is not None:
            return m.group("a").strip(), m.group("b").strip()
    return None


def overlap_answer(rule_a: str, rules_b: list[str], preview: dict[str, Any]) -> QuestionAnswer:
    """Return the people `rule_a` shares with each of `rules_b`, from the preview of `rule_a`'s spec."""
    row = next((r for r in preview.get("rules", []) if isinstance(r, dict) and r.get("rule_id") == rule_a), {})
    overlaps = {str(o["rule_id"]): o for o in row.get("overlaps") or []}
    rows = [[rule_a, b, int(overlaps[b]["users"]), f"{float(overlaps[b]['share']):.1%}"] for b in rules_b if b in overlaps]
    unmeasured = [b for b in rules_b if b not in overlaps]
    size = int(row.get("size") or 0)
    shared = sum(int(overlaps[b]["users"]) for b in rules_b if b in overlaps)
    summed = " (each rule's count summed: one user may be in several)" if len(rows) > 1 else ""
    question = (f"{rule_a} ({size:,} users) shares {shared:,} user(s) with {', '.join(rules_b)}{summed}, as of "
                f"{preview.get('as_of')}" if rows else f"{rule_a}'s preview counts no overlap with {', '.join(rules_b)}")
    notes = ["a user in both gets only the message of the higher priority one (1 is the highest), under the caps; "
             f"mcc preview {preview.get('spec_id')} shows every overlap"]
    if unmeasured:
        notes.append(f"not counted: {', '.join(unmeasured)} (a rule of the same policy as {rule_a}: the policy's order "
                     "decides between them)")
    return QuestionAnswer(question=question, sql="", columns=["rule", "with", "users in both", f"share of {rule_a}"],
                          rows=rows, notes=notes)
