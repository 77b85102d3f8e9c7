"""Read a channel sequence said for one program: "push on day one, email after 48 hours if they ignore it,
then an in-app message a week later".

Each step is a channel word with a time ("on day 3", "after 2 days", "a day later", "48 hours later", "the
next day", "immediately") or a condition on the step before ("if they ignore it", "if they don't open it" →
`previous_not_opened`; "if they don't click" → `previous_not_clicked`). A `ChannelStep` waits `delay_hours`
after the previous step, so day offsets ("day one", "day 3") become the hours between them and relative
times ("after 48 hours", "a week later") are taken as they are. Two or more steps, at least one with a time
or a condition, make a journey: the steps leave the text the audience is read from, and the plan replaces
the drafted channels of the one program they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from agent.catalog_planner.program_marks import FIRST_STEP, channel_name
from agent.catalog_planner.text import NUMBER_WORDS
from orchestrator.spec import ChannelStep, Policy, Rule

OnlyIf = Literal["always", "previous_not_opened", "previous_not_clicked"]
Channel = Literal["push", "email", "sms", "in_app"]

_MAX_DELAY_HOURS = 24 * 30
_HOURS = {"hour": 1, "day": 24, "week": 24 * 7}
_NUMBER = r"(\d+|an?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(hour|day|week)s?"

_CHANNEL_WORD = r"(?:push|e-?mail|sms|text|in[- ]app)\b"
_CHANNEL = re.compile(
    r"\b(?:push(?:es| notifications?)?|e-?mails?|sms|texts?(?: messages?)?|in[- ]app(?: messages?)?)\b",
    re.IGNORECASE,
)
# Pieces of a sequence: cut at commas, semicolons, sentence ends and sequence words.
_PIECES = re.compile(
    r"[,;:]\s*|(?<=[a-z0-9])[.!?](?:\s+|$)|\s+(?:and\s+)?(?:then|followed by|after that)\b\s*,?\s*|"
    rf"\s+and\s+(?=(?:an?\s+|the\s+)?{_CHANNEL_WORD})"
)
_DAY = re.compile(rf"\b(?:on\s+)?day\s+{_NUMBER}\b", re.IGNORECASE)
_AFTER = re.compile(rf"\b(?:after|in|wait(?:ing)?)\s+(?:another\s+)?{_NUMBER}\s+{_UNIT}\b", re.IGNORECASE)
_LATER = re.compile(rf"\b{_NUMBER}\s+{_UNIT}\s+(?:later|after(?:wards?)?)\b", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\b(?:the\s+)?(?:next|following)\s+(day|week)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(?:immediately|right away|at once|straight away|on signup|up front)\b", re.IGNORECASE)
_NOT_CLICKED = re.compile(
    r"\b(?:if|when|unless)\b[^,.;]*\b(?:(?:do|does|did|have|has) not|never|no)\s+(?:click|tap)\w*|\bunclicked\b|"
    r"\bwithout (?:a )?(?:click|tap)\w*",
    re.IGNORECASE,
)
_NOT_OPENED = re.compile(
    r"\b(?:if|when)\b[^,.;]*\b(?:ignor\w*|(?:(?:do|does|did|have|has) not|never|no)\s+(?:open|read|engag|respond)\w*)|"
    r"\bunopened\b|\bunread\b|\bif (?:still )?(?:not|no) (?:opened|open|read|engaged)\b|\bwithout (?:an? )?open\w*",
    re.IGNORECASE,
)
# A channel sent to the people a piece names: "... with a push", "... get an email on day one"
_EMBEDDED_CHANNEL = re.compile(
    r"\s+(?:(?:with|by|via|through|gets?|receives?|sends?)\s+)?(?:an?\s+|the\s+)?"
    rf"{_CHANNEL_WORD}(?!\s+(?:enabled|disabled|on(?!\s+day)|off|permissions?|turned|allowed)\b)",
    re.IGNORECASE,
)
# "users who opened an email": a channel after an event verb describes people, it is not a send
_EVENT_VERB = re.compile(
    r"\b(?:opened|clicked|received|got|read|ignored|sent|has|have|had)(?:\s+(?:an?|the))?\s*$", re.IGNORECASE
)
# "push enabled", "push permission": the state of a channel, not a send
_STATE_AFTER = re.compile(
    r"\s+(?:enabled|disabled|on(?!\s+(?:day|signup)\b)|off|permissions?|turned|opt|allowed)\b", re.IGNORECASE
)
_LEADS = re.compile(
    rf"^\s*(?:(?:and|then|send|with|by|via|finally|{FIRST_STEP})\s+)*(?:an?\s+|the\s+|one\s+)?{_CHANNEL_WORD}",
    re.IGNORECASE,
)
# A piece naming people is an audience or a channel split ("by push to users with push enabled"), not a step.
_PEOPLE = re.compile(r"\b(?:users?|people|customers?|anyone|everyone|those|members)\b", re.IGNORECASE)
# "push users who abandoned checkout …; follow up by email the next day": the channel said as the verb that
# reaches the people is the journey's first send (the piece stays: it is the audience)
_SENT_AS_VERB = re.compile(
    r"^\s*(?:(?:please|pls)\s+)?(?P<channel>push|e-?mail|text|sms)\s+(?:all\s+|our\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:users?|people|customers?|members|subscribers)\b",
    re.IGNORECASE,
)


# "follow up by email the next day if no purchase", "… if they still haven't subscribed": no step condition reads an
# act (a step waits on the previous one's open or click), so it is the journey's stop, said for the audience reader
_UNTIL_ACT = re.compile(
    r"\b(?:if|unless|when)\s+(?:there\s+is\s+|there's\s+)?(?:still\s+)?no\s+(?P<noun>purchase|conversion|subscription|upgrade|"
    r"order|sale|checkout)s?\b|\bif\s+(?:they|the user|he or she)\s+(?:still\s+)?(?:haven't|hasn't|didn't|don't|doesn't|have not|"
    r"has not|did not|do not|does not)\s+(?:yet\s+)?(?P<verb>buy|bought|purchased?|subscribed?|upgraded?|converted?|paid|pay|"
    r"checked out|check out)\b",
    re.IGNORECASE,
)
_ACT_VERB = {"purchase": "purchase", "order": "purchase", "sale": "purchase", "checkout": "purchase", "bought": "purchase",
             "buy": "purchase", "purchased": "purchase", "conversion": "convert", "converted": "convert",
             "subscription": "subscribe", "subscribed": "subscribe", "upgrade": "upgrade", "upgraded": "upgrade",
             "paid": "pay", "checked out": "purchase", "check out": "purchase"}


def _until(piece: str) -> str:
    """Return " until they <act>" for a step said to wait on an act not done ("if no purchase"), else ""."""
    m = _UNTIL_ACT.search(piece)
    if m is None:
        return ""
    word = (m["noun"] or m["verb"]).lower()
    return f" until they {_ACT_VERB.get(word, word)}"


@dataclass(frozen=True)
class Step:
    """One stated send: its channel, when (hours from the start, or after the previous step) and condition."""

    channel: Channel
    offset_hours: int | None  # "on day 3": hours from the start of the journey
    after_hours: int | None  # "after 48 hours", "a week later": hours after the previous step
    only_if: OnlyIf


@dataclass(frozen=True)
class Journey:
    """The stated steps, and the prompt without them (what the audience, stops and guards are read from)."""

    steps: list[Step]
    text: str


def _count(word: str) -> int:
    low = word.lower()
    return int(low) if low.isdigit() else 1 if low in ("a", "an") else NUMBER_WORDS[low]


def _condition(piece: str) -> OnlyIf:
    text = re.sub(r"n't\b", " not", piece.lower().replace("’", "'"))
    if _NOT_CLICKED.search(text):
        return "previous_not_clicked"
    return "previous_not_opened" if _NOT_OPENED.search(text) else "always"


def _timed_step(said: str, channel: Channel) -> Step:
    """Read when and on what condition a step is sent from what is said about it."""
    offset = after = None
    if day := _DAY.search(said):
        offset = (_count(day.group(1)) - 1) * 24
    elif rel := _AFTER.search(said) or _LATER.search(said):
        after = _count(rel.group(1)) * _HOURS[rel.group(2).lower()]
    elif nxt := _NEXT_DAY.search(said):
        after = _HOURS[nxt.group(1).lower()]
    elif _NOW.search(said):
        offset = 0
    return Step(channel, offset, after, _condition(said))


def _is_timed(step: Step) -> bool:
    return step.offset_hours is not None or step.after_hours is not None or step.only_if != "always"


def _channels(text: str) -> set[Channel]:
    """Return the channels sent in a text; "if they haven't opened the push" names the previous one."""
    sent = re.split(r"\b(?:if|unless|when)\b", text, maxsplit=1, flags=re.IGNORECASE)[0]
    # _CHANNEL matches only the four channels a journey step can use
    return {
        cast(Channel, channel_name(m.group(0)))
        for m in _CHANNEL.finditer(sent)
        if not _STATE_AFTER.match(sent, m.end())
    }


def _step(piece: str, pending: str) -> tuple[Step, int] | None:
    """Read one piece as a step and where it starts in the piece, or None; `pending` is what the pieces
    before said about it ("a day later, an email"). A piece naming people is an audience, whose step is a
    channel phrase at its end ("win back lapsed users with a push", "new users get a push on day one")."""
    channels = _channels(piece)
    if len(channels) != 1:
        return None
    if not _PEOPLE.search(piece):
        step = _timed_step(f"{pending} {piece}", channels.pop())
        # "a re-engagement push" names a program; a step leads with its channel or says when it is sent
        return (step, 0) if _is_timed(step) or _LEADS.match(piece) else None
    embedded = _EMBEDDED_CHANNEL.search(piece)
    if (
        embedded is None
        or _PEOPLE.search(piece[embedded.start() :])
        or _EVENT_VERB.search(piece[: embedded.start()])
    ):
        return None
    return _timed_step(f"{pending} {piece[embedded.end() :]}", channels.pop()), embedded.start()


def read_journey(prompt: str) -> Journey | None:
    """Return the channel sequence a prompt states and the prompt without it, or None when it states none."""
    steps: list[Step] = []
    spans: list[tuple[int, int]] = []
    until = ""  # a stop a step's words said ("... if no purchase")
    pending = ""
    start = before = 0  # the piece starts at `start`; its separator at `before`
    for cut in [*_PIECES.finditer(prompt), None]:
        end = cut.start() if cut else len(prompt)
        piece = prompt[start:end]
        found = _step(piece, pending)
        if found is None and not steps and (verb := _SENT_AS_VERB.match(piece)):
            steps.append(Step(cast(Channel, channel_name(verb["channel"])), 0, None, "always"))
        elif found is not None:
            steps.append(found[0])
            until = until or _until(piece)
            spans.append((before if found[1] == 0 else start + found[1], end))
            pending = ""
        elif (
            not _CHANNEL.search(piece) and not _PEOPLE.search(piece) and _is_timed(_timed_step(piece, "push"))
        ):
            pending = f"{pending} {piece}"  # "if they ignore it, email ...", "a day later, an email"
            spans.append((before, end))
        before, start = (cut.start(), cut.end()) if cut else (end, end)
    if len(steps) < 2 or not any(_is_timed(s) for s in steps[1:]):
        return None
    return Journey(steps, _without(prompt, spans) + until)


def _without(prompt: str, spans: list[tuple[int, int]]) -> str:
    """Return the prompt with the step pieces (and the separators before them) removed."""
    text = prompt
    for begin, end in reversed(spans):
        text = text[:begin] + text[end:]
    text = re.sub(r"\s+([.!?,;:])", r"\1", re.sub(r"\s{2,}", " ", text))
    text = re.sub(r"[,;:]+(?=[.!?]|$)", "", text)
    return re.sub(r"^[\s,;:.]+", "", text).strip()


def channel_steps(journey: Journey, template_prefix: str) -> list[ChannelStep]:
    """Return the plan: each step waits the hours after the previous one (day offsets become differences)."""
    out: list[ChannelStep] = []
    at = 0  # hours from the start of the journey of the previous step
    seen: dict[str, int] = {}
    for i, step in enumerate(journey.steps):
        if step.offset_hours is not None:
            delay = max(step.offset_hours - at, 0) if i else step.offset_hours
        elif step.after_hours is not None:
            delay = step.after_hours
        else:
            delay = 0 if i == 0 else 24  # an untimed later step follows a day after the one before
        delay = min(delay, _MAX_DELAY_HOURS)
        at = (at if i else 0) + delay
        seen[step.channel] = seen.get(step.channel, 0) + 1
        suffix = f"_{seen[step.channel]}" if seen[step.channel] > 1 else ""
        out.append(
            ChannelStep(
                channel=step.channel,
                delay_hours=delay,
                only_if=step.only_if if i else "always",
                template_key=f"{template_prefix}_{step.channel}{suffix}",
            )
        )
    return out


def with_journey(draft: Rule | Policy, journey: Journey) -> Rule | Policy:
    """Return the draft with the journey's plan as the channels of its rules (the caller passes one)."""
    if isinstance(draft, Rule):
        return draft.model_copy(update={"channels": channel_steps(journey, draft.template_key or draft.id)})
    rules = [
        r.model_copy(update={"channels": channel_steps(journey, r.template_key or r.id)}) for r in draft.rules
    ]
    return draft.model_copy(update={"rules": rules})
