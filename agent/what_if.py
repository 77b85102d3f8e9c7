"""Read "how many people would the upgrade nudge reach if we dropped the pricing condition?" and answer with the
preview of the running rule changed so, beside the preview of the rule as it runs.

A what-if names a running rule and one change to it (drop a condition, keep only some people, add one); the
change is said as the reviser reads a change to a draft ("drop the pricing condition", "only android users"),
applied to a copy of the approved spec, and both are previewed. Nothing is drafted or proposed: the answer
says how the copy differs, and how to make it a draft ("create a rule like the upgrade nudge but ...").
A planner refused these (no trait is called "condition") or drafted a new rule from them.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from agent.types import QuestionAnswer

_NAME = r"(?!(?:we|i|you|they|it)\b)(?:the\s+|our\s+)?(?P<name>[\w\s-]+?)(?:'s|s')?"
_REACH = r"(?:reach|target|hit|include|cover|go\s+to|send\s+to|message|have|be|get)"
_IF = r"(?:if|when|once)\s+(?:we|i|you|it|they)\s+(?:just\s+|only\s+)?"
_CHANGE = r"(?P<change>.+?)"
_END = r"\s*[?.!]*\s*$"
# the question and where its rule and its change are said
_ASKS = [
    # "how many people would the upgrade nudge reach if we dropped the pricing condition?"
    re.compile(rf"^\s*(?:how\s+many(?:\s+(?:users|people|ppl|customers))?|who)\s+(?:would|will|could)\s+{_NAME}\s+{_REACH}"
               rf"(?:\s+then)?\s*,?\s+(?:{_IF}|without\s+){_CHANGE}{_END}", re.IGNORECASE),
    # "how big would the nudge's audience be without the pricing condition?"
    re.compile(rf"^\s*(?:how\s+(?:big|large)|what\s+size)\s+would\s+{_NAME}(?:\s+(?:audience|segment|reach))?\s+be"
               rf"\s*,?\s+(?:{_IF}|without\s+){_CHANGE}{_END}", re.IGNORECASE),
    # "what if we dropped the pricing condition from the upgrade nudge?"
    re.compile(rf"^\s*(?:what|how\s+many(?:\s+(?:users|people))?)\s+if\s+(?:we|i|you)\s+{_CHANGE}\s+(?:from|of|in|on|to)\s+"
               rf"{_NAME}(?:\s+(?:rule|policy|audience))?{_END}", re.IGNORECASE),
    # "if we dropped the pricing condition, how many would the upgrade nudge reach?"
    re.compile(rf"^\s*{_IF}{_CHANGE}\s*,\s*(?:how\s+many(?:\s+(?:users|people))?|who)\s+(?:would|will)\s+{_NAME}\s+{_REACH}"
               rf"{_END}", re.IGNORECASE),
    # "what if the upgrade nudge didn't require pricing views?", "what if the nudge were android only?"
    re.compile(rf"^\s*what\s+if\s+{_NAME}\s+(?P<verb>didn'?t\s+require|did\s+not\s+require|didn'?t\s+need|did\s+not\s+need|"
               rf"dropped|ignored|skipped|were|was|only\s+targeted|targeted\s+only){_CHANGE}{_END}", re.IGNORECASE),
    # "preview the upgrade nudge without the pricing condition"
    re.compile(rf"^\s*(?:preview|size\s+up)\s+{_NAME}\s+(?:without|minus)\s+{_CHANGE}{_END}", re.IGNORECASE),
]
# a change said as an act, and the words the reviser reads it in
_DROP = re.compile(r"^(?:dropped|drop|removed|remove|took\s+out|take\s+out|got\s+rid\s+of|deleted|delete|ignored|ignore|"
                   r"skipped|skip|didn'?t\s+require|did\s+not\s+require|didn'?t\s+need|did\s+not\s+need|no\s+longer\s+"
                   r"required|stopped\s+requiring|without|minus|lose|lost)\s+(?:the\s+)?(?P<what>.+?)"
                   r"(?:\s+(?:condition|requirement|check|filter|criterion|criteria|clause|part|bit|rule))?(?:\s+from\s+it)?$",
                   re.IGNORECASE)
_ONLY = re.compile(r"^(?:only\s+targeted|targeted(?:\s+only)?|targeting|limited\s+it\s+to|restricted\s+it\s+to|kept\s+only|only\s+sent\s+"
                   r"(?:it\s+)?to|only\s+kept|only\s+included|added|add|required|require|were\s+only\s+for|was\s+only\s+for|"
                   r"were|was|made\s+it)\s+(?:a\s+condition\s+(?:for|on|that)\s+)?(?:only\s+)?(?P<what>.+?)$", re.IGNORECASE)
_TRAILING_ONLY = re.compile(r"^(?P<what>[\w\s-]+?)\s+only$", re.IGNORECASE)


class WhatIf(BaseModel):
    """A what-if on a running rule: the words naming it, and the change said as a change to a draft."""

    name: str
    change: str


def _as_change(verb: str, said: str) -> str | None:
    """Return the change in the words a draft's reviser reads ("drop the pricing condition", "only android users")."""
    text = " ".join(f"{verb} {said}".split()).strip(" ,")
    if (m := _DROP.match(text)) is not None:
        return f"drop the {m.group('what')} condition"
    if (m := _ONLY.match(text)) is not None:
        what = m.group("what")
        what = _TRAILING_ONLY.sub(r"\g<what>", what)
        return f"only {what}" if re.search(r"\b(?:users|people|customers|subscribers)\b", what, re.IGNORECASE) \
            else f"only {what} users"
    if (m := _TRAILING_ONLY.match(text)) is not None:
        return f"only {m.group('what')} users"
    return None


