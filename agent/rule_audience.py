"""Read "who is in the upgrade nudge's audience?" and answer it with the preview of the rule that runs.

"Preview the upgrade nudge", "how many people does trial_policy reach?", "show me users in the second workout
audience" name a rule that already exists; a planner drafted a new rule from them ("preview_upgrade_nudge", for
anyone who ever subscribed). The name must be an active rule or policy (or a rule of an active policy): anything
else goes on to its own path ("who is in the audience of users who viewed pricing?" is a draft to make).
"""

from __future__ import annotations

import re
from typing import Any

from agent.draft_questions import rule_named
from agent.types import QuestionAnswer
from orchestrator.spec import Policy, Rule

# the words naming a rule ("the upgrade nudge", "trial_policy"), checked against what runs by `running_spec`
RULE_NAME = r"(?:the\s+|our\s+)?(?P<name>[\w\s-]+?)"
_NAME = rf"{RULE_NAME}(?:'s|s')?"
_END = r"\s*(?:now|today|right now|at the moment)?\s*[?.!]*\s*$"
_ASKS = [
    re.compile(rf"^\s*(?:please\s+)?(?:preview|size\s+up)\s+{_NAME}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:show(?:\s+me)?|give\s+me|list|what\s+is|what's)\s+(?:the\s+)?(?:audience|reach|size)\s+of\s+{_NAME}"
               rf"(?:\s+(?:rule|policy|campaign))?{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:who(?:'s|\s+is|\s+are)?|which\s+(?:users|people)\s+are|how\s+many\s+(?:users|people)\s+are)\s+in\s+"
               rf"{_NAME}\s+(?:audience|segment){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:who|how\s+many\s+(?:users|people)?)\s+(?:does|would|will|do)\s+{_NAME}\s+"
               rf"(?:reach|target|hit|go\s+to|send\s+to|message){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:show(?:\s+me)?|give\s+me|list)\s+(?:\d+\s+|some\s+|a\s+few\s+)?(?:sample\s+)?(?:users|people)\s+"
               rf"(?:in|from)\s+{_NAME}\s+(?:audience|segment){_END}", re.IGNORECASE),
    re.compile(rf"^\s*how\s+(?:big|large)\s+is\s+{_NAME}\s+(?:audience|segment){_END}", re.IGNORECASE),
]


_EVERY = re.compile(
    r"^\s*(?:which|what)\s+(?:rules?|polic(?:y|ies)|programs?|campaigns?)\s+(?:has|have|reach(?:es)?|targets?)\s+the\s+"
    r"(?:biggest|largest|smallest|most|fewest|widest|narrowest)(?:\s+(?:audiences?|reach|people|users))?"
    r"|^\s*(?:rank|sort|order|compare)\s+(?:our\s+|the\s+|all\s+(?:the\s+)?|every\s+)?(?:running\s+)?(?:rules?|polic(?:y|ies)|programs?|"
    r"campaigns?)\s+by\s+(?:(?:their\s+)?audience(?:\s+size)?|reach|size)"
    r"|^\s*how\s+(?:big|large)\s+are\s+(?:our|the|all\s+the)\s+(?:rules?|programs?|campaigns?)(?:'|'s)?\s+audiences"
    r"|^\s*(?:show(?:\s+me)?|list|what\s+are)\s+(?:the\s+)?audience\s+sizes?\s+(?:of|for)\s+"
    r"(?:(?:all|our|every|the|running)\s+)*(?:rules?|programs?|campaigns?)",
    re.IGNORECASE,
)


def asks_every_audience(prompt: str) -> bool:
    """Return whether a prompt asks for the audiences of every running rule ("which rule has the biggest audience?")."""
    return _EVERY.match(prompt.rstrip(" ?.!")) is not None


def asks_rule_audience(prompt: str) -> str | None:
    """Return the name a prompt asks the audience of, else None (the name is not checked here)."""
    for pattern in _ASKS:
        if (m := pattern.match(prompt)) is not None:
            return m.group("name").strip()
    return None


def running_spec(name: str, active: list[Rule | Policy]) -> tuple[Rule | Policy, str] | None:
    """Return (the active spec, the rule id) a name says: a spec's id, or a rule of an active policy, else None."""
    ids = {spec.id: (spec, spec.id) for spec in active}
    ids |= {rule.id: (spec, rule.id) for spec in active if isinstance(spec, Policy) for rule in spec.rules}
    found = rule_named(name, list(ids))
    return ids[found] if found is not None else None


COLUMNS = ["rule", "priority", "audience", "share", "eligible", "treatment", "holdout", "sends/day", "sample users"]


def _row(r: dict[str, Any]) -> list[Any]:
    return [r["rule_id"], r["priority"], r["size"], f"{float(r['share']):.1%}", r["eligible"],
            r["holdout"]["expected_treatment"], r["holdout"]["expected_holdout"],
            round(float(r["sends"]["sends_per_day"])), ", ".join(r["sample_user_ids"])]


def every_audience_answer(previews: list[dict[str, Any]]) -> QuestionAnswer:
    """Return every running rule's audience, largest first, from the previews of the running specs."""
    rules = sorted((r for p in previews for r in p.get("rules", []) if isinstance(r, dict)),
                   key=lambda r: (-int(r["size"]), r["rule_id"]))
    base = int(previews[0].get("base") or 0) if previews else 0
    largest = f"; the largest is {rules[0]['rule_id']} ({int(rules[0]['size']):,} users)" if rules else ""
    return QuestionAnswer(
        question=f"The audiences of the {len(rules)} running rule(s), largest first, out of {base:,} users{largest}",
        sql="", columns=COLUMNS, rows=[_row(r) for r in rules],
        notes=["audience: who matches; eligible: less suppressions and stop conditions; a user in several rules gets "
               "only the highest-priority one's message (mcc run --dry-run counts who wins)"])


def audience_answer(spec: Rule | Policy, rule_id: str, preview: dict[str, Any]) -> QuestionAnswer:
    """Return the preview of a running spec as a table: its rules (the one named, when it is a rule of a policy)."""
    rules = [r for r in preview.get("rules", []) if isinstance(r, dict)]
    shown = [r for r in rules if r.get("rule_id") == rule_id] or rules
    rows = [_row(r) for r in shown]
    whose = f"{rule_id} ({spec.kind} {spec.id})" if rule_id != spec.id else f"{spec.id} ({spec.kind})"
    notes = ["eligible: the audience less suppressions and stop conditions; the holdout gets nothing, to measure lift",
             f"mcc preview {spec.id} adds the breakdown by platform, country and state, overlaps with the other "
             "rules and the audience SQL"]
    return QuestionAnswer(question=f"The audience of {whose}, the approved version that runs, as of "
                                   f"{preview.get('as_of')}: {int(preview.get('base') or 0):,} users in the base",
                          sql=str(preview.get("audience_sql") or ""), columns=COLUMNS, rows=rows, notes=notes)
