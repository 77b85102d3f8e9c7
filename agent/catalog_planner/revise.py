"""Change the draft on the table as a chat message asks: "make it email only", "hold out 20%", "also exclude
users in France", "only iOS users", "cap it at 2 a week", "stop once they subscribe", "call it pricing_follow_up".

The message is cut into clauses at sentence ends and before each verb of editing ("… and add an email
fallback"); every clause must be read by one of the edits below, or the whole change is refused naming the
clause (a change half-applied would be a draft nobody asked for). A rule changes itself; a policy applies a
change to every rule (channels, holdout, audience, stops) or to itself (cap, control group, suppressions).
The draft keeps its id unless renamed, so proposing it files the next version of the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import ValidationError

from agent.catalog_planner.channels import FALLBACK_DELAY_HOURS, stated_channels
from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.goals import stop_relative_to_audience
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.program_marks import CHANNEL_WORD, channel_name
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.revise_relative import as_absolute, relative_edit
from agent.catalog_planner.revise_removals import removal
from agent.catalog_planner.revise_targets import (
    AIM,
    Edit,
    Inapplicable,
    Spec,
    Unread,
    find_targets,
    order_edit,
    policy_edit,
    program_addition,
    scoped,
)
from agent.catalog_planner.revise_targets import each_rule as _each_rule
from agent.catalog_planner.revise_values import ADD_VALUE, SET_NUMBER, SWAP_VALUE, renumber, replaced, revalue
from agent.catalog_planner.slugs import slugify, unique
from agent.catalog_planner.suppressions import CAP, NEVER_MORE, channel_caps, frequency_cap, states_cap
from agent.catalog_planner.text import normalize
from agent.revision_cues import FILLER
from agent.types import Refusal
from orchestrator.spec import (
    AllOf,
    ChannelStep,
    Condition,
    Policy,
    Rule,
    StopCondition,
    Suppression,
    TraitCondition,
)
from warehouse.catalog import Catalog

_CH = CHANNEL_WORD
_SHARE = r"(\d{1,2}(?:\.\d+)?)\s*(?:%|percent|per cent)"
_LEAD = re.compile(FILLER)
_TAIL = re.compile(r"(?:\s+(?:for|on|to|in|of|from)\s+it)?\s*(?:,?\s*(?:please|instead|thanks|too|as well)\s*)*[.!?]*\s*$")
# Where one edit ends and the next begins: sentence ends, and a verb of editing after "and", "then" or a comma.
_STRONG = (
    r"(?:make|change|use|switch|set|add|remove|drop|delete|exclude|cap|hold(?:ing)? ?out|holdout|no holdout|"
    r"rename|call it|give it|stop (?:it )?(?:when|once|after|if)|skip|send (?:it|them)|limit|restrict|wait|delay|no cap|"
    r"and only|but only|only|leave out|suppress|double|halve|triple|tighten|loosen|shrink|"
    r"(?:send )?(?:a (?:bit|little|lot) |much )?(?:less|more) (?:often|frequently))\b"
)
_SPLIT = re.compile(
    rf"[.;!?]+\s*|\s*,\s*(?:(?:and|then|plus)\s+)?(?:also\s+)?(?={_STRONG})|\s+(?:(?:and|then|plus)\s+(?:also\s+)?|also\s+)(?={_STRONG})"
    # "no push, email only": a channel said alone after a comma is an edit of its own
    rf"|\s*,\s*(?={_CH}\s+(?:only|instead)\b)",
    re.IGNORECASE,
)

_NO_HOLDOUT = re.compile(r"^(?:no|without(?: a| any)?|(?:drop|remove|disable|kill|get rid of|turn off|switch off)(?: the)?|zero) "
                         r"hold-?\s?outs?(?: off)?$|^turn (?:the )?hold-?\s?out off$")
_HOLDOUT = re.compile(
    rf"^(?:(?:set|use|make|change|add)\s+)?(?:(?:the|an?|it)\s+)?(?:hold-?\s?out(?: share| group)?|hold (?:out|back))\s+"
    rf"(?:to\s+|of\s+|at\s+)?{_SHARE}$|"
    rf"^(?:(?:use|make it|set|give it|add|with|keep)\s+)?(?:an?\s+)?{_SHARE}\s+(?:as\s+(?:an?\s+)?)?hold-?\s?out(?: group)?$"
)
_CONTROL = re.compile(
    rf"^(?:(?:set|use|add|make)\s+)?(?:(?:the|a)\s+)?(?:global\s+)?control group\s+(?:to\s+|of\s+|at\s+)?{_SHARE}$|"
    rf"^(?:(?:use|add|set)\s+)?(?:an?\s+)?{_SHARE}\s+(?:global\s+)?control(?: group)?$"
)
_NO_CAP = re.compile(r"^(?:no|without(?: a| any)?|drop(?: the)?|remove(?: the)?) (?:frequency )?cap$")
# Words a cap clause may hold besides the cap itself ("cap it at 2 per week instead").
_CAP_WORDS = {"cap", "it", "them", "at", "to", "limit", "set", "the", "frequency", "a", "of", "make", "change", "sends",
              "messages", "per", "user", "users", "global", "and", "also", "most", "no", "more", "than", "max",
              "maximum", "up", "never", "any", "one", "channel",
              # a cap said of one channel ("at most 1 push a day"), which the cap's own pattern may not span
              "push", "pushes", "notification", "notifications", "email", "emails", "sms", "text", "texts"}
_PRIORITY = re.compile(
    r"^(?:(?:make|set) it (?:to |at )?|give it |(?:set|change|bump|raise|lower|move) (?:the |its )?|move it to )?"
    r"priority (?:to |of |at )?(\d{1,4})$"
)
_RENAME = re.compile(
    r"^(?:rename(?: (?:it|this|the rule|the policy|the draft))?(?: to| as)?|call it|name it|"
    r"(?:change|set|make) (?:the |its )?(?:name|id) (?:to|as)?)\s+(.+)$"
)
_ONLY_CHANNEL = re.compile(
    rf"^(?:(?:make it|send (?:it|them)|use|switch (?:it )?to|change (?:it )?to|just|only|go)\s+)?(?:(?:just|only)\s+)?"
    rf"(?:(?:by|via|over|as|on|through)\s+)?(?:an?\s+)?{_CH}(?:\s+(?:only|instead|alone))?$"
)
# "make it push only for Android users": channels for some of the audience, which one rule cannot say
_CHANNEL_FOR_PEOPLE = re.compile(
    rf"^(?:(?:make it|send (?:it|them)|use|switch (?:it )?to|change (?:it )?to)\s+)?(?:(?:by|via|over|as)\s+)?(?:an?\s+)?"
    rf"{_CH}(?:\s+only)?\s+(?:for|to|on)\s+(?P<people>.+?)(?:\s+only)?$"
)
_TWO_CHANNELS = re.compile(
    rf"^(?:(?:make it|send (?:it|them)|use|switch (?:it )?to|change (?:it )?to)\s+)?(?:(?:by|via)\s+)?{_CH}\s+"
    rf"(?:then|first,? then|followed by|with|and then)\s+(?:an?\s+)?{_CH}(?:\s+(?:as\s+)?(?:a\s+)?(?:fallback|backup))?$"
)
_ADD_STEP = re.compile(
    rf"^add\s+(?:an?\s+)?{_CH}(?:\s+(?P<kind>step|fallback|follow-?up|reminder|backup))?"
    r"(?:\s+(?:after|in)\s+(?P<n>\d+)\s*(?P<unit>hours?|hrs?|h|days?|d))?"
    r"(?P<cond>\s+(?:if|when|for (?:those|people|users) who)\s+(?:they\s+)?(?:do not|did not|have not|never|no)\s+"
    r"(?:open|opened|read)(?:\s+(?:it|the (?:first|previous|push|email)(?: one| message)?))?|\s+if (?:it is |it's )?unopened)?$"
)
# "send email if the push isn't opened in a day", "follow up by email after 2 days if the push is not opened",
# "if they don't open it, send an email a day later": a step after another, sent only when that one went unopened
_SPAN = r"(?P<{n}>\d+|an?|one|two|three)\s*(?P<{u}>hours?|hrs?|h|days?|d)"
def _unopened(k: str) -> str:
    """Return the pattern of "if the push is not opened" / "if they don't open it" (its groups suffixed with k)."""
    return (
        rf"if\s+(?:(?:the\s+)?(?P<first{k}>{_CH[1:-1]})|it|the (?:first|previous) (?:one|message))\s+(?:is|was|has|goes|stays)\s+"
        r"(?:not|never|un)\s*(?:been\s+)?opened|"
        rf"if\s+(?:they|people|users|the user)\s+(?:do not|did not|have not|never|does not)\s+(?:open|read)\s+"
        rf"(?:it|that|the (?:first|previous) (?:one|message)|(?:the\s+)?(?P<other{k}>{_CH[1:-1]}))"
    )


_SEND_IF_UNOPENED = re.compile(
    rf"^(?:(?:then\s+)?send|follow (?:it )?up (?:by|with|via|over))\s+(?:an?\s+)?(?:follow-?up\s+)?{_CH}"
    rf"(?:\s+(?:after|in)\s+{_SPAN.format(n='n', u='unit')})?\s+(?:{_unopened('')})"
    rf"(?:\s+(?:in|within|after|by)\s+(?:the first\s+|a\s+)?{_SPAN.format(n='n2', u='unit2')})?$"
    rf"|^(?:{_unopened('_b')})\s*,?\s*(?:then\s+)?send\s+(?:them\s+)?(?:an?\s+)?(?P<later>{_CH[1:-1]})"
    rf"(?:\s+{_SPAN.format(n='n3', u='unit3')}\s+later|\s+(?:after|in)\s+{_SPAN.format(n='n4', u='unit4')})?$"
)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
# "send push first, then email after 2 days if they don't open": the whole plan, in order
_FIRST_THEN = re.compile(
    rf"^(?:send\s+)?(?:an?\s+)?{_CH}\s+first\s*,?\s*(?:and\s+)?then\s+(?:an?\s+)?(?P<second>{_CH[1:-1]})"
    rf"(?:\s+(?:after|in)\s+{_SPAN.format(n='n', u='unit')}(?:\s+later)?)?"
    r"(?P<unopened>\s+if\s+(?:they\s+)?(?:do not|did not|have not|never)\s+(?:open|read)(?:\s+(?:it|the first(?: one)?))?|"
    r"\s+if\s+(?:it is|it was|that is)\s+(?:not opened|unopened)|\s+if unopened)?$"
)
# "make it 2 per week", "once a week": a cap said with no word for what it counts
_BARE_CAP = re.compile(
    r"^(?:only |just )?(?:(?:make|set|change|limit|keep|send|message) (?:it |them )?(?:to |at )?)?(?:only |just )?"
    r"(?P<n>\d+|once|twice)\s*(?:times?\s+)?"
    r"(?:per|a|an|each|every|/)\s*(?P<unit>day|week|month)$"
)
_DROP_STEP = re.compile(rf"^(?:drop|remove|delete|no|without|skip|cut)\s+(?:the\s+|any\s+)?{_CH}"
                        r"(?:\s+(?:step|follow-?up|fallback|reminder|touch|send|message))?$")
_DELAY = re.compile(
    rf"^(?:wait|delay(?: the\s+{_CH})?(?: by| for)?)\s+(?P<n>\d+)\s*(?P<unit>hours?|hrs?|h|days?|d)"
    rf"(?:\s+before\s+(?:the\s+|sending the\s+)?(?P<ch2>{_CH[1:-1]}))?$"
)
_EXCLUDE = re.compile(
    r"^(?:exclude|but not|except(?: for)?|without|leave out|skip|not for|suppress|minus|and not|never send to|"
    r"do not send (?:it )?to|do not message|keep out|(?:i'd |i would )?rather not (?:include|target|send to|message)|"
    r"do not (?:include|target))\s+(?P<people>.+)$"
)
_STOP = re.compile(
    r"^(?:stop (?:it |sending |messaging |the rule )?(?:when|once|after|if|as soon as)|exit (?:when|once|after|if)|"
    r"end (?:it )?(?:when|once|after))\s+(?P<cond>.+)$"
)
_NARROW = re.compile(
    r"^(?:only|just|limit (?:it |this |the audience )?to|restrict (?:it |this |the audience )?to|target only|"
    r"and only|but only|only (?:for|target|send to)|also require|require|"
    # "upgrade messaging should only go to users who viewed pricing" (the rule's name read as "it")
    r"(?:it|they|this|that) (?:should |must |can |may |will )?only (?:go(?:es)?|be sent|is sent|sends?|reach(?:es)?|"
    r"targets?)(?: out)?(?: to)?)"
    r"\s+(?P<people>.+?)(?:\s+only)?$|"
    r"^(?P<trailing>.+?)\s+only$"
)
# "change the audience to users in France", "target users in Brazil instead": the audience replaced, the rest kept
_RETARGET = re.compile(
    r"^(?:(?:change|set|switch|replace) (?:the |its )?(?:audience|targeting|target|segment|who it targets) (?:to|with) "
    r"(?P<a>.+?)|(?:make|send|target) it (?:for|to|at) (?P<b>.+?)|target (?P<c>.+?)|(?:send|make) it to (?P<d>.+?))$"
)
_INSTEAD = re.compile(r"\binstead\b", re.IGNORECASE)  # said before the tail words are cut: the people replace the audience
# "only users in Germany who completed 3 workouts should get the upgrade nudge" names a program: a new request
_NAMES_PROGRAM = re.compile(r"\b(?:should|must|will|would|can|to)\s+(?:get|receive|see|be sent)\b|\b(?:gets?|receives?)\s+(?:the|a|an|our)\b")
_OWN_REQUEST = re.compile(
    r"^\s*(?:please\s+|now\s+|ok,?\s+)*(?:create|define|build|draft|set up|write|make (?:a|an|another|me a) (?:new )?"
    r"(?:rule|policy|program|campaign|nudge|flow|journey))\b",
    re.IGNORECASE,
)


def reads_as_own_request(message: str) -> bool:
    """Return True when a message that revise could not read is a request of its own, to draft afresh: it names
    who should get a program ("only users in Germany ... should get the upgrade nudge") or opens like a request
    ("create a rule for ..."); any other unread change is refused, never swapped for a new draft."""
    return _NAMES_PROGRAM.search(message.lower()) is not None or _OWN_REQUEST.match(message) is not None


_EXAMPLES = ["make it email only", "add an email fallback after 24 hours", "hold out 20%", "cap it at 2 per week",
             "also exclude users in France", "only iOS users", "stop once they subscribe", "call it pricing_follow_up"]


class CannotApply(Refusal):
    """A change that was read but that this draft cannot take: a refusal, never a reason to draft afresh."""


def _light(text: str) -> str:
    """Lowercase and expand contractions; number words stay words ("stop once they subscribe")."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"\bcan't\b", "can not", re.sub(r"\bwon't\b", "will not", text))
    return re.sub(r"\b(\w+)n't\b", r"\1 not", text)


