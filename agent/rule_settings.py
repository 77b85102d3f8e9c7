"""Read "what's the holdout share of the upgrade nudge?" and answer it from the running rule's spec, in words.

A question about how a running rule is set up (its holdout, cap, channels, stops, suppressions, conversion,
priority, who approved it), a request to describe it, or to compare two running rules, names rules that exist; a
planner drafted a rule from it ("how often does the upgrade nudge send?" became a rule 'often_upgrade_nudge').
Each field is said as `mcc rules diff` says it (orchestrator.describe), from the approved version that runs.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.every_setting import asks_every_setting
from agent.rule_audience import RULE_NAME, running_spec
from agent.types import QuestionAnswer
from orchestrator.describe import (
    describe_cap,
    describe_channel_caps,
    describe_channels,
    describe_condition,
    describe_conversion,
    describe_share,
)
from orchestrator.spec import Policy, Rule

# what a question may ask about a rule's setup: the row it is answered with
FIELDS: dict[str, str] = {
    "audience": r"audience(?:\s+(?:definition|conditions?|rules?))?|targeting|who\s+it\s+targets|conditions?|criteria|eligibility",
    "holdout": r"holdout(?:\s+(?:share|size|percentage|split))?|control\s+group",
    "frequency cap": r"(?:frequency\s+)?caps?|frequency|send\s+limit",
    "channels": r"channels?(?:\s+plan)?|cadence|sequence|steps",
    "stop conditions": r"stop(?:ping)?\s+conditions?|stops|exit\s+(?:conditions?|criteria)",
    "suppressions": r"suppressions?|exclusions?",
    "conversion": r"conversion(?:\s+(?:metric|event|goal|window))?|goal|success\s+metric|metric",
    "priority": r"priority|rank",
}
_FIELD = "|".join(f"(?:{p})" for p in FIELDS.values())
_NAME = RULE_NAME
_ASKS = [
    re.compile(rf"^\s*(?:what(?:'s|\s+is|\s+are)|show(?:\s+me)?|list|tell\s+me|give\s+me)\s+(?:the\s+)?(?P<field>{_FIELD})\s+"
               rf"(?:of|for|on|in|used\s+by)\s+{_NAME}\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?:what(?:'s|\s+is|\s+are)|show(?:\s+me)?|list|tell\s+me)\s+{_NAME}(?:'s|s')\s+(?P<field>{_FIELD})"
               r"\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?:which|what)\s+(?P<field>channels?|conversion\s+metric|metric)\s+does\s+{_NAME}\s+(?:use|send\s+on|"
               r"measure|track)\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*how\s+(?P<field>often|frequently|many\s+times)\s+(?:does|will|can|may)\s+{_NAME}\s+"
               r"(?:send|message|fire|run|reach\s+(?:someone|a\s+user|people))(?:\s+(?:a|per)\s+(?:user|person))?\s*[?.!]*\s*$",
               re.IGNORECASE),
    re.compile(rf"^\s*who\s+(?P<field>approved|reviewed|proposed|wrote|authored|created|signed\s+off(?:\s+on)?)\s+{_NAME}"
               r"\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?:describe|summari[sz]e|explain|walk\s+me\s+through)\s+{_NAME}\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*what\s+does\s+{_NAME}\s+do\s*[?.!]*\s*$", re.IGNORECASE),
    # "is the holdout of the nudge 10%?": the setting, said, for the asker to compare
    re.compile(rf"^\s*is\s+(?:the\s+)?(?P<field>{_FIELD})\s+(?:of|for|on|in)\s+{_NAME}\s+(?:still\s+)?(?:at\s+|set\s+to\s+)?"
               r"[\w.%/-]+(?:\s+(?:per|a|every|in)\s+\w+)*\s*[?.!]*\s*$", re.IGNORECASE),
]
_COMPARE = re.compile(r"^\s*(?:compare|diff|contrast)\s+(?P<a>[\w\s-]+?)\s+(?:and|with|to|vs\.?|versus)\s+(?P<b>[\w\s-]+?)"
                      r"\s*[?.!]*\s*$|^\s*how\s+(?:does|do)\s+(?P<a2>[\w\s-]+?)\s+(?:and|compare\s+(?:to|with))\s+"
                      r"(?P<b2>[\w\s-]+?)\s+(?:differ|compare)?\s*[?.!]*\s*$", re.IGNORECASE)
_WHO = {"approved", "reviewed", "signed off", "signed off on"}
_FIELD_COMPARE = re.compile(rf"^\s*(?:what(?:'s|\s+is|\s+are)|compare)\s+(?:the\s+)?(?P<field>{_FIELD})\s+(?:of|for)\s+"
                            r"(?P<a>[\w\s-]+?)\s+(?:and|vs\.?|versus|compared\s+(?:to|with)|with)\s+(?P<b>[\w\s-]+?)\s*[?.!]*\s*$",
                            re.IGNORECASE)


class SettingsAsk(BaseModel):
    """The running specs a question names (one, or two to compare), the rule ids, and the field asked (None: all)."""

    specs: list[dict[str, object]]
    rule_ids: list[str]
    field: str | None = None
    every: bool = False  # "which rule has the highest priority?": the field of every running rule and policy


def _field(said: str | None) -> str | None:
    """Return the row a field word asks for: a FIELDS key, 'approved by', 'proposed by', or None for every row."""
    if said is None:
        return None
    word = " ".join(said.lower().split())
    if word in ("often", "frequently", "many times"):
        return "frequency cap"
    if word in _WHO:
        return "approved by"
    if word in ("proposed", "wrote", "authored", "created"):
        return "proposed by"
    return next((key for key, pattern in FIELDS.items() if re.fullmatch(pattern, word, re.IGNORECASE)), None)


def may_ask_rule_settings(prompt: str) -> bool:
    """Return whether a prompt has the shape of a settings question (the names are checked against what runs later)."""
    return (_COMPARE.match(prompt) is not None or _FIELD_COMPARE.match(prompt) is not None
            or any(p.match(prompt) for p in _ASKS) or asks_every_setting(prompt, _FIELD) is not None)


def asks_rule_settings(prompt: str, active: list[Rule | Policy]) -> SettingsAsk | None:
    """Return what a question about how running rules are set up asks, else None (nothing running is named)."""
    if (every := asks_every_setting(prompt, _FIELD)) is not None and active:
        return SettingsAsk(specs=[spec.model_dump(mode="json") for spec in active], rule_ids=[spec.id for spec in active],
                           field=_field(every), every=True)
    if (m := _FIELD_COMPARE.match(prompt)) is not None:
        # "what's the priority of the nudge vs the trial policy?": that field of both, side by side
        found = [running_spec(m.group(k), active) for k in ("a", "b")]
        if all(f is not None for f in found):
            return SettingsAsk(specs=[f[0].model_dump(mode="json") for f in found if f],
                               rule_ids=[f[1] for f in found if f], field=_field(m.group("field")))
        return None
    if (m := _COMPARE.match(prompt)) is not None:
        names = [m.group("a") or m.group("a2"), m.group("b") or m.group("b2")]
        found = [running_spec(n, active) for n in names]
        if all(f is not None for f in found):
            return SettingsAsk(specs=[f[0].model_dump(mode="json") for f in found if f],
                               rule_ids=[f[1] for f in found if f])
        return None
    for pattern in _ASKS:
        if (m := pattern.match(prompt)) is not None and (hit := running_spec(m.group("name"), active)) is not None:
            field = m.groupdict().get("field")
            return SettingsAsk(specs=[hit[0].model_dump(mode="json")], rule_ids=[hit[1]], field=_field(field))
    return None


def _rule_of(spec: Rule | Policy, rule_id: str) -> Rule:
    return spec if isinstance(spec, Rule) else next(r for r in spec.rules if r.id == rule_id)


def _policy_rows(policy: Policy) -> dict[str, str]:
    """Return a policy's own settings in words: its rules in priority order and what applies across them."""
    ranked = sorted(policy.rules, key=lambda r: (r.priority, r.id))
    return {
        "rules": "; ".join(f"{r.priority}. {r.id}: {describe_condition(r.audience)}" for r in ranked),
        "suppressions": "; ".join(f"{s.id}: {describe_condition(s.condition)}" for s in policy.suppressions) or "none",
        "frequency cap": describe_cap(policy.frequency_cap) if policy.frequency_cap else "none across its rules",
        "channels": describe_channel_caps(policy.channel_caps) if policy.channel_caps else "each rule's own",
        # the control group share is said even when none is set: "what is the control group share?" is asked of it
        "holdout": f"control group {describe_share(policy.control_group_share)}; "
                   + "; ".join(f"{r.id} {describe_share(r.holdout_share)}" for r in ranked),
        "priority": "; ".join(f"{r.id} {r.priority}" for r in ranked) + " (1 is the highest)",
    }


