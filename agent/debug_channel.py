"""Answer a question about one channel's messages ("why did push delivery drop on iOS?", "why are email opens
down?", "what changed for android email this week?") with the exposure comparison the diagnosis already runs.

No catalog metric measures a channel's delivery, opens or volume, but `message_exposure` does, per segment and
period. Such a question is planned on the metric the channel's messages feed (push the second workout, so
activation), with a note; the summary opens with the channel's own measure for the focus and the comparison.
A channel named with no measure ("android email") opens with whichever of its sends, delivery rate and open
rate moved most for the focus against the other segments. Clicks are not measured, so a question about them stays
refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agent.diagnose import CHANNEL_FEEDS, MIN_COMPARABLE, Z_CRITICAL, pct, two_proportion_z
from agent.types import ExposureDelta
from warehouse.catalog import Catalog

_CHANNEL = {"push": "push", "email": "email", "e-mail": "email", "sms": "sms", "text": "sms", "in-app": "in_app",
            "in app": "in_app", "in_app": "in_app"}
_MEASURE = {"delivery": "delivery_rate", "deliveries": "delivery_rate", "deliverability": "delivery_rate",
            "delivered": "delivery_rate", "delivery rate": "delivery_rate", "sends": "sent", "sent": "sent",
            "send volume": "sent", "volume": "sent", "open rate": "open_rate", "opens": "open_rate",
            "opened": "open_rate", "open": "open_rate"}
_SAID = re.compile(
    r"\b(?P<channel>push|e-?mail|sms|text|in[- ]app)(?:\s+(?:message|messages|notification|notifications|campaign|"
    r"campaigns))?\s+(?P<measure>delivery rate|deliverability|deliveries|delivery|delivered|send volume|sends|sent|"
    r"volume|open rate|opens|opened|open)\b"
)
# A channel said alone: its messages ("in app" without the hyphen is a place: "the dip in app ratings"), not a
# setting of the channel ("push permission") or clicks (not measured).
_BARE = re.compile(
    r"\b(?P<channel>push(?:es)?|e-?mails?|sms|in-app)(?:\s+(?:message|messages|notification|notifications|campaign|"
    r"campaigns))?\b(?!\s*(?:-\s*)?(?:permissions?|enabled|disabled|opt|opt-?ins?|opt-?outs?|settings?|tokens?|"
    r"addresse?s?|clicks?|clicked|click-through|ctr)\b)"
)
ANY = "any"  # the measure of a channel said alone: the one that moved most
_WORDS = {"delivery_rate": "delivery rate", "sent": "sends", "open_rate": "open rate",
          ANY: "sends, delivery rate and open rate"}
_MEASURES = ("sent", "delivery_rate", "open_rate")
# The plan's note on a channel question (the node reads it back to open the summary with the channel's measure).
_MARK = "' is no catalog metric: the diagnosis opens with "
CHANNEL_NOTE = "'{phrase}" + _MARK + "{channel} {words} by segment (message exposure) and compares {metric}, which {channel} messages feed."


@dataclass(frozen=True)
class ChannelAsk:
    """A channel and the exposure measure a question asks about, with the words it used."""

    channel: str
    measure: str
    phrase: str


def asked_channel(text: str) -> ChannelAsk | None:
    """Return the channel measure a normalised question asks about ("push delivery", "email opens"), or None.

    >>> asked_channel("why did push delivery rate drop on ios")
    ChannelAsk(channel='push', measure='delivery_rate', phrase='push delivery rate')
    >>> asked_channel("what changed for android email this week")
    ChannelAsk(channel='email', measure='any', phrase='email')
    >>> asked_channel("why did push clicks drop") is None
    True
    """
    m = _channel_said(text.lower())
    if m is None:
        return None
    phrase = " ".join(m.group().split())
    if m.re is _SAID:
        return ChannelAsk(_CHANNEL[m["channel"]], _MEASURE[m["measure"]], phrase)
    word = m["channel"].replace("-", "")
    channel = "email" if word.startswith("email") else "push" if word.startswith("push") else _CHANNEL.get(word, "in_app")
    return ChannelAsk(channel, ANY, phrase)


def _channel_said(lower: str) -> re.Match[str] | None:
    """Return where lowercase text says a channel with its measure, else the channel alone; clicks are not
    measured, so a channel said of them stands for nothing."""
    said = _SAID.search(lower)
    if said is not None or re.search(r"\bclick", lower):
        return said
    return _BARE.search(lower)


def without_channel(text: str) -> str:
    """Return normalised text with the channel a question asks about blanked ("what's going on with push on
    ios" keeps "on ios"): the channel is the question's subject, not people with push enabled."""
    m = _channel_said(text.lower())
    return text if m is None else text[:m.start()] + " " + text[m.end():]


def fed_metric(catalog: Catalog, channel: str) -> str | None:
    """Return the catalog metric a channel's messages feed: the shortest funnel holding the step it moves."""
    step = CHANNEL_FEEDS.get(channel)
    holding = [m for m in catalog.metrics if m.funnel and step in m.funnel]
    return min(holding, key=lambda m: len(m.funnel)).name if holding else None


def channel_note(ask: ChannelAsk, metric: str) -> str:
    """Return the plan's note for a channel question."""
    return CHANNEL_NOTE.format(phrase=ask.phrase, channel=ask.channel, words=_WORDS[ask.measure], metric=metric)


def noted_channel(not_applied: Sequence[str]) -> ChannelAsk | None:
    """Return the channel question a plan's notes record, or None."""
    for note in not_applied:
        if _MARK in note:
            return asked_channel(note.split("'")[1])
    return None


def _base(ask: ChannelAsk, exposure: Sequence[ExposureDelta], segment: str) -> tuple[float, float]:
    """Return the counts a rate is of in each period: sends for delivery, deliveries for opens."""
    over = {"delivery_rate": "sent", "open_rate": "delivered"}.get(ask.measure, "sent")
    row = next((r for r in exposure if r.channel == ask.channel and r.segment == segment and r.metric == over), None)
    return (row.previous, row.current) if row is not None else (0.0, 0.0)


def channel_lead(
    ask: ChannelAsk, exposure: Sequence[ExposureDelta], segments: Sequence[str], labels: Mapping[str, str],
    direction: str | None,
) -> str:
    """Return the sentence on the channel's measure in both periods for the focus (the first segment), then each
    other segment with enough messages to compare, and whether the focus moved the way the question says."""
    if ask.measure == ANY:
        return _moved_most_lead(ask, exposure, segments, labels, direction)
    rows = {r.segment: r for r in exposure if r.channel == ask.channel and r.metric == ask.measure}
    focus = segments[0]
    name = labels.get(focus, focus)
    words = f"{ask.channel} {_WORDS[ask.measure]}"
    if focus not in rows:
        return f"No {ask.channel} messages went to {name} in either period, so there is no {words} to compare. "
    rate = ask.measure != "sent"

    def said(row: ExposureDelta) -> str:
        return f"{pct(row.previous)} to {pct(row.current)}" if rate else f"{row.previous:,.0f} to {row.current:,.0f}"

    others = [f"{labels.get(s, s)}: {said(rows[s])}" for s in segments[1:]
              if s in rows and min(_base(ask, exposure, s)) >= MIN_COMPARABLE]
    text = f"{words[:1].upper()}{words[1:]} for {name} went from {said(rows[focus])}"
    text += f" ({'; '.join(others)})" if others else ""
    row = rows[focus]
    moved = abs(two_proportion_z(row.previous, _base(ask, exposure, focus)[0], row.current,
                                 _base(ask, exposure, focus)[1])) >= Z_CRITICAL if rate else row.current != row.previous
    if direction is not None and (not moved or (row.delta < 0) != (direction == "down")):
        said_way = "fell" if direction == "down" else "rose"
        seen = "it did not change significantly" if not moved else f"it {'rose' if row.delta > 0 else 'fell'}"
        return text + f": the question says it {said_way}, but {seen}. "
    return text + ". "


def _movement(ask: ChannelAsk, measure: str, exposure: Sequence[ExposureDelta], segments: Sequence[str]) -> float:
    """Return how far the focus's measure moved, as a z statistic: a rate against its own base; sends as the
    focus's share of the channel's sends to the compared segments (a volume that rose for everyone is no move)."""
    focus, rows = segments[0], {r.segment: r for r in exposure if r.channel == ask.channel and r.metric == measure}
    if focus not in rows:
        return 0.0
    row = rows[focus]
    if measure != "sent":
        asked = ChannelAsk(ask.channel, measure, ask.phrase)
        return two_proportion_z(row.previous, _base(asked, exposure, focus)[0], row.current, _base(asked, exposure, focus)[1])
    compared = [s for s in segments if s in rows]
    if len(compared) < 2:  # the focus alone: no share to move
        return 0.0
    before, after = sum(rows[s].previous for s in compared), sum(rows[s].current for s in compared)
    return two_proportion_z(row.previous / before if before else 0.0, before, row.current / after if after else 0.0, after)


def _moved_most_lead(
    ask: ChannelAsk, exposure: Sequence[ExposureDelta], segments: Sequence[str], labels: Mapping[str, str],
    direction: str | None,
) -> str:
    """Return the lead of a channel said alone: the measure that moved most for the focus, or all three held."""
    measured = [m for m in _MEASURES
                if any(r.channel == ask.channel and r.segment == segments[0] and r.metric == m for r in exposure)]
    if not measured:
        return channel_lead(ChannelAsk(ask.channel, "sent", ask.phrase), exposure, segments, labels, direction)
    moves = {m: _movement(ask, m, exposure, segments) for m in measured}
    moved = [m for m in sorted(measured, key=lambda m: -abs(moves[m])) if abs(moves[m]) >= Z_CRITICAL]
    if moved:
        lead = channel_lead(ChannelAsk(ask.channel, moved[0], ask.phrase), exposure, segments, labels, direction)
        also = [f"{_WORDS[m]} ({_values(ask, m, exposure, segments[0])})" for m in moved[1:]]
        held = [_WORDS[m] for m in measured if m not in moved]
        return (lead + (f"Its {' and '.join(also)} changed too. " if also else "")
                + (f"Its {' and '.join(held)} did not change significantly. " if held else ""))
    name = labels.get(segments[0], segments[0])
    said = ", ".join(f"{_WORDS[m]} {_values(ask, m, exposure, segments[0])}" for m in measured)
    return (f"{ask.channel[:1].upper()}{ask.channel[1:]} messages to {name} did not change significantly against the "
            f"other segments ({said}). ")


def _values(ask: ChannelAsk, measure: str, exposure: Sequence[ExposureDelta], segment: str) -> str:
    """Return a segment's measure in both periods, "1,453 to 925" or "96.9% to 98.1%"."""
    row = next(r for r in exposure if r.channel == ask.channel and r.segment == segment and r.metric == measure)
    return f"{row.previous:,.0f} to {row.current:,.0f}" if measure == "sent" else f"{pct(row.previous)} to {pct(row.current)}"
