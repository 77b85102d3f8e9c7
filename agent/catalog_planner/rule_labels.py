"""Recover the name a drafted rule was given, so a sentence about a program by name ("Stop the re-engagement
push once ...", "a win-back email") can be matched to its rule whichever reader drafted it.

The decision readers describe a rule as "(2) re-engagement push for at-risk users" (named programs) or
'(2) "a re-engagement push for at-risk users"' (listed goals), optionally followed by "; approximated: ...".
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_labels import label_and_audience, label_within, same_label
from agent.catalog_planner.program_shapes import PEOPLE_IN_LABEL
from orchestrator.spec import Rule

_PRIORITY = re.compile(r"^\s*\(\d+\)\s*")


def rule_text(rule: Rule) -> str:
    """Return what the prompt said of a rule: its description without the priority and the notes."""
    return _PRIORITY.sub("", rule.description).split("; approximated:")[0].strip(" \"'")


def rule_label(rule: Rule) -> str:
    """Return a rule's program name ("re-engagement push"), or "" when the prompt named people only."""
    said = rule_text(rule)
    split = label_and_audience(said)
    label = split[0] if split else said
    return "" if PEOPLE_IN_LABEL.search(label) else label


def rules_named(name: str, rules: list[Rule]) -> list[Rule]:
    """Return the rules a program name refers to: by their label, else by what was said of them."""
    by_label = [r for r in rules if rule_label(r) and same_label(name, rule_label(r))]
    return by_label or [r for r in rules if same_label(name, rule_text(r))]


def names_a_rule(name: str, rules: list[Rule]) -> bool:
    """Return True when words said without "the" ("Stop onboarding after …") are all in a rule's label."""
    return any(rule_label(r) and label_within(name, rule_label(r)) for r in rules)
