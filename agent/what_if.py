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
from orchestrator.describe import describe_share
from orchestrator.spec import AllOf, Condition, EventCondition, Policy, Rule, TraitCondition

_NAME = r"(?!(?:we|i|you|they|it)\b)(?:the\s+|our\s+)?(?P<name>[\w\s-]+?)(?:'s|s')?"
_REACH = r"(?:reach|target|hit|include|cover|go\s+to|send\s+to|message|have|be|get)"
_IF = r"(?:if|when|once)\s+(?:we|i|you|it|they)\s+(?:just\s+|only\s+|also\s+)?"
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
    re.compile(rf"^\s*what\s+(?:if|(?:would|will)\s+happen\s+if|happens\s+if)\s+{_NAME}\s+(?P<verb>didn'?t\s+require|"
               rf"did\s+not\s+require|didn'?t\s+need|did\s+not\s+need|dropped|ignored|skipped|were|was|only\s+targeted|"
               rf"targeted(?:\s+only)?|also\s+required|required|only\s+went\s+to|went\s+only\s+to){_CHANGE}{_END}",
               re.IGNORECASE),
    # "preview the upgrade nudge without the pricing condition"
    # "what if we sent the nudge by push instead?"
    re.compile(rf"^\s*what\s+(?:if|(?:would|will)\s+happen\s+if)\s+(?:we|i|you)\s+(?P<verb>sen[dt])\s+{_NAME}\s+"
               rf"{_CHANGE}{_END}", re.IGNORECASE),
    # "preview the upgrade nudge without the pricing condition", "(could we) see the nudge audience for iOS users only"
    re.compile(rf"^\s*(?:preview|size\s+up|see|show(?:\s+me)?|get)\s+{_NAME}(?:\s+(?:audience|segment|reach))?\s+"
               rf"(?P<verb>without|minus|for|among)\s+{_CHANGE}{_END}", re.IGNORECASE),
]
# the running audience asked of some people only ("how many users in the nudge audience are on iOS?"): the rule kept to
# them, beside it as it runs
_AUDIENCE = r"(?:audience|segment)"
_KEPT = [
    re.compile(rf"^\s*how\s+many(?:\s+(?:users|people|customers))?\s+(?:are\s+)?in\s+{_NAME}\s+{_AUDIENCE}\s+(?:are\s+|is\s+)?"
               rf"(?P<people>(?:on|in|from|among|with|who|that|have|has)\s+.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:how\s+many|what\s+(?:share|percent(?:age)?|fraction|proportion|part))\s+of\s+{_NAME}\s+{_AUDIENCE}\s+"
               rf"(?:are|is|have|has|live|lives)\s+(?P<people>.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:what(?:'s|\s+is)|how\s+(?:big|large)\s+is|show(?:\s+me)?|size\s+up|preview)\s+{_NAME}\s+{_AUDIENCE}\s+"
               rf"(?P<people>(?:on|in|for|among|from)\s+.+?){_END}", re.IGNORECASE),
]
_LEAD = re.compile(r"^(?:(?:for|of|on|in|among|with|from|just|only|to)\s+)+", re.IGNORECASE)
_PEOPLE = re.compile(r"\b(?:users|people|customers|subscribers|members)\b", re.IGNORECASE)


def people_change(part: str) -> str:
    """Return people said after a rule as a change a reviser reads ("on Android" -> "only android users")."""
    people = re.sub(r"^(?:have|has)\s+", "with ", part.strip(), flags=re.IGNORECASE)
    people = people if people.lower().startswith("with ") else _LEAD.sub("", people)
    if people.lower().startswith("with "):
        return f"only users {people}"
    if re.match(r"(?:who|that)\b", people, re.IGNORECASE):
        return f"only users {people}"
    return f"only {people}" if _PEOPLE.search(people) else f"only {people} users"


# a change said as an act, and the words the reviser reads it in
_DROP = re.compile(r"^(?:dropped|drop|removed|remove|took\s+out|take\s+out|got\s+rid\s+of|deleted|delete|ignored|ignore|"
                   r"skipped|skip|didn'?t\s+require|did\s+not\s+require|didn'?t\s+need|did\s+not\s+need|no\s+longer\s+"
                   r"required|stopped\s+requiring|without|minus|lose|lost)\s+(?:the\s+)?(?P<what>.+?)"
                   r"(?:\s+(?:condition|requirement|check|filter|criterion|criteria|clause|part|bit|one))?(?:\s+from\s+it)?$",
                   re.IGNORECASE)
