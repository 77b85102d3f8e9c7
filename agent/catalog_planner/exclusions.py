"""Keep some people out of a program that already runs: "Stop sending upgrade emails to people with open
billing tickets".

Such a prompt names no audience to target: it names a running program and the people to leave out. Read as
an eligibility prompt it would target exactly those people, the opposite of what was asked. So the request
is read on its own: the program phrase is matched against the approved rules and policies (the registry's
active specs), the people phrase is read like any audience, and the draft is the matched spec again under
its own id with one more suppression: the registry files it as that rule's next version, and a reviewer
sees the difference before it replaces the running one. No match, several, or people the catalog cannot
express: a refusal that says which, and lists what would be accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.program_marks import CHANNEL_WORD, channel_name
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.slugs import slugify, unique
from agent.catalog_planner.text import content_stems
from agent.types import Refusal
from orchestrator.spec import Policy, Rule, Suppression
from warehouse.catalog import Catalog

_LEAD = r"^\s*(?:(?:please|ok(?:ay)?|so|hey)\s*,?\s+)?"
_THE = r"(?:(?:the|our|any|all|those|these|more)\s+)?"
_END = r"\s*[.!]?\s*$"
# One sentence each (no other sentence around it: a longer prompt that says who to target is a new rule).
_SHAPES = [
    # "stop sending upgrade emails to people with open billing tickets"
    re.compile(
        rf"{_LEAD}(?:stop|quit|do not|don't|never|no longer)\s+(?:send(?:ing)?|show(?:ing)?|deliver(?:ing)?)\s+"
        rf"{_THE}(?P<program>[^.;!?]+?)\s+to\s+(?P<people>[^.;!?]+?){_END}",
        re.IGNORECASE,
    ),
    # "exclude users in Germany from the win-back push", "keep churned users out of the streak emails"
    re.compile(
        rf"{_LEAD}(?:exclude|suppress|remove|leave out|hold back|keep)\s+(?P<people>[^.;!?]+?)\s+"
        rf"(?:from|out of)\s+{_THE}(?P<program>[^.;!?]+?){_END}",
        re.IGNORECASE,
    ),
    # "people with open tickets should not get the upgrade nudge"
    re.compile(
        rf"{_LEAD}(?P<people>[^.;!?]+?)\s+(?:should|must|shall)\s+(?:not|never|no longer)\s+"
        rf"(?:get|receive|see|be sent)\s+{_THE}(?P<program>[^.;!?]+?){_END}",
        re.IGNORECASE,
    ),
    # "pause the win-back push for users in Germany"
    re.compile(
        rf"{_LEAD}(?:pause|mute|silence|turn off|switch off)\s+{_THE}(?P<program>[^.;!?]+?)\s+for\s+"
        rf"(?P<people>[^.;!?]+?){_END}",
        re.IGNORECASE,
    ),
]
# Words of a program phrase that say what kind of thing it is, not which one.
_GENERIC = {"messag", "campaign", "program", "rule", "flow", "journey", "notif", "send", "policy", "our", "the"}
_CHANNEL_STEMS = {"email", "push", "sms", "text", "app", "in"}
_CHANNEL_WORD = re.compile(rf"\b{CHANNEL_WORD}\b", re.IGNORECASE)


def _channels(program: str) -> set[str]:
    """Return the channels a program phrase names ("upgrade emails" → email, "the streak pushes" → push)."""
    return {channel_name(m.group(1)) for m in _CHANNEL_WORD.finditer(program)}


@dataclass(frozen=True)
class Exclusion:
    """A request to keep `people` out of a running `program` (both as the prompt says them)."""

    program: str
    people: str


def read_exclusion(prompt: str) -> Exclusion | None:
    """Return the program and people of a one-sentence request to leave people out of a program, else None."""
    for shape in _SHAPES:
        m = shape.match(prompt)
        if m is not None:
            return Exclusion(program=m.group("program").strip(), people=m.group("people").strip())
    return None


@dataclass(frozen=True)
class RunningRule:
    """One approved rule, and the policy it runs in (None when it runs on its own)."""

    rule: Rule
    policy: Policy | None

    @property
    def label(self) -> str:
        return f"{self.rule.id} (in policy {self.policy.id})" if self.policy else self.rule.id


def running_rules(specs: list[Rule | Policy]) -> list[RunningRule]:
    found: list[RunningRule] = []
    for spec in specs:
        if isinstance(spec, Policy):
            found += [RunningRule(rule, spec) for rule in spec.rules]
        else:
            found.append(RunningRule(spec, None))
    return found


def match_program(program: str, running: list[RunningRule]) -> list[RunningRule]:
    """Return the running rules the program phrase names best: by the words of its id, then its description;
    a channel word ("upgrade emails") keeps only rules sent on that channel."""
    channels = _channels(program)
    said = {w for w in content_stems(program) if w not in _CHANNEL_STEMS}
    words = said - _GENERIC  # "the upgrade messaging" names upgrade_messaging by both words, upgrade_* by one
    scored: list[tuple[int, RunningRule]] = []
    for item in running:
        if channels and not channels & {step.channel for step in item.rule.channels}:
            continue
        id_words = set(content_stems(item.rule.id))
        described = set(content_stems(item.rule.description))
        # the id's words weigh more than the description's: the id is what people call the program
        score = 3 * len(said & id_words) + len(words & described) if words else 1
        if score:
            scored.append((score, item))
    best = max((score for score, _ in scored), default=0)
    return [item for score, item in scored if score == best]


def _with_suppression(item: RunningRule, suppression: Suppression) -> Rule | Policy:
    """Return the spec to propose: the rule (or its whole policy) with the suppression added to the rule."""
    rule = item.rule.model_copy(deep=True)
    rule.suppressions = [*rule.suppressions, suppression]
    if item.policy is None:
        return rule
    policy = item.policy.model_copy(deep=True)
    policy.rules = [rule if r.id == rule.id else r for r in policy.rules]
    return policy


def draft_exclusion(
    exclusion: Exclusion, prompt: str, catalog: Catalog, lexicon: Lexicon, specs: list[Rule | Policy]
) -> Rule | Policy | Refusal:
    """Draft the next version of the running rule the prompt names, with the people it names suppressed."""
    running = running_rules(specs)
    if not running:
        return Refusal(
            reason=(
                f"This asks to keep {exclusion.people} out of a running program ('{exclusion.program}'), and no "
                "approved rule or policy runs in this warehouse yet, so there is nothing to change."
            ),
            unmatched_phrases=[exclusion.program],
            suggestions=[
                "mcc rules list",
                f"Create a rule for {exclusion.program} that excludes {exclusion.people}, saying who it is for",
            ],
        )
    matched = match_program(exclusion.program, running)
    if len(matched) != 1:
        what = "matches several running rules" if matched else "names no running rule"
        candidates = matched or running
        return Refusal(
            reason=f"'{exclusion.program}' {what}; say which one by its id.",
            unmatched_phrases=[exclusion.program],
            suggestions=[c.label for c in candidates][:8],
        )
    item = matched[0]
    people = parse_conditions(exclusion.people, catalog, lexicon)
    if people.unexpressed or people.condition is None:
        return refusal_for(people.unexpressed or [exclusion.people], people.suggestions, catalog, what="audience phrase")
    taken = {s.id for s in item.rule.suppressions} | {s.id for s in (item.policy.suppressions if item.policy else [])}
    already = [s.id for s in item.rule.suppressions if s.condition == people.condition]
    if already:
        return Refusal(
            reason=f"{item.label} already leaves these people out (suppression {already[0]}); nothing to change.",
            unmatched_phrases=[exclusion.people],
            suggestions=[f"mcc rules show {item.policy.id if item.policy else item.rule.id}"],
        )
    sid = unique(slugify(exclusion.people, fallback="excluded"), taken)
    said = f'Leave out {exclusion.people} (asked: "{prompt.strip()}").'
    if people.approximations:
        said += " Approximated: " + "; ".join(people.approximations) + "."
    named = _channels(exclusion.program)
    if named and {step.channel for step in item.rule.channels} - named:
        said += " Every channel of the rule stops for them, not only the one named."
    return _with_suppression(item, Suppression(id=sid, description=said, condition=people.condition))
