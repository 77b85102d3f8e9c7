"""Answer a question about one channel's messages ("why did push delivery drop on iOS?", "why are email opens
down?") with the exposure comparison the diagnosis already runs.

No catalog metric measures a channel's delivery, opens or volume, but `message_exposure` does, per segment and
period. Such a question is planned on the metric the channel's messages feed (push the second workout, so
activation), with a note; the summary opens with the channel's own measure for the focus and the comparison.
Clicks are not measured, so a question about them stays refused.
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
_WORDS = {"delivery_rate": "delivery rate", "sent": "sends", "open_rate": "open rate"}
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
    >>> asked_channel("why did push clicks drop") is None
    True
    """
    m = _SAID.search(text.lower())
    if m is None:
        return None
    return ChannelAsk(_CHANNEL[m["channel"]], _MEASURE[m["measure"]], " ".join(m.group().split()))


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
