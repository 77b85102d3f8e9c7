"""Read the channel and the cap said of one program by name, in a sentence of their own: "Send the streak
saver by push, and the comeback by email.", "The upgrade offer should go out at most once a week." They are
cut before the programs are read (the cap would otherwise be every program's, the channel every program's
or none) and set on the named rule after drafting; a name that matches no rule makes the setting every
rule's (the cap the policy's), as a sentence without a name would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.catalog_planner.channels import stated_channels
from agent.catalog_planner.named_sentences import CLAUSE_START, SENTENCE_START, program_name
from agent.catalog_planner.program_marks import CHANNEL, channel_name
from agent.catalog_planner.rule_labels import rules_named
from agent.catalog_planner.suppressions import cap_text
from agent.types import Refusal
from orchestrator.spec import ChannelStep, FrequencyCap, Policy, Rule

_BY = rf"\s+(?:by|via|over|through|as an?|with an?)\s+(?P<{{group}}>{CHANNEL})\b"
# "Send the streak saver by push, and the comeback by email."
_SAID_CHANNELS = re.compile(
    rf"{SENTENCE_START}(?:send|deliver|run)\s+{program_name('a', bare=True)}{_BY.format(group='ca')}(?:\s+only)?"
    rf"(?:\s*,?\s*(?:and|while|but)\s+{program_name('b')}{_BY.format(group='cb')})?\s*(?:[.;!?]|$)|"
    # "The save offer goes out by push", "Use email for the save offer"
    rf"{SENTENCE_START}(?:{program_name('c')}\s+(?:(?:should|must|will)\s+)?(?:go(?:es)? out|be sent|is sent|goes|go|runs?)"
    rf"{_BY.format(group='cc')}|use\s+(?P<cd>{CHANNEL})\s+for\s+{program_name('d')}|"
    # "In-app only for onboarding", "Only email for the win-back"
    rf"(?:only\s+(?:by\s+|via\s+)?(?P<ce>{CHANNEL})|(?P<cf>{CHANNEL})[\s-]only)\s+for\s+{program_name('e', bare=True)})"
    r"\s*(?:[.;!?]|$)",
    re.IGNORECASE,
)
# "Re-engagement should never go by email", "Never send the win-back by push", "No push for onboarding": every
# channel of that program's but this one
_BARRED_CHANNEL = re.compile(
    rf"{SENTENCE_START}(?:{program_name('a', bare=True)}\s+(?:should|must|can|will)?\s*(?:never|not)\s+"
    rf"(?:go(?:es)?(?:\s+out)?|be sent|run){_BY.format(group='ca')}|"
    rf"(?:never|do not|don't|dont)\s+send\s+{program_name('b', bare=True)}{_BY.format(group='cb')}|"
    rf"no\s+(?P<cc>{CHANNEL})(?:es|s)?\s+for\s+{program_name('c', bare=True)})\s*(?:[.;!?]|$)|"
    # "no sms.", ", and never by email", "Don't use push at all": said of no program, every program's
    rf"{CLAUSE_START}(?:no|never(?:\s+(?:by|via|use|send))?|(?:do not|don't|dont)\s+(?:use|send)(?:\s+(?:by|via))?|avoid|not\s+by)"
    rf"\s+(?:any\s+)?(?P<cd>{CHANNEL})(?:es|s)?(?:\s+(?:messages?|at all|please|ever))*\s*(?:[.;!?]|$)",
    re.IGNORECASE,
)
# what a channel barred in a clause of its own is said of: every program (no rule is named so)
_EVERY_PROGRAM = "every program"
_TIMES = {"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
MAX_HOLDOUT = 0.5  # the spec's bound on a rule's holdout share
_DAYS = {"day": 1, "week": 7, "month": 30}
# "The upgrade offer should go out at most once a week", "Send the digest no more than twice a month",
# "Cap the upgrade offer at 1 per week", "Cap the save offer at one message a week", "The save offer: at most once
# a week"
_SAID_CAP = re.compile(
    rf"{SENTENCE_START}(?:{program_name('a')}(?:\s*:|\s+(?:should|must|can|may|will)?\s*(?:go(?:es)? out|be sent|is sent|run|fire))|"
    rf"(?:send|cap|limit)\s+{program_name('b')}(?:\s+to)?)\s+(?:at most|no more than|max(?:imum)?(?: of)?|at|to)\s+"
    r"(?P<n>once|twice|one|two|three|four|five|\d+)(?:\s+times?|\s+(?:sends?|messages?))?\s+(?:a|per|every|each|an)\s+(?P<period>day|week|month)\b"
    r"[^.;!?]*(?:[.;!?]|$)",
    re.IGNORECASE,
)


# "hold out 20% of the save offer", "keep 5% of the upgrade nudge as a holdout", "the win-back gets a 10% holdout"
_SAID_HOLDOUT = re.compile(
    rf"{SENTENCE_START}(?:(?:hold(?:ing)? out|keep|leave out|exclude)\s+(?P<p>\d{{1,2}}(?:\.\d+)?)\s*%\s+(?:of\s+)?"
    rf"{program_name('a')}(?:\s+(?:as|for)\s+(?:a\s+)?(?:holdout|control(?: group)?))?|"
    rf"{program_name('b')}\s+(?:gets|has|should have|needs|with)\s+an?\s+(?P<q>\d{{1,2}}(?:\.\d+)?)\s*%\s+"
    r"(?:holdout|hold-out|control(?: group)?))\s*(?:[.;!?]|$)|"
    # "Keep a 15% holdout on the win-back", ", with a 10% holdout on the upgrade nudge only" (the sentence's end
    # stays: the clause may close a sentence about the programs)
    rf"{CLAUSE_START}(?:(?:keep|use|put|add|with|and)\s+an?\s+)?(?P<r>\d{{1,2}}(?:\.\d+)?)\s*%\s+(?:holdout|hold-out)\s+"
    rf"(?:on|for)\s+{program_name('c')}(?P<only>\s+only)?\s*(?=[.;!?]|$)|"
    # "Holdout 20% on the win-back email only", "hold-out of 10% for the save offer"
    rf"{CLAUSE_START}(?:a\s+)?(?:holdout|hold-out)(?:\s+of)?\s*:?\s*(?P<s>\d{{1,2}}(?:\.\d+)?)\s*%\s+(?:on|for)\s+"
    rf"{program_name('d')}(?P<only_d>\s+only)?\s*(?=[.;!?]|$)",
    re.IGNORECASE,
)
# "1) upgrade nudge for high intent (hold out 20%), 2) …": a holdout in brackets after one item is that program's
_ITEM_HOLDOUT = re.compile(
    r"(?:^|(?<=[\n,;:])|(?<=\d[.)]))\s*(?P<item>[^,;:\n()]+?)\s*\(\s*(?:(?:hold(?:ing)?[\s-]?out|holdout|keep)(?:\s+of)?\s+"
    r"(?P<p>\d{1,2}(?:\.\d+)?)\s*%|(?P<q>\d{1,2}(?:\.\d+)?)\s*%\s+(?:holdout|hold-out|held out))\s*\)",
    re.IGNORECASE,
)
# where an item's program name ends: its people ("for …", " - …") or a rank word
_NAME_END = re.compile(r"\s+(?:for|to|among|with|who|[-\u2013\u2014])\s", re.IGNORECASE)


@dataclass
class NamedSettings:
    """The channels, caps and holdouts said of programs by name."""

    channels: list[tuple[str, list[str]]] = field(default_factory=list)
    caps: list[tuple[str, FrequencyCap]] = field(default_factory=list)
    cap_sentences: list[str] = field(default_factory=list)  # kept out of the policy-wide cap
    holdouts: list[tuple[str, float]] = field(default_factory=list)
    barred: list[tuple[str, str]] = field(default_factory=list)  # (program, a channel it must not use)
    holdout_only: bool = False  # "a 10% holdout on the upgrade nudge only": the other programs hold out none


# "rank A over B, hold out 20% of A, and send B by push only": a setting said of a program after a comma is a
# sentence of its own (read as the ranking's pieces, "hold out 20" became a program and the channel everyone's)
_CHAINED_SETTING = re.compile(
    r"\s*,\s*(?:and\s+)?(?=(?:hold(?:ing)? out|keep)\s+\d{1,2}(?:\.\d+)?\s*%\s+of\s"
    r"|send\s+(?:the\s+|our\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:by|via|over|through)\s+(?:push|e-?mail|sms|text|in-app)\w*"
    r"(?:\s+only)?\s*(?:[.;!?]|$))",
    re.IGNORECASE,
)


def take_named_settings(text: str) -> tuple[str, NamedSettings]:
    """Cut the sentences that set a named program's channel or cap: (rest, the settings)."""
    said = NamedSettings()
    text = _CHAINED_SETTING.sub(". ", text)

    def cut_channels(m: re.Match[str]) -> str:
        pairs = ((m["a"], m["ca"]), (m["b"], m["cb"]), (m["c"], m["cc"]), (m["d"], m["cd"]), (m["e"], m["ce"] or m["cf"]))
        for name, word in pairs:
            if name:
                said.channels.append((name.strip(), [channel_name(word)]))
        return " "

    def cut_barred(m: re.Match[str]) -> str:
        name, word = next(((m[n], m[f"c{n}"]) for n in "abc" if m[n]), (_EVERY_PROGRAM, m["cd"]))
        said.barred.append((name.strip(), channel_name(word)))
        return "." if m.group(0).rstrip()[-1:] in ".;!?" else " "

    def cut_cap(m: re.Match[str]) -> str:
        name = (m["a"] or m["b"]).strip()
        sends = _TIMES.get(m["n"].lower()) or int(m["n"])
        said.caps.append(
            (name, FrequencyCap(max_sends=max(1, min(sends, 100)), per_days=_DAYS[m["period"].lower()]))
        )
        said.cap_sentences.append(m.group(0).strip())
        return " "

    def cut_holdout(m: re.Match[str]) -> str:
        share = float(m["p"] or m["q"] or m["r"] or m["s"]) / 100
        if share > MAX_HOLDOUT:
            return m.group(0)  # more than a rule may hold out: left for the readers to refuse or read
        said.holdouts.append(((m["a"] or m["b"] or m["c"] or m["d"]).strip(), share))
        said.holdout_only = said.holdout_only or bool(m["only"] or m["only_d"])
        return " "

    def cut_item_holdout(m: re.Match[str]) -> str:
        share = float(m["p"] or m["q"]) / 100
        if share > MAX_HOLDOUT:
            return m.group(0)
        item = m["item"].strip()
        said.holdouts.append((_NAME_END.split(item, maxsplit=1)[0].strip(), share))
        return m.group(0)[: m.start("item") - m.start()] + item  # the item stays, its bracket goes

    text = _SAID_CAP.sub(cut_cap, _SAID_CHANNELS.sub(cut_channels, _BARRED_CHANNEL.sub(cut_barred, text)))
    text = _ITEM_HOLDOUT.sub(cut_item_holdout, _SAID_HOLDOUT.sub(cut_holdout, text))
    return text.strip(), said