_ONLY = re.compile(r"^(?:for|among|also\s+required|only\s+went\s+to|went\s+only\s+to|only\s+targeted|targeted(?:\s+only)?|targeting|limited\s+it\s+to|restricted\s+it\s+to|kept\s+only|only\s+sent\s+"
                   r"(?:it\s+)?to|only\s+kept|only\s+included|added|add|required|require|were\s+only\s+for|was\s+only\s+for|"
                   r"were|was|made\s+it)\s+(?:a\s+condition\s+(?:for|on|that)\s+)?(?:only\s+)?(?P<what>.+?)$", re.IGNORECASE)
# a channel said as the way a rule sends ("were push only", "sent it by email instead")
_CHANNEL_WORDS = {"emails": "email", "e-mail": "email", "pushes": "push", "texts": "sms", "text": "sms", "in-app": "in_app",
                  "in app": "in_app"}
_BY_CHANNEL = re.compile(r"^(?:were|was|sent\s+it|send\s+it|went\s+out|only\s+sent|sent|send)?\s*(?:by|via|over|as|on|"
                         r"through)?\s*(?:an?\s+)?(?P<channel>push(?:es)?|e-?mails?|sms|texts?|in[- ]app)"
                         r"(?:\s+(?:only|instead|messages?|notifications?))*$", re.IGNORECASE)
# "lowered the workouts threshold to 2": the condition on those words, kept with another number
_RENUMBER = re.compile(r"^(?:lowered|lower|raised|raise|changed|change|set|moved|move|bumped|bump|increased|increase|"
                       r"decreased|decrease|reduced|reduce|dropped|drop)\s+(?:the\s+)?(?P<what>.+?)(?:\s+(?:threshold|minimum|"
                       r"min|cutoff|bar|requirement|condition|limit|count|number))?\s+to\s+(?P<value>\d+)$", re.IGNORECASE)
_TRAILING_ONLY = re.compile(r"^(?P<what>[\w\s-]+?)\s+only$", re.IGNORECASE)


class WhatIf(BaseModel):
    """A what-if on a running rule: the words naming it, and the change said as a change to a draft."""

    name: str
    change: str
    kept: str | None = None  # the people a running audience was asked of ("on iOS"): its share is said
    value: int | None = None  # the number the condition `change` drops comes back with, when the change renumbers one


def _as_change(verb: str, said: str) -> tuple[str, int | None] | None:
    """Return the change in the words a draft's reviser reads ("drop the pricing condition", "only android users"),
    with the number a renumbered condition comes back with."""
    text = " ".join(f"{verb} {said}".split()).strip(" ,")
    if (m := _RENUMBER.match(text)) is not None:
        return f"drop the {m.group('what')} condition", int(m.group("value"))
    changed = _reworded(text)
    return None if changed is None else (changed, None)


def _reworded(text: str) -> str | None:
    if (m := _BY_CHANNEL.match(text)) is not None:
        # "were push only", "sent it by push instead": the channel plan, not people who have push
        return f"make it {_CHANNEL_WORDS.get(m.group('channel').lower(), m.group('channel').lower())} only"
    if (m := _DROP.match(text)) is not None:
        what = m.group("what")
        # "drop the support rule" (of a policy) names a rule, not a condition
        return f"drop the {what}" if re.search(r"\brule$", what, re.IGNORECASE) else f"drop the {what} condition"
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
    for pattern in _KEPT:
        if (m := pattern.match(prompt)) is not None:
            return WhatIf(name=m.group("name").strip(), change=people_change(m.group("people")),
                          kept=m.group("people").strip())
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
            return WhatIf(name=found["name"].strip(), change=said[0], value=said[1])
    return None


def _rule(spec: Rule | Policy, rule_id: str) -> Rule | None:
    return spec if isinstance(spec, Rule) else next((r for r in spec.rules if r.id == rule_id), None)


def _top(audience: Condition) -> list[Condition]:
    return list(audience.conditions) if isinstance(audience, AllOf) else [audience]


def renumbered(spec: Rule | Policy, dropped: Rule | Policy, rule_id: str, value: int) -> Rule | Policy | None:
    """Return `dropped` with the one condition it lost from the rule's audience put back with `value` as its number
    (a trait's value, an event's count), else None (no single numeric condition was dropped)."""
    before, after = _rule(spec, rule_id), _rule(dropped, rule_id)
    if before is None or after is None:
        return None
    kept = _top(after.audience)
    lost = [c for c in _top(before.audience) if c not in kept]
    if len(lost) != 1:
        return None
    (old,) = lost
    if isinstance(old, TraitCondition) and isinstance(old.value, int | float) and not isinstance(old.value, bool):
        new: Condition = old.model_copy(update={"value": value})
    elif isinstance(old, EventCondition):
        new = old.model_copy(update={"count": value})
    else:
        return None
    audience = AllOf(kind="all", conditions=[*kept, new]) if len(kept) else new
    rule = after.model_copy(update={"audience": audience})
    if isinstance(dropped, Rule):
        return rule
    return dropped.model_copy(update={"rules": [rule if r.id == rule_id else r for r in dropped.rules]})