def settings_rows(spec: Rule | Policy, rule_id: str) -> dict[str, str]:
    """Return each setting of a running rule in words, the policy's shared ones included where it has them (a policy
    named whole: its own settings)."""
    if isinstance(spec, Policy) and rule_id == spec.id:
        return _policy_rows(spec)
    rule = _rule_of(spec, rule_id)
    policy = spec if isinstance(spec, Policy) else None
    shared = f" (policy {policy.id}: {describe_cap(policy.frequency_cap)})" if policy and policy.frequency_cap else ""
    suppressions = [*(policy.suppressions if policy else []), *rule.suppressions]
    rows = {
        "audience": describe_condition(rule.audience),
        "holdout": f"{describe_share(rule.holdout_share)} of the audience held out"
                   + (f"; policy control group {describe_share(policy.control_group_share)}"
                      if policy and policy.control_group_share else ""),
        "frequency cap": (describe_cap(rule.frequency_cap) if rule.frequency_cap else "none of its own") + shared
                         + (f"; per channel: {describe_channel_caps(policy.channel_caps)}" if policy and policy.channel_caps
                            else ""),
        "channels": describe_channels(rule.channels),
        "stop conditions": "; ".join(f"{s.id}: {describe_condition(s.condition)}" for s in rule.stop_conditions) or "none",
        "suppressions": "; ".join(f"{s.id}: {describe_condition(s.condition)}" for s in suppressions) or "none",
        "conversion": describe_conversion(rule.conversion) if rule.conversion else "none (not measured)",
        "priority": f"{rule.priority} (1 is the highest)",
    }
    return rows


