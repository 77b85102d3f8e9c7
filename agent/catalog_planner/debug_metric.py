"""Find the catalog metric a debug prompt is about: by its name or synonyms, else through the funnel it walks.

Analysts name outcomes more often than metrics ("fewer trial users upgraded", "people are cancelling more",
"fewer users are activating"). A metric is also named by the events of its funnel (the catalog links them:
`subscription_started` is "upgraded"), by an event or trait that shares its first name word with the
funnel's last step (`subscription_cancelled`, `subscription_status = active` ("paying") are the other side
of `subscription_started`), and by a trait value sharing the metric's stem ("activated" for `activation`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.catalog_planner.lexicon import Entry, Lexicon
from agent.catalog_planner.text import Token, stem
from warehouse.catalog import Catalog, MetricSpec

_NTH_STEP = re.compile(r"_\d+$")


def named_metrics(tokens: Sequence[Token], lexicon: Lexicon) -> list[str]:
    """Return the metrics named by their catalog name or a synonym, in the order they appear."""
    return [e.name for m in lexicon.match(tokens, kinds={"metric"}) for e in m.entries]


def funnel_events(metric: MetricSpec) -> list[str]:
    """Return the events of a metric's funnel, in order ("workout_completed_2" is workout_completed)."""
    return [_NTH_STEP.sub("", step) for step in metric.funnel]


def _head(name: str) -> str:
    return name.split("_", 1)[0]


def _score(metric: MetricSpec, entry: Entry) -> int:
    """How strongly an entry names the metric: a funnel step (the last counts most), a sibling, a stem."""
    steps = funnel_events(metric)
    if entry.kind in ("event", "property_value") and entry.name in steps:
        return 2 + steps.index(entry.name) + (len(steps) if entry.name == steps[-1] else 0)
    metric_stem = stem(metric.name.split("_")[0])
    # "trial users" name trial_conversion by its stem before they are a sibling of its last step
    if entry.kind == "value" and entry.value is not None and stem(entry.value)[:6] == metric_stem[:6]:
        return 1 + len(steps)
    if steps and entry.kind in ("event", "trait", "value") and _head(entry.name) == _head(steps[-1]):
        return 1
    return 0


def _with_counted_events(entries: Sequence[Entry], lexicon: Lexicon) -> list[Entry]:
    """Return the entries with the event each count trait counts added after it ("reaching the pricing page" names
    pricing_views, which counts pricing_viewed: a step of a funnel)."""
    out: list[Entry] = []
    for e in entries:
        out.append(e)
        if e.kind == "trait" and e.name in lexicon.trait_to_event:
            out.append(Entry("event", lexicon.trait_to_event[e.name]))
    return out


def implied_metric(tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog) -> str | None:
    """Return the metric whose funnel the prompt's events and states belong to, or None."""
    entries = _with_counted_events([e for m in lexicon.match(tokens) for e in m.entries], lexicon)
    best: tuple[int, str] | None = None
    for metric in catalog.metrics:
        if not metric.funnel:
            continue
        score = max((_score(metric, e) for e in entries), default=0)
        if score and (best is None or score > best[0]):
            best = (score, metric.name)
    return best[1] if best else None


def stand_in_phrase(tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog, metric: str) -> str | None:
    """Return the words that implied `metric` only as a sibling of its last step ("cancellations" for
    trial_conversion): the prompt asked about something no catalog metric measures. None otherwise."""
    if named_metrics(tokens, lexicon):
        return None
    spec = next(m for m in catalog.metrics if m.name == metric)
    scored = [(max((_score(spec, e) for e in m.entries), default=0), any(e.kind == "event" for e in m.entries), m.text)
              for m in lexicon.match(tokens)]
    # What people did (an event: "cancelling", "churn") names the metric over a state that describes them
    # ("paying users"); among equals, the first said.
    best = max(scored, key=lambda t: (t[0], t[1]), default=(0, False, ""))
    return best[2] if best[0] == 1 else None


def noun_of_last_step(tokens: Sequence[Token], catalog: Catalog) -> tuple[str, str, str] | None:
    """Return (metric, word, event) for a word that is the noun of a funnel's last step, unknown to the catalog
    otherwise ("subscriptions" dropped: subscription_started ends trial_conversion), or None."""
    for metric in catalog.metrics:
        if not metric.funnel:
            continue
        last = funnel_events(metric)[-1]
        head = _head(last)
        for t in tokens:
            if t.text in (head + "s", head):
                return metric.name, t.text, last
    return None


def asked_step(tokens: Sequence[Token], lexicon: Lexicon, metric: MetricSpec) -> tuple[str, str] | None:
    """Return (words, step) for the first funnel step before the last that the prompt names ("pricing page views"
    is pricing_viewed of trial_conversion), or None; the last step is the metric's own outcome."""
    if named_metrics(tokens, lexicon):
        return None
    steps = funnel_events(metric)
    for m in lexicon.match(tokens, kinds={"event", "trait"}):
        for e in _with_counted_events(m.entries, lexicon):
            if e.kind == "event" and e.name in steps[:-1]:
                return m.text, metric.funnel[steps.index(e.name)]
    return None


def debug_metric(tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog) -> str | None:
    """Return the metric a debug prompt names, or the one its outcome words imply, or None."""
    named = named_metrics(tokens, lexicon)
    return named[0] if named else implied_metric(tokens, lexicon, catalog)


def outcome_trait(metric: MetricSpec, trait: str) -> bool:
    """Return True when a trait is moved by the metric's own funnel (`subscription_status` by `subscription_started`,
    `activation_state` by `activation`): restricting a comparison to its value would select on the outcome."""
    heads = {_head(metric.name)} | ({_head(funnel_events(metric)[-1])} if metric.funnel else set())
    return _head(trait) in heads
