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

_NAME = r"(?:the\s+|our\s+)?(?P<name>[\w\s-]+?)(?:'s|s')?"
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


def audience_answer(spec: Rule | Policy, rule_id: str, preview: dict[str, Any]) -> QuestionAnswer:
    """Return the preview of a running spec as a table: its rules (the one named, when it is a rule of a policy)."""
    rules = [r for r in preview.get("rules", []) if isinstance(r, dict)]
    shown = [r for r in rules if r.get("rule_id") == rule_id] or rules
    rows = [[r["rule_id"], r["priority"], r["size"], f"{float(r['share']):.1%}", r["eligible"],
             r["holdout"]["expected_treatment"], r["holdout"]["expected_holdout"],
             round(float(r["sends"]["sends_per_day"])), ", ".join(r["sample_user_ids"])] for r in shown]
    whose = f"{rule_id} ({spec.kind} {spec.id})" if rule_id != spec.id else f"{spec.id} ({spec.kind})"
    notes = ["eligible: the audience less suppressions and stop conditions; the holdout gets nothing, to measure lift",
             f"mcc preview {spec.id} adds the breakdown by platform, country and state, overlaps with the other "
             "rules and the audience SQL"]
    return QuestionAnswer(question=f"The audience of {whose}, the approved version that runs, as of "
                                   f"{preview.get('as_of')}: {int(preview.get('base') or 0):,} users in the base",
                          sql=str(preview.get("audience_sql") or ""), columns=COLUMNS, rows=rows, notes=notes)