def every_setting_answer(field: str, specs: list[Rule | Policy]) -> QuestionAnswer:
    """Return one setting of every running rule (a policy's own, then each of its rules'); priorities highest first."""
    rows: list[list[object]] = []
    for spec in specs:
        if isinstance(spec, Policy) and field != "priority":
            rows.append([spec.id, "(the policy)", _policy_rows(spec).get(field, "-")])
        for rule in spec.rules if isinstance(spec, Policy) else [spec]:
            rows.append([rule.id, spec.id if isinstance(spec, Policy) else "-", settings_rows(spec, rule.id).get(field, "-")])
    if field == "priority":
        ranked = {r.id: r.priority for spec in specs for r in (spec.rules if isinstance(spec, Policy) else [spec])}
        rows.sort(key=lambda row: (ranked.get(str(row[0]), 0), str(row[0])))
        question = (f"The priority of the {len(rows)} running rule(s), highest first: {rows[0][0]} comes first"
                    if rows else "Nothing runs")
    else:
        question = f"The {field} of every running rule and policy, the approved versions that run"
    return QuestionAnswer(question=question, sql="", columns=["rule", "policy", field], rows=rows,
                          notes=["a user several rules want gets the message of the highest priority (1 is the highest); "
                                 "mcc rules show RULE_ID prints a whole spec"])


def settings_answer(ask: SettingsAsk, specs: list[Rule | Policy], people: dict[str, tuple[str, str]]) -> QuestionAnswer:
    """Return the settings asked (one row, or every row) of one running rule, or of two side by side.

    `people` holds each spec id's (author, reviewer) of the running version.
    """
    if ask.every:
        return every_setting_answer(ask.field or "priority", specs)
    tables = [settings_rows(spec, rule_id) for spec, rule_id in zip(specs, ask.rule_ids, strict=True)]
    for spec, table in zip(specs, tables, strict=True):
        author, reviewer = people.get(spec.id, ("", ""))
        table["proposed by"], table["approved by"] = author, reviewer
    every = list(dict.fromkeys(key for t in tables for key in t))  # a rule beside a policy: each row either has
    keys = [ask.field] if ask.field is not None else every
    names = [rid if rid == s.id else f"{rid} (policy {s.id})" for s, rid in zip(specs, ask.rule_ids, strict=True)]
    rows = [[key, *(t.get(key, "-") for t in tables)] for key in keys]
    what = {"approved by": "approver", "proposed by": "author"}.get(ask.field or "", ask.field or "settings")
    question = (f"The {what} of {' and '.join(names)}, the approved version{'s' if len(names) > 1 else ''} that run"
                f"{'' if len(names) > 1 else 's'}")
    return QuestionAnswer(question=question, sql="", columns=["setting", *names], rows=rows,
                          notes=[f"mcc rules show {specs[0].id} prints the whole spec"])