def _each_rule_it_fits(spec: Spec, change: Callable[[Rule], Rule]) -> Spec:
    """Return the spec with `change` applied to the rule, or to each rule of the policy it fits: a policy-wide
    "add an email fallback" leaves an email-only rule as it is; it is refused only when it fits no rule."""
    if isinstance(spec, Rule):
        return change(spec)
    rules, refused = [], []
    for rule in spec.rules:
        try:
            rules.append(change(rule))
        except Inapplicable as why:
            rules.append(rule)
            refused.append(why)
    if len(refused) == len(spec.rules):
        raise refused[0]
    return spec.model_copy(update={"rules": rules})


def _unit_hours(n: str, unit: str) -> int:
    return int(n) * (24 if unit.startswith("d") else 1)


def _set_channels(said: list[str]) -> Edit:
    return lambda spec: _each_rule(spec, lambda r: r.model_copy(update={"channels": stated_channels(said, r.template_key or r.id)}))


def _add_step(m: re.Match[str]) -> Edit:
    channel = channel_name(m.group(1))
    hours = _unit_hours(m["n"], m["unit"]) if m["n"] else FALLBACK_DELAY_HOURS
    unopened = bool(m["cond"]) or (m["kind"] or "") in ("fallback", "backup")

    def change(rule: Rule) -> Rule:
        only_if = "previous_not_opened" if unopened else "always"
        steps = list(rule.channels)
        if unopened and steps[0].channel == channel:  # a reminder on the same channel ("an email follow-up") is fine
            raise Inapplicable(f"{rule.id} already sends {channel} first; a fallback goes on another channel")
        if unopened and (later := [i for i, s in enumerate(steps) if i and s.channel == channel]):
            # "add an email fallback after 2 days" where one is there: that step changes, no second email is added
            steps[later[0]] = steps[later[0]].model_copy(update={"delay_hours": hours, "only_if": only_if})
            return rule.model_copy(update={"channels": steps})
        step = ChannelStep(channel=channel, delay_hours=hours,  # type: ignore[arg-type]
                           only_if=only_if,  # type: ignore[arg-type]
                           template_key=f"{rule.template_key or rule.id}_{channel}")
        return rule.model_copy(update={"channels": [*steps, step]})

    return lambda spec: _each_rule_it_fits(spec, change)


