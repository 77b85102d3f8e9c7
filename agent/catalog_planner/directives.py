"""Policy-wide settings a decision prompt states in passing: a holdout ("hold out 10%", "a 20% holdout"), a
global control group, and a channel order ("push first, email as fallback", "email only"). They are read
from the whole prompt, their sentences are cut before the programs are read (so "as fallback" is never
taken for a program), and they are applied to the drafted policy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.catalog_planner.channels import stated_channels
from agent.catalog_planner.program_marks import channel_name, take_channel_sequence
from agent.catalog_planner.suppressions import CAP, take_caps
from agent.catalog_planner.text import normalize
from orchestrator.spec import Policy

MAX_HOLDOUT = 0.5  # the spec's bound on holdout_share and control_group_share

_SHARE = r"(\d{1,2}(?:\.\d+)?)\s*(?:%|percent|per cent)"
# "keep 15% as a control group": a policy's control group (a rule, having none, holds the share out)
_AS_CONTROL_GROUP = r"\s+(?:as\s+(?:an?\s+|the\s+|our\s+)?)?(?:global\s+)?control(?: group)?"
_HOLDOUT = re.compile(
    rf"{_SHARE}\s+(?:(?:random\s+)?hold-?\s?outs?|held out|hold back|holdback)|"
    rf"(?:hold-?\s?outs?|hold(?:ing)? (?:out|back)|holdback|keep(?:ing)?(?: back| out)?)(?:\s*:\s*|\s+)(?:of\s+|group of\s+)?{_SHARE}",
    re.IGNORECASE,
)
_CONTROL = re.compile(
    rf"{_SHARE}{_AS_CONTROL_GROUP}|(?:global\s+)?control group(?:\s*:\s*|\s+)(?:of\s+)?{_SHARE}",
    re.IGNORECASE,
)
_CHANNEL = r"(push(?:es| notifications?)?|e-?mails?|sms|texts?|in-app(?: messages?)?|in app(?: messages?)?)"
_ORDER = re.compile(
    rf"\b{_CHANNEL}\s+(?:first|before|then|followed by|and then|,\s*then)\s*,?\s*(?:(?:then|fall(?:ing)? back to|with)\s+)?"
    # "email first, then a push to finish their workout" orders programs, not the channels of each
    rf"(?:by\s+|an?\s+)?{_CHANNEL}(?!\s+(?:to|for|about|that|which|reminders?|nudges?|offers?|series|campaigns?|pitch))|"
    rf"\b{_CHANNEL}\s+(?:first\s+)?(?:and|,)\s+(?:an?\s+)?{_CHANNEL}\s+as\s+(?:a\s+)?(?:fallback|backup|second)|"
    rf"\bfall(?:ing)? back (?:from\s+)?{_CHANNEL}\s+to\s+{_CHANNEL}",
    re.IGNORECASE,
)
_ONLY = re.compile(
    rf"\b(?:only\s+(?:by\s+|via\s+|use\s+|on\s+|through\s+|over\s+)?{_CHANNEL}|{_CHANNEL}[\s-]only)\b", re.IGNORECASE
)
# "1) Win-back - cancelled users - email only": a line of a list; what it says is that item's
_ITEM_LINE = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-h]\)|[-*\u2022])\s", re.MULTILINE)
# A setting said inside a sentence about programs (", with a cap of 2 messages per week") is cut from it.
_INLINE = re.compile(
    r",?\s*(?:with|and|using|under)?\s*(?:a\s+)?(?:(?:global\s+)?frequency\s+)?cap(?:ped)?\s+(?:of|at)\s+[^,.;?!]*|"
    rf",?\s*(?:with|and|using)?\s*(?:(?:give|keep|use)\s+(?:both|each|all|them|each one|every one)\s+)?(?:a\s+)?{_SHARE}\s+"
    r"(?:hold-?\s?outs?|(?:global\s+)?control(?: group)?)|"
    r",?\s*(?:and\s+|with\s+)?(?:no more than|at most)\s+(?:\d+|one|two|three|four|five)\s+(?:messages?|sends?|touches?|"
    r"notifications?|emails?)\s+(?:a|per|each|every)\s+\w+(?:\s+per user)?|"
    # "…, but only on email, and hold out 20%": a channel and a holdout said after the programs
    rf",?\s*(?:but\s+|and\s+)?(?:only\s+(?:by\s+|via\s+|on\s+|through\s+|over\s+)?{_CHANNEL}|{_CHANNEL}[\s-]only)\b|"
    rf",?\s*(?:and\s+)?(?:hold(?:ing)?\s+(?:out|back)|holdout(?:\s+of)?)\s+{_SHARE}",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"((?<=[.;!?])\s+|\n+)")
# A sentence that also names people or a program is kept for the readers: the setting rides along.
_PEOPLE = re.compile(
    r"\b(?:users?|people|customers?|anyone|everyone|who|whose|signups?|subscribers?|members?|trialists|newcomers|fans|"
    r"lovers|folks|runners|cyclists|yogis)\b",
    re.IGNORECASE,
)


# …or a guard: "hold the nudge whenever there's an open billing ticket, max 2 pushes a week" (the cap rides along)
_GUARDS = re.compile(
    r"\b(?:while|whenever|unless|until|as soon as|as long as)\b|\b(?:stop|suppress|skip|exclude|pause)\s+(?:the|our|all|any)\b",
    re.IGNORECASE,
)


@dataclass
class Directives:
    """The settings read, and the prompt without the sentences that only state them."""

    text: str
    holdout: float | None = None
    control: float | None = None
    channels: list[str] = field(default_factory=list)


def _share(m: re.Match[str] | None) -> float | None:
    if m is None:
        return None
    value = next(g for g in m.groups() if g)
    return min(float(value) / 100, MAX_HOLDOUT)


def read_directives(prompt: str) -> Directives:
    """Return the prompt's holdout, control group and channel order, and its text without their sentences."""
    held, kept_back = _HOLDOUT.search(prompt), _CONTROL.search(prompt)
    if held and kept_back and held.start() < kept_back.end() and kept_back.start() < held.end():
        held = None  # "keep 15% as a control group": one share, the control group's
    holdout, control = _share(held), _share(kept_back)
    channels: list[str] = []
    order = _ORDER.search(prompt)
    sequence = take_channel_sequence(prompt)[1]  # "start with push, then email, finally SMS"
    if order:
        channels = [channel_name(w) for w in order.groups() if w]
    if len(sequence) > len(channels):
        channels = sequence
    elif (only := _ONLY.search(_without_item_lines(prompt))) is not None:
        channels = [channel_name(next(w for w in only.groups() if w))]
    listed = len(_ITEM_LINE.findall(prompt)) >= 2
    kept = []
    pieces = _SENTENCES.split(prompt)
    # the separators are kept (line breaks included): a bulleted list is read from its lines
    for sentence, sep in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        states = (
            _HOLDOUT.search(sentence)
            or _CONTROL.search(sentence)
            or _ORDER.search(sentence)
            or _ONLY.search(sentence)
            or take_channel_sequence(sentence)[1]
            or CAP.search(normalize(sentence))
        )
        if listed and _is_item(sentence):
            kept.append(sentence)  # an item's own channel ("- Re-engagement: push only") stays with its item
        elif not (states and not _PEOPLE.search(sentence) and not _GUARDS.search(sentence)):
            # "For trial users, start with push, then email": the people stay, the channel plan is read here
            kept.append(_INLINE.sub("", take_channel_sequence(sentence)[0]))
        kept.append("\n" if "\n" in sep else " ")
    return Directives("".join(kept).strip(), holdout, control, channels)


