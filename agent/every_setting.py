"""Read a question about one setting of every running rule: "which rule has the highest priority?", "rank the rules
by priority", "what's the global frequency cap?", "what are the holdouts of all our rules?", "what is the control group share?".

A planner drafted or refused these ("priority of the nudge" was a priority item to rank); the answer is the setting
of each running rule and policy, said as `mcc rules diff` says it (`rule_settings.every_setting_answer`).
"""

from __future__ import annotations

import re

_THINGS = r"(?:rules?|polic(?:y|ies)|programs?|campaigns?|journeys?)"
_ALL = rf"(?:all\s+|every\s+|each\s+|our\s+|the\s+)*(?:running\s+|live\s+|active\s+)?{_THINGS}"
_END = r"\s*[?.!]*\s*$"
_PRIORITY = [
    re.compile(rf"^\s*(?:which|what)\s+{_THINGS}\s+(?:has|have|comes?|goes?|is|wins?)\s+(?:the\s+)?(?:highest|lowest|top|"
               rf"first|last|biggest|smallest)(?:\s+priority)?{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:rank|sort|order|list|show(?:\s+me)?)\s+{_ALL}\s+by\s+(?:their\s+)?priority{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:what(?:'s|\s+is|\s+are)\s+the\s+)?priorit(?:y|ies)\s+(?:order\s+)?(?:of|across|for)\s+{_ALL}{_END}",
               re.IGNORECASE),
    re.compile(rf"^\s*in\s+what\s+order\s+do\s+{_ALL}\s+(?:run|win|apply){_END}", re.IGNORECASE),
]
_CONTROL_SHARE = re.compile(rf"^\s*what(?:'s|\s+is)\s+(?:the\s+|our\s+)?(?:global\s+|universal\s+)?control(?:\s+group)?\s+"
                            rf"(?:share|percentage|percent|split|setting){_END}", re.IGNORECASE)
_GLOBAL_CAP = re.compile(rf"^\s*what(?:'s|\s+is|\s+are)\s+(?:the\s+|our\s+)?(?:global|overall|account[- ]wide|total)\s+"
                         rf"(?:frequency\s+)?(?:caps?|send\s+limits?|message\s+limits?){_END}", re.IGNORECASE)


def asks_every_setting(prompt: str, fields: str) -> str | None:
    """Return the setting a question asks of every running rule (a `rule_settings.FIELDS` key, matched by `fields`,
    the alternation of their words), else None."""
    if any(p.match(prompt) for p in _PRIORITY):
        return "priority"
    if _GLOBAL_CAP.match(prompt):
        return "frequency cap"
    if _CONTROL_SHARE.match(prompt):
        return "holdout"  # a policy's control group share is said with its holdouts
    m = re.match(rf"^\s*(?:what(?:'s|\s+is|\s+are)|show(?:\s+me)?|list|give\s+me)\s+(?:the\s+)?(?P<field>{fields})s?\s+(?:of|for|on|in)"
                 rf"\s+{_ALL}{_END}|^\s*(?:list|show(?:\s+me)?)\s+(?:every|each|all)\s+{_THINGS}(?:'s|s'|s)?\s+(?P<field2>{fields})"
                 rf"{_END}", prompt, re.IGNORECASE)
    return None if m is None else (m.group("field") or m.group("field2"))
