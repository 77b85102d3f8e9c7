"""Rank drafted programs by a sentence that lists their names in order after the programs were defined ("-
Onboarding: new users - Streak saver: … Order: streak saver, onboarding, upgrade offer."): the list defined
the programs, the sentence says their priority. Every name must find one program, each a different one."""

from __future__ import annotations

import re

from agent.catalog_planner.rule_labels import rules_named
from agent.types import Refusal
from orchestrator.spec import Policy

_ORDER_SENTENCE = re.compile(
    r"(?:^|(?<=[.;!?\n]))\s*(?:(?:the\s+)?(?:order|priority|priorities|ranking|rank(?:\s+them)?|prioriti[sz]e)"
    r"(?:\s+(?:is|should be|them))?\s*(?::|-|\u2014)?\s*)(?P<names>[^.;:!?\n]+?(?:,|\s>\s|\bthen\b)[^.;:!?\n]+?)\s*(?:[.;!?\n]|$)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and\s+|then\s+)?|\s>\s|\s+then\s+|\s+and\s+(?:then\s+)?)\s*", re.IGNORECASE
)


def ordered_by_sentence(draft: Policy | Refusal, text: str) -> Policy | Refusal:
    """Return the policy with its priorities in the order a later "Order: A, B, C" sentence names them."""
    if not isinstance(draft, Policy):
        return draft
    for m in _ORDER_SENTENCE.finditer(text):
        names = [n.strip(" .") for n in _SEPARATOR.split(m["names"]) if n.strip(" .")]
        if m.start() == 0 or any("(" in n for n in names):
            continue  # the first sentence defines the programs ("Rank onboarding (new users), …")
        found = [rules_named(n, list(draft.rules)) for n in names]
        ids = [f[0].id for f in found if len(f) == 1]
        if len(names) < 2 or len(ids) != len(names) or len(set(ids)) != len(ids):
            continue
        named = [next(r for r in draft.rules if r.id == i) for i in ids]
        rest = sorted((r for r in draft.rules if r.id not in ids), key=lambda r: r.priority)
        slots = sorted(r.priority for r in draft.rules)
        rules = [r.model_copy(update={"priority": p}) for r, p in zip([*named, *rest], slots, strict=True)]
        return draft.model_copy(update={"rules": rules})
    return draft