# how a change follows a what-if in chat ("what if we also dropped the open tickets one?", "and drop the cap too")
_FOLLOWING = re.compile(r"^\s*(?:(?:what\s+if|how\s+about|and|also|then|ok|now|if)\s+)*(?:(?:we|i|you)\s+)?(?:also\s+|just\s+)?",
                        re.IGNORECASE)
_TOO = re.compile(r"\s+(?:too|as\s+well|also)$", re.IGNORECASE)


def change_of(follow_up: str) -> str | None:
    """Return the change a chat follow-up to a what-if adds ("what if we also dropped the open tickets one?" -> "drop the
    open tickets condition"), else None (a renumbering is asked whole, with its rule)."""
    text = _TOO.sub("", _FOLLOWING.sub("", follow_up).strip().rstrip("?.! "))
    verb, _, said = text.partition(" ")
    if not said or (_DROP.match(text) is None and _ONLY.match(text) is None):
        return None
    changed = _as_change(verb, said)
    return changed[0] if changed is not None and changed[1] is None else None


# "draft that", "ok, make it a draft" after a what-if: its changed copy becomes the thread's draft
_DRAFT_IT = re.compile(r"^\s*(?:(?:ok(?:ay)?|great|nice|cool|good|yes|yep|sure|perfect)\s*[,.!]?\s*)*(?:(?:let'?s|please|can\s+you|"
                       r"could\s+you)\s+)?(?:draft|make|write\s+up|save|turn)\s+(?:it|that|this)(?:\s+(?:as\s+|into\s+)?a\s+draft)?"
                       r"(?:\s+(?:then|please|now))?\s*[.!]*\s*$", re.IGNORECASE)


def asks_to_draft_it(message: str) -> bool:
    """Return whether a message asks for the last what-if's copy as a draft ("draft that", "make it a draft")."""
    return _DRAFT_IT.match(message) is not None


COLUMNS = ["rule", "as it runs", "with the change", "difference"]


def _figures(preview: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Return each previewed rule's audience, eligible, treatment and holdout."""
    figures = {}
    for row in (r for r in preview.get("rules", []) if isinstance(r, dict)):
        holdout = row.get("holdout") or {}
        figures[str(row.get("rule_id"))] = {
            "audience": int(row.get("size") or 0), "eligible": int(row.get("eligible") or 0),
            "treatment": int(holdout.get("expected_treatment") or 0), "holdout": int(holdout.get("expected_holdout") or 0),
            "sends per day": round(float((row.get("sends") or {}).get("sends_per_day") or 0))}
    return figures


def what_if_answer(spec_id: str, rule_id: str, changes: list[str], running: dict[str, Any],
                   changed: dict[str, Any], kept: str | None = None) -> QuestionAnswer:
    """Return the running rule's figures beside the changed copy's (a policy named whole: each of its rules'), with
    what the change is, in words."""
    before, after = _figures(running), _figures(changed)
    rules = [rule_id] if rule_id != spec_id else list(dict.fromkeys([*before, *after]))
    zero = {"audience": 0, "eligible": 0, "treatment": 0, "holdout": 0, "sends per day": 0}
    rows = [[f"{r}: {key}", before.get(r, zero)[key], after.get(r, zero)[key],
             f"{after.get(r, zero)[key] - before.get(r, zero)[key]:+,}"] for r in rules for key in zero]
    was, now = (sum(f.get(r, zero)["audience"] for r in rules) for f in (before, after))
    whose = rule_id if len(rules) == 1 else f"{spec_id}'s {len(rules)} rules (their audiences summed; one user may be in several)"
    question = (f"{whose} would reach {now:,} user(s) with that change, {now - was:+,} against the {was:,} as it runs "
                f"(as of {changed.get('as_of')}); nothing was drafted or proposed")
    if kept is not None:
        share = f" ({describe_share(now / was)})" if was else ""
        audience = (f"{rule_id}'s audience" if len(rules) == 1 else
                    f"the audiences of {spec_id}'s {len(rules)} rules (summed; one user may be in several)")
        verb = "" if re.match(r"(?:have|has|who|that)\b", kept, re.IGNORECASE) else "are "
        question = (f"{now:,} of the {was:,} user(s) in {audience}{share} {verb}{kept}, as it runs (as of "
                    f"{changed.get('as_of')}): the audience with that condition added")
    notes = [f"the change: {'; '.join(changes)}",
             "to make it a draft say 'draft it' (or 'propose it' to propose it for review, after a confirmation); the "
             "running rule is not changed",
             f"mcc preview {spec_id} breaks the running audience down by platform, country and state"]
    return QuestionAnswer(question=question, sql=str(changed.get("audience_sql") or ""), columns=COLUMNS, rows=rows,
                          notes=notes)