def _without_item_lines(prompt: str) -> str:
    """Return the prompt without the lines of a list of two or more items (each says its own channel)."""
    if len(_ITEM_LINE.findall(prompt)) < 2:
        return prompt
    return "\n".join(line for line in prompt.splitlines() if not _is_item(line))


def _is_item(line: str) -> bool:
    """Return True when a list line names a program or people, not only settings ("- Email only" is every rule's)."""
    mark = _ITEM_LINE.match(line)
    return mark is not None and not states_only_settings(line[mark.end() :])


# "no holdout", "without a control group", "skip the holdout": everyone eligible is sent to
_NO_HOLDOUT = re.compile(
    r"\b(?:no|without(?: an?| any)?|skip(?: the)?|zero)\s+(?:hold-?\s?outs?|holdback|control(?: group)?)\b",
    re.IGNORECASE,
)
# the words around a holdout said beside the people: ", keep a", "with a", "(… as control)"
_AROUND = r"[\s,;:(\-]*(?:\b(?:and|with|plus|keep(?:ing)?|use|using)\s+)?(?:\ban?\s+)?"
_AS_CONTROL = r"(?:\s+group\b)?(?:\s+(?:as\s+(?:an?\s+|the\s+)?)?(?:control(?: group)?|holdout)\b)?"


def take_holdout(text: str) -> tuple[str, float | None]:
    """Return the text without a holdout said in passing ("…, keep a 10% holdout", "hold out 15% as control",
    "no holdout") and the share it states (0 for none), or the text unchanged and None."""
    for pattern, share in ((_HOLDOUT, None), (_NO_HOLDOUT, 0.0)):
        said = re.search(rf"{_AROUND}(?:{pattern.pattern}){_AS_CONTROL}", text, re.IGNORECASE)
        if said is not None:
            value = share if share is not None else _share(pattern.search(said.group()))
            return f"{text[: said.start()]} {text[said.end() :]}".strip(), value
    return text, None


def take_only_channel(text: str) -> tuple[str, list[str]]:
    """Return the text without a one-channel statement ("email only", "only via push") and that channel."""
    said = re.search(rf"[\s,;(\-]*(?:{_ONLY.pattern})", text, re.IGNORECASE)
    if said is None:
        return text, []
    channel = channel_name(next(w for w in said.groups() if w))
    return f"{text[: said.start()]} {text[said.end() :]}".strip(), [channel]


def states_only_settings(sentence: str) -> bool:
    """Return True when a sentence says only settings ("Holdout 5%", "push only", "No more than 2 messages a
    week"), no people or program."""
    rest = take_holdout(take_caps(sentence)[0])[0]
    rest = _ONLY.sub(" ", _CONTROL.sub(" ", rest))
    return not re.sub(r"[\W_]+", "", rest)


def apply_directives(policy: Policy, directives: Directives) -> Policy:
    """Return the policy with the stated holdout, control group and channel order."""
    rules = [
        rule.model_copy(
            update={
                **({"holdout_share": directives.holdout} if directives.holdout is not None else {}),
                **(
                    {"channels": stated_channels(directives.channels, rule.template_key or rule.id)}
                    if directives.channels
                    else {}
                ),
            }
        )
        for rule in policy.rules
    ]
    update: dict[str, object] = {"rules": rules}
    if directives.control is not None:
        update["control_group_share"] = directives.control
    return policy.model_copy(update=update)