def _set(rule: Rule, settings: NamedSettings, rules: list[Rule]) -> Rule:
    update: dict[str, object] = {}
    for name, channels in settings.channels:
        named = rules_named(name, rules)
        if rule in named or not named:
            update["channels"] = stated_channels(channels, rule.template_key or rule.id)
    for name, barred in settings.barred:
        named = rules_named(name, rules)
        if rule in named or not named:
            steps = update.get("channels", rule.channels)
            update["channels"] = _without_channel(steps if isinstance(steps, list) else rule.channels, barred, rule)
    for name, cap in settings.caps:
        if rule in rules_named(name, rules):
            update["frequency_cap"] = cap
    held = [named for named in (rules_named(name, rules) for name, _ in settings.holdouts) if named]
    if settings.holdout_only and held and not any(rule in named for named in held):
        update["holdout_share"] = 0.0
    for name, share in settings.holdouts:
        named = rules_named(name, rules)
        if rule in named or not named:
            update["holdout_share"] = share
    return rule.model_copy(update=update) if update else rule


def _without_channel(steps: list[ChannelStep], barred: str, rule: Rule) -> list[ChannelStep]:
    """Return the rule's channels without the barred one, or the first other channel when none is left."""
    kept: list[str] = [step.channel for step in steps if step.channel != barred]
    if not kept:
        kept = [next(c for c in ("push", "email", "in_app") if c != barred)]
    return stated_channels(kept, rule.template_key or rule.id)


def give_named_settings(draft: Policy | Refusal, settings: NamedSettings) -> Policy | Refusal:
    """Return the policy with each named program's stated channel and cap set on its rule."""
    if not isinstance(draft, Policy) or not (settings.channels or settings.caps or settings.holdouts or settings.barred):
        return draft
    rules = list(draft.rules)
    unnamed = [cap for name, cap in settings.caps if not rules_named(name, rules)]
    update: dict[str, object] = {"rules": [_set(r, settings, rules) for r in rules]}
    if unnamed:
        # "the newsletter at most twice a month" with no newsletter among the rules: the policy's cap
        cap = unnamed[-1]
        update["frequency_cap"] = cap
        if draft.frequency_cap is not None:
            old = cap_text(draft.frequency_cap)
            update["edge_cases"] = [e.replace(old, cap_text(cap)) for e in draft.edge_cases]
    return draft.model_copy(update=update)


def without_cap_sentences(prompt: str, settings: NamedSettings) -> str:
    """Return the prompt without the sentences that cap one program, so the policy-wide cap is not theirs."""
    for sentence in settings.cap_sentences:
        prompt = prompt.replace(sentence, " ")
    return prompt
