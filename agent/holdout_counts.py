"""Read "how many users are in the global control group?" or "how many are held out of the upgrade nudge?" and
answer from the latest completed run's decisions.

How many a run kept out is what it decided, not what a spec says: a planner read "the global control group" as
an audience phrase and "held out" as a trait, and refused both. The answer counts the latest run's `holdout`
decisions per rule and its `control` users once each, beside the shares that run planned.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.rule_audience import RULE_NAME
from agent.types import QuestionAnswer
from orchestrator.describe import describe_share
from tools.run_holdouts import HeldOut, RuleHeldOut

_WHO = r"(?:how\s+many(?:\s+(?:users|people|customers|members|ppl|folks))?|what\s+(?:number|share)\s+of\s+(?:users|people))"
_BE = r"(?:are|were|is|r|got|get|have\s+been|did\s+we)"
_WHEN = r"(?:\s+(?:in\s+)?(?:the\s+)?(?:last|latest|most\s+recent|previous)\s+run|\s+(?:right\s+)?now|\s+today)?"
_CONTROL = r"(?:the\s+|our\s+)?(?:global\s+|universal\s+)?control(?:\s+group)?"
_HOLD = r"(?:held\s+out|in\s+(?:the\s+)?holdout|holdouts?)"
_END = rf"{_WHEN}\s*[?.!]*\s*$"
_ASKS_CONTROL = [
    re.compile(rf"^\s*{_WHO}\s+{_BE}\s+in\s+{_CONTROL}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:how\s+(?:big|large)\s+(?:is|was)|what(?:'s|\s+is)\s+the\s+size\s+of|who(?:'s|\s+is)\s+in|"
               rf"size\s+of)\s+{_CONTROL}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:is\s+there|do\s+we\s+have|did\s+we\s+(?:have|keep))\s+an?\s+(?:global\s+|universal\s+)?control"
               rf"(?:\s+group)?{_END}", re.IGNORECASE),
]
_ASKS_HOLDOUT = [
    # "how many are held out of the upgrade nudge?", "how many users were in the holdout for the nudge last run?"
    re.compile(rf"^\s*{_WHO}\s+{_BE}\s+{_HOLD}(?:\s+(?:of|from|for|in|by|on)\s+{RULE_NAME})?{_END}", re.IGNORECASE),
    # "how many did the upgrade nudge hold out?"
    re.compile(rf"^\s*{_WHO}\s+(?:did|does|do)\s+{RULE_NAME}\s+(?:hold\s+out|holdout|hold\s+back|withhold){_END}",
               re.IGNORECASE),
    # "how big is the holdout of the nudge?", "how big was the upgrade nudge's holdout last run?"
    re.compile(rf"^\s*(?:how\s+(?:big|large)\s+(?:is|was|are|were)|what\s+(?:is|was)\s+the\s+size\s+of)\s+(?:the\s+)?"
               rf"holdouts?(?:\s+(?:of|for|in|on)\s+{RULE_NAME})?{_END}", re.IGNORECASE),
    re.compile(rf"^\s*how\s+(?:big|large)\s+(?:is|was)\s+{RULE_NAME}(?:'s|s')\s+holdout{_END}", re.IGNORECASE),
]


_RUN_NAMED = re.compile(r"(?:last|latest|most\s+recent|previous)\s+run", re.IGNORECASE)


class HoldoutAsk(BaseModel):
    """What a holdout question asks: the global control group, or the holdout of the rule words name (None: every rule)."""

    control: bool = False
    name: str | None = None
    of_run: bool = False  # a run was named ("last run"): not a draft's holdout, though one is on the table


def asks_held_out(prompt: str) -> HoldoutAsk | None:
    """Return what a question about who a run kept out asks, else None (a named rule is checked later)."""
    if any(p.match(prompt) for p in _ASKS_CONTROL):
        return HoldoutAsk(control=True)
    for pattern in _ASKS_HOLDOUT:
        if (m := pattern.match(prompt)) is not None:
            name = (m.groupdict().get("name") or "").strip()
            if _RUN_NAMED.fullmatch(name):
                name = ""  # "held out in the last run": the run, no rule
            return HoldoutAsk(name=name or None, of_run=re.search(r"\brun\b", prompt, re.IGNORECASE) is not None)
    return None


COLUMNS = ["rule", "policy", "holdout share", "held out", "in the control group", "decisions"]


def _row(rule: RuleHeldOut) -> list[object]:
    return [rule.rule_id, rule.policy_id or "-", describe_share(rule.holdout_share), rule.holdout, rule.control,
            rule.decided]


def held_out_answer(held: HeldOut, control: bool, rule_ids: list[str] | None) -> QuestionAnswer:
    """Return who the latest run kept out: the control group, or the holdouts of `rule_ids` (None: every rule)."""
    shown = [r for r in held.rules if rule_ids is None or r.rule_id in rule_ids]
    run = f"the latest run, {held.run_id} (as of {held.as_of:%Y-%m-%d %H:%M})"
    notes = ["held out: eligible users the rule kept from its message to measure lift (`mcc measure` compares them); "
             "the control group gets no marketing message from any rule",
             "mcc explain USER_ID says why one user was held out"]
    if control:
        if held.control_users:
            question = (f"The global control group in {run}: {held.control_users:,} user(s), at a share of "
                        f"{describe_share(held.control_share)}; each rule's row counts those of them in its audience")
        else:
            question = (f"The global control group in {run} is empty: the run's control group share was "
                        f"{describe_share(held.control_share)} (a policy's control_group_share sets one); the rules "
                        f"held out {sum(r.holdout for r in held.rules):,} user(s) of their own")
    elif len(shown) == 1:
        rule = shown[0]
        question = (f"{rule.rule_id} held out {rule.holdout:,} user(s) in {run}, at a holdout share of "
                    f"{describe_share(rule.holdout_share)}, of {rule.decided:,} decision(s)"
                    + (f"; {rule.control:,} more were in the global control group" if rule.control else ""))
    else:
        question = (f"The holdouts of {len(shown)} rule(s) in {run}: {sum(r.holdout for r in shown):,} user decision(s) "
                    f"held out" + (f", and {held.control_users:,} user(s) in the global control group"
                                   if held.control_users else ""))
    return QuestionAnswer(question=question, sql="", columns=COLUMNS, rows=[_row(r) for r in shown], notes=notes)