def _first_then(m: re.Match[str]) -> Edit:
    """The plan "X first, then Y" (after a delay, only if X went unopened when said so)."""
    first, second = channel_name(m.group(1)), channel_name(m["second"])
    hours = int(_NUMBER_WORDS.get(m["n"], m["n"])) * (24 if m["unit"].startswith("d") else 1) if m["n"] else FALLBACK_DELAY_HOURS
    if first == second:
        raise Unread(f"{first} first, then {second} again")

    def change(rule: Rule) -> Rule:
        key = rule.template_key or rule.id
        steps = [ChannelStep(channel=first, template_key=f"{key}_{first}"),  # type: ignore[arg-type]
                 ChannelStep(channel=second, delay_hours=hours, template_key=f"{key}_{second}",  # type: ignore[arg-type]
                             only_if="previous_not_opened" if m["unopened"] else "always")]
        return rule.model_copy(update={"channels": steps})

    return lambda spec: _each_rule(spec, change)


def _follow_up(m: re.Match[str]) -> Edit:
    """A step on one channel after the step the clause names (else the last), sent only if that one went unopened;
    a later step on that channel already there is changed instead of a second one added."""
    channel = channel_name(m.group(1) or m["later"])
    after = next((m[g] for g in ("first", "other", "first_b", "other_b") if m[g]), None)
    span = next(((m[f"n{k}"], m[f"unit{k}"]) for k in ("", "2", "3", "4") if m[f"n{k}"]), None)
    hours = int(_NUMBER_WORDS.get(span[0], span[0])) * (24 if span[1].startswith("d") else 1) if span else FALLBACK_DELAY_HOURS

    def change(rule: Rule) -> Rule:
        steps = list(rule.channels)
        base = channel_name(after) if after else steps[-1].channel
        at = next((i for i, s in enumerate(steps) if s.channel == base), None)
        if at is None:
            raise Inapplicable(f"{rule.id} sends no {base} to follow up (it sends {', '.join(s.channel for s in steps)}); "
                               f"to send {base} first, say '{base} then {channel}'")
        if base == channel:
            raise Inapplicable(f"following an unopened {channel} with another {channel} repeats the channel; name another")
        update = {"delay_hours": hours, "only_if": "previous_not_opened"}
        if at + 1 < len(steps) and steps[at + 1].channel == channel:
            steps[at + 1] = steps[at + 1].model_copy(update=update)
        else:
            steps.insert(at + 1, ChannelStep(channel=channel, template_key=f"{rule.template_key or rule.id}_{channel}",  # type: ignore[arg-type]
                                             **update))  # type: ignore[arg-type]
        return rule.model_copy(update={"channels": steps})

    return lambda spec: _each_rule(spec, change)


