"""A new rule made from one that runs: "Create a rule like the upgrade nudge, but for Android users".

Read as an ordinary eligibility prompt, the program's words become conditions ("upgrade" read as people who
subscribed) and everything the running rule says (its audience, channels, caps, holdout, stops) is lost.
So the program phrase is matched against the approved rules (as `exclusions.py` does), and the change is
applied to a copy of that rule as a chat edit would be (`revise.py`: "only for Android users", "email
only", "hold out 20%"), under a new id. The running rule is not touched; the copy is a new proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.exclusions import match_program, running_rules
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.revise import revise_spec
from agent.catalog_planner.slugs import slugify, unique
from agent.types import Refusal
from orchestrator.spec import Policy, Rule
from warehouse.catalog import Catalog

_LEAD = (r"^\s*(?:(?:please|ok(?:ay)?|so|hey)\s*,?\s+)?(?:(?:can you|could you|let's|lets|i want to|we want to|"
         r"we need to)\s+)?(?:(?:create|make|build|set up|draft|write|add|give me|i want|we need|spin up)\s+)?")
_A = r"(?:(?:a|an|another|one more|a new|new)\s+)?"
_KIND = r"(?:(?:rule|version|variant|copy|clone|one|program|campaign|journey|flow|nudge)\s+)?"
_OF = r"(?:version|variant|copy|clone|twin)\s+of"
_THE = r"(?:(?:the|our|that)\s+)?"
# the change starts at the first word that says what differs
_CHANGE = r"(?P<change>(?:but|except|only|just|for|with|and|targeting|aimed at|in|on|via|over|sent|as)\b[^.;!?]*?)"
_END = r"\s*[.!]?\s*$"
_SHAPES = [
    re.compile(rf"{_LEAD}{_A}{_KIND}(?:just\s+|exactly\s+)?(?:like|same as|the same as|identical to|based on|modell?ed on|"
               rf"similar to|{_OF}|mirroring)\s+{_THE}(?P<program>[^.;!?,]+?)\s*,?\s+{_CHANGE}{_END}",
               re.IGNORECASE),
    re.compile(rf"{_LEAD}(?:clone|copy|duplicate|fork)\s+{_THE}(?P<program>[^.;!?,]+?)\s*,?\s+{_CHANGE}{_END}",
               re.IGNORECASE),
]
# "but", "and", "except" only join the change to the program; "for X" is "only for X" to the editor
_JOIN = re.compile(r"^(?:but|and|except|just)\s+(?:make it\s+)?", re.IGNORECASE)
_PEOPLE = re.compile(r"^(?:for|targeting|aimed at|in|on)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Clone:
    """A request for a new rule like a running `program`, with `change` made (both as the prompt says them)."""

    program: str
    change: str


def read_clone(prompt: str) -> Clone | None:
    """Return the program and the change of a one-sentence request for a rule like a running one, else None."""
    for shape in _SHAPES:
        m = shape.match(prompt)
        if m is not None:
            return Clone(program=m.group("program").strip(), change=m.group("change").strip())
    return None


def _as_edit(change: str) -> str:
    """Return the change as the chat editor reads it: "but for Android users" -> "only for Android users"."""
    change = _JOIN.sub("", change).strip()
    return f"only {change}" if _PEOPLE.match(change) else change


def _behaviour(rule: Rule) -> dict[str, object]:
    """Return what a rule does, without the template names the editor derives for channel steps."""
    dumped = rule.model_dump(mode="json")
    for step in dumped["channels"]:
        step.pop("template_key", None)
    return dumped


def draft_clone(
    clone: Clone, prompt: str, catalog: Catalog, lexicon: Lexicon, specs: list[Rule | Policy]
) -> Rule | Refusal | None:
    """Draft a new rule: a copy of the running rule the prompt names, with the change applied, under a new id.

    None when the phrase names no running rule ("a nudge like a welcome email for new users" describes a new
    program): the prompt is then drafted as any other.
    """
    running = running_rules(specs)
    matched = match_program(clone.program, running) if running else []
    if not matched:
        return None
    if len(matched) > 1:
        return Refusal(
            reason=f"'{clone.program}' matches several running rules; say which one to start from by its id.",
            unmatched_phrases=[clone.program],
            suggestions=[c.label for c in matched][:8],
        )
    base = matched[0].rule
    edited = revise_spec(_as_edit(clone.change), base, catalog, lexicon)
    if isinstance(edited, Refusal):
        return edited
    assert isinstance(edited, Rule)  # a rule's edit is a rule
    if _behaviour(edited) == _behaviour(base):
        return Refusal(reason=f"'{clone.change}' changes nothing in {base.id}; say what the new rule does differently.",
                       unmatched_phrases=[clone.change], suggestions=["only iOS users", "make it email only", "hold out 20%"])
    taken = {r.rule.id for r in running}
    new_id = unique(f"{base.id}_{slugify(_JOIN.sub('', clone.change), max_words=2, fallback='copy')}"[:63], taken)
    return edited.model_copy(update={
        "id": new_id,
        "description": f"Like {base.id}, {_JOIN.sub('', clone.change).strip()} (asked: \"{prompt.strip()}\"). "
                       f"{base.id}: {base.description}",
    })