def read_what_if(prompt: str) -> WhatIf | None:
    """Return the rule words and the change a what-if question names, else None (the name is checked later)."""
    for pattern in _ASKS:
        if (m := pattern.match(prompt)) is None:
            continue
        found = m.groupdict()
        verb = found.get("verb") or ""
        change = found["change"]
        if not verb and re.search(r"\bwithout\s+" + re.escape(change) + r"\W*$", prompt, re.IGNORECASE):
            verb = "without"
        said = _as_change(verb, change)
        if said is not None:
            return WhatIf(name=found["name"].strip(), change=said)
    return None


COLUMNS = ["rule", "as it runs", "with the change", "difference"]


def _figures(preview: dict[str, Any], rule_id: str) -> dict[str, int]:
    rules = [r for r in preview.get("rules", []) if isinstance(r, dict)]
    row = next((r for r in rules if r.get("rule_id") == rule_id), rules[0] if rules else {})
    holdout = row.get("holdout") or {}
    return {"audience": int(row.get("size") or 0), "eligible": int(row.get("eligible") or 0),
            "treatment": int(holdout.get("expected_treatment") or 0), "holdout": int(holdout.get("expected_holdout") or 0)}


def what_if_answer(spec_id: str, rule_id: str, changes: list[str], running: dict[str, Any],
                   changed: dict[str, Any]) -> QuestionAnswer:
    """Return the running rule's figures beside the changed copy's, with what the change is, in words."""
    before, after = _figures(running, rule_id), _figures(changed, rule_id)
    rows = [[f"{rule_id}: {key}", before[key], after[key], f"{after[key] - before[key]:+,}"] for key in before]
    delta = after["audience"] - before["audience"]
    question = (f"{rule_id} would reach {after['audience']:,} user(s) with that change, {delta:+,} against the "
                f"{before['audience']:,} it reaches as it runs (as of {changed.get('as_of')}); nothing was drafted "
                f"or proposed")
    notes = [f"the change: {'; '.join(changes)}",
             f"to make it a draft: 'create a rule like {spec_id} but ...' (then propose it for review); the running "
             f"rule is not changed",
             f"mcc preview {spec_id} breaks the running audience down by platform, country and state"]
    return QuestionAnswer(question=question, sql=str(changed.get("audience_sql") or ""), columns=COLUMNS, rows=rows,
                          notes=notes)