def _drop_step(channel: str) -> Edit:
    def change(rule: Rule) -> Rule:
        kept = [s for s in rule.channels if s.channel != channel]
        if not kept or len(kept) == len(rule.channels):
            raise Inapplicable(f"{rule.id} has {'only' if not kept else 'no'} {channel} step")
        return rule.model_copy(update={"channels": [kept[0].model_copy(update={"delay_hours": 0, "only_if": "always"}), *kept[1:]]})

    return lambda spec: _each_rule(spec, change)


def _delay(m: re.Match[str]) -> Edit:
    hours = _unit_hours(m["n"], m["unit"])
    named = m.group(1) or m["ch2"]

    def change(rule: Rule) -> Rule:
        target = channel_name(named) if named else None
        index = next((i for i, s in enumerate(rule.channels) if i and (target is None or s.channel == target)), None)
        if index is None:
            raise Inapplicable(f"{rule.id} has no later {target or 'channel'} step to delay")
        steps = list(rule.channels)
        steps[index] = steps[index].model_copy(update={"delay_hours": hours})
        return rule.model_copy(update={"channels": steps})

    return lambda spec: _each_rule(spec, change)


class _Reader:
    """Read clauses into edits with the catalog's words; raise `Unread` for a clause none reads."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon) -> None:
        self.catalog, self.lexicon = catalog, lexicon
        self.refusal: Refusal | None = None
        self.clause = ""

    def said(self, phrase: str) -> str:
        """Return the phrase as the person typed it (the clauses are read lowercased)."""
        m = re.search(re.escape(phrase), self.clause, re.IGNORECASE)
        return m.group() if m else phrase

    def condition(self, phrase: str) -> Condition:
        parsed = parse_conditions(phrase, self.catalog, self.lexicon)
        if parsed.unexpressed or parsed.condition is None:
            self.refusal = refusal_for(parsed.unexpressed or [phrase], parsed.suggestions, self.catalog, what="audience phrase")
            raise Unread(phrase)
        return parsed.condition

    def _quiet_condition(self, phrase: str) -> Condition | None:
        """Return the condition a phrase states, or None, recording no refusal: a clause these readings leave is
        still read by others (a policy's "add a win-back program last")."""
        parsed = parse_conditions(phrase, self.catalog, self.lexicon)
        return None if parsed.unexpressed else parsed.condition

    def edit(self, clause: str) -> Edit:
        """Return the edit a clause states; the kinds are tried in this order."""
        self.clause = clause
        text = _TAIL.sub("", _LEAD.sub("", _light(clause))).strip()
        text = as_absolute(text) or text  # "raise the cap to 4 per week" is "cap it at 4 per week"
        if (relative := relative_edit(text, _each_rule)) is not None:  # "make the holdout bigger", "double the cap"
            return relative
        if _NO_HOLDOUT.match(text):
            return lambda spec: _each_rule(spec, lambda r: r.model_copy(update={"holdout_share": 0.0}))
        if m := _HOLDOUT.match(text):
            share = float(next(g for g in m.groups() if g)) / 100
            return lambda spec: _each_rule(spec, lambda r: r.model_copy(update={"holdout_share": share}))
        if m := _CONTROL.match(text):
            share = float(next(g for g in m.groups() if g)) / 100
            return lambda spec: _policy_only(spec, "a global control group", {"control_group_share": share})
        if _NO_CAP.match(text):
            return lambda spec: spec.model_copy(update={"frequency_cap": None})
        if m := _BARE_CAP.match(text):
            n = {"once": "1", "twice": "2"}.get(m["n"], m["n"])
            text = f"cap it at {n} per {m['unit']}"
        if states_cap(text) and set(re.findall(r"[a-z]+", _cap_rest(text))) <= _CAP_WORDS:
            return _cap_change(text)
        if m := _PRIORITY.match(text):
            priority = int(m.group(1))
            return lambda spec: _rule_only(spec, "a priority", {"priority": priority})
        if m := _RENAME.match(text):
            new_id = slugify(m.group(1), max_words=6, fallback="")
            if not new_id:
                raise Unread(clause)
            return lambda spec: spec.model_copy(update={"id": new_id})
        if m := _TWO_CHANNELS.match(text):
            return _set_channels([channel_name(m.group(1)), channel_name(m.group(2))])
        if m := _ONLY_CHANNEL.match(text):
            return _set_channels([channel_name(m.group(1))])
        if m := _CHANNEL_FOR_PEOPLE.match(text):
            return _channel_for_people(channel_name(m.group(1)), self.said(m["people"]))
        if m := _ADD_STEP.match(text):
            return _add_step(m)
        if m := _FIRST_THEN.match(text):
            return _first_then(m)
        if m := _SEND_IF_UNOPENED.match(text):
            return _follow_up(m)
        if m := _DROP_STEP.match(text):
            return _drop_step(channel_name(m.group(1)))
        if (remove := removal(text, self.catalog)) is not None:
            return remove
        if m := _DELAY.match(text):
            return _delay(m)
        if m := _STOP.match(text):
            return self._stop(self.said(m["cond"]))
        if m := _EXCLUDE.match(text):
            return self._exclude(self.said(m["people"]))
        if (m := _RETARGET.match(text)) and (m["a"] or _INSTEAD.search(clause)):
            return self._retarget(self.said(next(g for g in m.groups() if g)))
        if m := _NARROW.match(text):
            return self._narrow(self.said(m["people"] or m["trailing"]))
        if m := SET_NUMBER.match(text):
            # "change pricing views to 3" says the number after the words; "3 pricing views" is how it reads
            return self._renumber(f"{m['said']} {m['what']}" if m["what"] else m["said"])
        if m := SWAP_VALUE.match(text):
            return self._revalue(self.said(m["a"] or m["b"]), widen=False)
        if m := ADD_VALUE.match(text):
            return self._revalue(self.said(m["a"] or m["b"]), widen=True)
        if re.search(r"\b(?:too|as well)\s*[.!]*\s*$", clause, re.IGNORECASE) and text:
            # "android too": the words the tail took said it
            return self._revalue(self.said(text), widen=True)
        if re.search(r"\binstead\s*[.!]*\s*$", clause, re.IGNORECASE):
            # "users in Germany instead": other people, in place of the audience
            return self._retarget(self.said(text))
        raise Unread(clause)

    def _renumber(self, phrase: str) -> Edit:
        """A new number for the audience's condition on what the phrase counts (`revise_values.renumber`)."""
        said = self._quiet_condition(phrase)
        if said is None:
            raise Unread(phrase)
        return renumber(said, phrase)

    def _revalue(self, phrase: str, *, widen: bool) -> Edit:
        """Another value of a trait the audience names, in its place or beside it (`revise_values.revalue`)."""
        said = self._quiet_condition(phrase)
        if not (isinstance(said, TraitCondition) and said.op in ("eq", "in")):
            raise Unread(phrase)
        return revalue(said, phrase, widen=widen)

    def _stop(self, phrase: str) -> Edit:
        """A stop condition on the rule (each rule of a policy), read against the audience it stops."""
        said = self.condition(phrase)
        catalog, lexicon = self.catalog, self.lexicon

        def change(rule: Rule) -> Rule:
            audience = rule.audience.conditions if isinstance(rule.audience, AllOf) else [rule.audience]
            condition = stop_relative_to_audience(said, list(audience), catalog, lexicon)
            stop = StopCondition(id=slugify(phrase, fallback="stated_stop"), description=f"Stop once {phrase}.",
                                 condition=condition)
            return rule.model_copy(update={"stop_conditions": [*rule.stop_conditions, _unique(stop, rule.stop_conditions)]})

        return lambda spec: _each_rule(spec, change)

    def _exclude(self, phrase: str) -> Edit:
        """A rule's own suppression, or a policy's (covering all its rules)."""
        condition = self.condition(phrase)
        sup = Suppression(id=slugify(phrase, fallback="excluded"), description=f"Leave out {phrase}.", condition=condition)
        return lambda spec: spec.model_copy(update={"suppressions": [*spec.suppressions, _unique(sup, spec.suppressions)]})

    def _retarget(self, phrase: str) -> Edit:
        """The rule's audience replaced by the people a clause names; its channels, caps, guards and id are kept."""
        condition = self.condition(phrase)

        def change(spec: Spec) -> Spec:
            if isinstance(spec, Policy):
                raise Inapplicable("a policy's rules each have their own audience; name the rule ('for upgrade messaging, "
                                   f"only {phrase}') or narrow them all ('only {phrase}')")
            return spec.model_copy(update={"audience": condition})

        return change

    def _narrow(self, phrase: str) -> Edit:
        if _NAMES_PROGRAM.search(phrase):
            raise Unread(phrase)
        condition = self.condition(phrase)

        def change(rule: Rule) -> Rule:
            # "require 3 pricing views" where the audience has "at least 2": the new bound, not both
            bound = replaced(rule, condition)
            if bound is not rule:
                return bound
            parts = rule.audience.conditions if isinstance(rule.audience, AllOf) else [rule.audience]
            return rule.model_copy(update={"audience": AllOf(conditions=[*parts, condition])})

        return lambda spec: _each_rule(spec, change)


def _channel_for_people(channel: str, people: str) -> Edit:
    """Refuse channels for part of the audience, saying the two changes that can be made instead."""
    def refuse(spec: Spec) -> Spec:
        raise Inapplicable(
            f"one rule sends the same channels to everyone it targets; to send only {channel} and only to {people}, say "
            f"'make it {channel} only and only {people}'; to send {channel} to {people} and keep {spec.id} as it is for "
            f"the others, ask for a copy: 'a rule like {spec.id}, but for {people}, {channel} only'")
    return refuse


def _cap_change(text: str) -> Edit:
    """Return the change a cap clause makes: a cap said of one channel ("at most 1 push a day") is a policy's
    cap on that channel (a single rule's cap counts its own sends, so there it is the rule's cap)."""
    cap, _ = frequency_cap(text)
    by_channel = channel_caps(text)

    def change(spec: Spec) -> Spec:
        if by_channel and isinstance(spec, Policy):
            return spec.model_copy(update={"channel_caps": {**spec.channel_caps, **by_channel}})
        sent = {step.channel for step in spec.channels} if isinstance(spec, Rule) else set()
        if missing := [channel for channel in by_channel if channel not in sent]:
            # "cap pushes at 1 a day" on an email-only rule: capping its sends would cap emails
            raise Inapplicable(f"{spec.id} sends no {missing[0]} (it sends {', '.join(sorted(sent))})")
        return spec.model_copy(update={"frequency_cap": cap})

    return change


def _cap_rest(text: str) -> str:
    """Return the clause without its cap phrase and numbers: what else it says."""
    normal = normalize(text)
    return re.sub(r"\d+", " ", NEVER_MORE.sub(" ", CAP.sub(" ", normal)))


def _unique(guard: Suppression | StopCondition, taken: list[Suppression] | list[StopCondition]) -> Suppression | StopCondition:
    """Return the guard with an id none of `taken` has (a second "France" guard is france_2)."""
    return guard.model_copy(update={"id": unique(guard.id, {g.id for g in taken})})


def _policy_only(spec: Spec, what: str, update: dict[str, object]) -> Spec:
    if isinstance(spec, Rule):
        raise Inapplicable(f"{what} is a policy's setting; a single rule has a holdout instead")
    return spec.model_copy(update=update)


def _rule_only(spec: Spec, what: str, update: dict[str, object]) -> Spec:
    if isinstance(spec, Policy):
        raise Inapplicable(f"{what} belongs to one rule of the policy; say which rule in a new request")
    return spec.model_copy(update=update)


def clauses(message: str) -> list[str]:
    """Split a message into the clauses that each state one change."""
    return [c.strip(" ,") for c in _SPLIT.split(message) if c and c.strip(" ,")]


def _edit_clause(reader: _Reader, clause: str, spec: Spec, aimed: list[str]) -> Spec:
    """Apply one clause: to the draft, or, in a policy, to the rules it names (or a clause before it named)."""
    if isinstance(spec, Rule):
        return reader.edit(clause)(spec)
    clause, named = find_targets(clause, spec)
    if named and AIM.match(clause):
        aimed[:] = named
        return spec
    ids = named or aimed
    if (reorder := order_edit(_light(clause), named)) is not None:  # "swap the first two" names places, not rules
        return reorder(spec)
    if not ids:
        try:
            return reader.edit(clause)(spec)
        except Unread:
            if reader.refusal is None and (why := program_addition(_light(clause), spec)) is not None:
                raise Inapplicable(why) from None
            raise
    whole = policy_edit(clause, ids)
    return whole(spec) if whole is not None else scoped(reader.edit(clause), ids)(spec)


def revise_spec(message: str, previous: Spec, catalog: Catalog, lexicon: Lexicon) -> Spec | Refusal:
    """Return `previous` changed as the message asks, or a refusal naming the clause it could not read."""
    reader = _Reader(catalog, lexicon)
    spec: Spec = previous.model_copy(deep=True)
    aimed: list[str] = []  # the rules a "for second workout" clause aimed the clauses after it at
    for clause in clauses(message):
        if not _TAIL.sub("", _LEAD.sub("", _light(clause))).strip():
            continue  # "ok, …": a filler between edits
        try:
            spec = _edit_clause(reader, clause, spec, aimed)
        except Unread as unread:
            if reader.refusal is not None:
                return reader.refusal
            if isinstance(unread, Inapplicable):
                return CannotApply(reason=f"I read '{clause}' as a change to {previous.id}, but {unread}; nothing was changed.",
                                   unmatched_phrases=[clause], suggestions=_EXAMPLES)
            return Refusal(
                reason=f"I could not read this as a change to {previous.id}: '{unread}'.",
                unmatched_phrases=[str(unread)],
                suggestions=_EXAMPLES,
            )
    try:  # the edits copy fields without checking them: check the result once, as a spec file would be
        return type(spec).model_validate(spec.model_dump())
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(map(str, problem["loc"]))
        return Refusal(
            reason=f"The change sets {where} out of range: {problem['msg']}.",
            unmatched_phrases=[message.strip()],
            suggestions=["holdouts and control groups: 0% to 50%", "priority: 1 to 1000", "caps: 1 to 100 sends per 1 to 90 days"],
        )
