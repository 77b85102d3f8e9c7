"""Read a fallback said of one program in a decision prompt ("Lapsed subscribers first get a win-back email; if
they don't open it, a push 2 days later", "If they don't open the push, send an email 24 hours later") as a
second channel step of that program, sent only to those who did not open (or click) the first. The clause is
cut before the programs are read (a reader would take "an email 24 hours later" for a program of its own) and
given, after drafting, to the program it names: by name ("the win-back email"), by its channel ("the push"),
else ("it") the program said last before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agent.catalog_planner.named_sentences import CUT
from agent.catalog_planner.program_marks import channel_name
from agent.catalog_planner.rule_labels import rule_label, rules_named
from agent.catalog_planner.text import NUMBER_WORDS
from agent.types import Refusal
from orchestrator.spec import ChannelStep, Policy, Rule

OnlyIf = Literal["previous_not_opened", "previous_not_clicked"]

_CHANNEL = r"(?:push(?:es)?(?: notifications?)?|e-?mails?|sms|texts?(?: messages?)?|in-app(?: messages?)?)"
_NUMBER = r"(?:\d+|an?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_WHEN = rf"(?P<n>{_NUMBER})\s+(?P<unit>hours?|days?)"
_FALLBACK = re.compile(
    r"(?:^|(?<=[.;,!?:]))\s*(?:and\s+|but\s+)?(?:if|when)\s+(?:they|users?|people|someone|anyone|the user)\s+"
    r"(?:don't|do not|doesn't|does not|didn't|did not|never|haven't|hasn't)\s+(?P<verb>open|click|read|tap|engage with)"
    r"(?:\s+(?P<what>it|that|this|them|the\s+[\w -]+?|their\s+[\w -]+?))?(?:\s+within\s+[^,]+?)?\s*,\s*"
    r"(?:then\s+)?(?:(?:send|follow up with|fall back to|try|use)\s+(?:them\s+)?)?(?:an?\s+|the\s+)?"
    rf"(?P<channel>{_CHANNEL})"
    rf"(?:\s+(?:{_WHEN}\s+later|after\s+{_WHEN.replace('<n>', '<n2>').replace('<unit>', '<unit2>')}|the\s+next\s+(?P<next>day)))?"
    r"\s*(?:[.;!?]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Fallback:
    """A fallback step said of one program: what names the program, where it was said, and the step."""

    what: str
    said: str
    at: int
    channel: str
    delay_hours: int
    only_if: OnlyIf


def _hours(n: str | None, unit: str | None) -> int:
    if n is None or unit is None:
        return 24  # "a push" after an unopened email: the next day, as the default plan waits
    count = int(n) if n.isdigit() else 1 if n.lower() in ("a", "an") else NUMBER_WORDS[n.lower()]
    return count * (24 if unit.lower().startswith("day") else 1)


def take_fallbacks(text: str) -> tuple[str, list[Fallback]]:
    """Cut the fallback clauses out of the text: (rest, the fallbacks they state)."""
    said: list[Fallback] = []

    def cut(m: re.Match[str]) -> str:
        said.append(
            Fallback(
                what=(m["what"] or "").strip(),
                said=m.group(0).strip(" ,.;"),
                at=m.start(),
                channel=channel_name(m["channel"]),
                delay_hours=_hours(
                    m["n"] or m["n2"] or ("a" if m["next"] else None), m["unit"] or m["unit2"] or m["next"]
                ),
                only_if="previous_not_clicked"
                if m["verb"].lower() in ("click", "tap")
                else "previous_not_opened",
            )
        )
        # the clause ended a sentence begun before it ("…survey; if they don't open it, …."): the sentence ends
        ended = re.search(r"[.!?]\s*$", m.string[: m.start()]) or m.start() == 0
        return f" {CUT} " if ended else ". "

    text = re.sub(r"[;,]\s*\.", ".", _FALLBACK.sub(cut, text))  # "survey; if they …." ends at "survey."
    return text.replace(CUT, " ").strip(), said


def _target(said: Fallback, rules: list[Rule], text: str) -> tuple[Rule, str | None] | None:
    """Return the rule a fallback is said of and the channel of its first step when the clause names one."""
    what = re.sub(r"^(?:the|their)\s+", "", said.what, flags=re.IGNORECASE)
    if what and re.fullmatch(_CHANNEL, what, re.IGNORECASE):
        first = channel_name(what)
        labelled = [r for r in rules if first in rule_label(r).lower().replace("-", "")]
        return (labelled[0], first) if len(labelled) == 1 else None
    if what and what.lower() not in ("it", "that", "this", "them"):
        named = rules_named(what, rules)
        return (named[0], None) if len(named) == 1 else None
    before = text[: said.at].lower()
    spoken = [(before.rfind(rule_label(r).lower()), r) for r in rules if rule_label(r)]
    spoken = [(at, r) for at, r in spoken if at >= 0]
    return (max(spoken, key=lambda s: s[0])[1], None) if spoken else None


def give_fallbacks(draft: Policy | Refusal, said: list[Fallback], text: str) -> Policy | Refusal:
    """Return the policy with each fallback as the second step of the program it is said of (its first step
    kept, or the channel the clause names); a fallback whose program cannot be told is said in the edge cases."""
    if not isinstance(draft, Policy) or not said:
        return draft
    rules = list(draft.rules)
    untold: list[str] = []
    for fallback in said:
        found = _target(fallback, rules, text)
        if found is None:
            untold.append(
                f"The fallback '{fallback.said}' names no one program, so no rule's channels were changed; "
                "say which program it follows (e.g. 'if they don't open the win-back email, …')."
            )
            continue
        rule, first = found
        first = first or rule.channels[0].channel
        key = rule.template_key or rule.id
        steps = [
            ChannelStep(channel=first, template_key=f"{key}_{first}"),  # type: ignore[arg-type]
            ChannelStep(
                channel=fallback.channel,  # type: ignore[arg-type]
                delay_hours=min(fallback.delay_hours, 24 * 30),
                only_if=fallback.only_if,
                template_key=f"{key}_{fallback.channel}" + ("_2" if fallback.channel == first else ""),
            ),
        ]
        rules = [r.model_copy(update={"channels": steps}) if r.id == rule.id else r for r in rules]
    return draft.model_copy(update={"rules": rules, "edge_cases": [*draft.edge_cases, *untold]})
