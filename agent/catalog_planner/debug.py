"""Plan a debug prompt: the metric it names, the trait and values to compare, the filters, and the window.

When one value is named ("why did conversion drop on iOS"), every other value is queried too (up to eight), and
the diagnosis compares it with the steadiest of them. The prompt's other stated
scopes ("for users from TikTok") become filters on every query (see `debug_scope`). When nothing is named
("which segment is behind the drop?"), every catalog dimension is surveyed (`DebugPlan.survey`, read by
`agent/debug_survey.py`) and the catalog's first dimension stands when the change is spread; when no metric is named and nothing is said to have
moved ("what's going on with Android?"), the catalog's first metric, said in a note. A question about support
load ("why did support tickets spike?", "CSAT dropped on Android") is planned by `debug_support_plan.py`.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_cues import ASKS_WHY
from agent.catalog_planner.debug_metric import (
    asked_step,
    debug_metric,
    named_metrics,
    noun_of_last_step,
    stand_in_phrase,
)
from agent.catalog_planner.debug_notes import period_scope_notes, unexpressed_refusal
from agent.catalog_planner.debug_scope import MAX_SURVEYED, read_scope, trait_values
from agent.catalog_planner.debug_spelling import mend_spelling
from agent.catalog_planner.debug_subject import asked_subject
from agent.catalog_planner.debug_support import asks_about_support
from agent.catalog_planner.debug_support_plan import plan_support
from agent.catalog_planner.debug_survey_scope import survey_within
from agent.catalog_planner.debug_window import read_period
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import normalize, tokenize
from agent.debug_channel import asked_channel, channel_note, fed_metric, without_channel
from agent.debug_focus import STAND_IN_NOTE
from agent.debug_step import step_note
from agent.types import DebugPlan, Refusal
from tools.scope import categorical_traits
from warehouse.catalog import Catalog


def _counts_something(clause: str, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return whether a clause names an event or an amount trait, the things a time span can bound."""
    entries = [e for m in lexicon.match(tokenize(clause), kinds={"trait", "event"}) for e in m.entries]
    return any(e.kind == "event" or catalog.trait(e.name).type in ("int", "float") for e in entries)


def _adverbs_as_values(text: str, catalog: Catalog) -> str:
    """Return the text with each categorical value said as an adverb ("organically") written as the value."""
    values = {v.lower() for name in categorical_traits(catalog) for v in trait_values(catalog, name) if v.isalpha()}
    return re.sub(r"\b([a-z]+?)(?:ally|ly)\b", lambda m: m[1] if m[1] in values else m[0], text)


# "why are yoga users less likely to upgrade?": how often people do the act, not the intent trait "likely to
# upgrade" names in an audience ("users likely to upgrade" is upgrade_intent when drafting a rule)
_LIKELIHOOD = re.compile(r"\b(?:(?P<how>less|more|least|most)\s+likely|unlikely)\s+to\s+(?=[a-z])")


def _likelihood_as_act(text: str) -> str:
    """Return the text with "less likely to X" said as "less X" ("unlikely to X" as "less X")."""
    return _LIKELIHOOD.sub(lambda m: f"{m['how'] or 'less'} ", text)


def _count_question(event: str, catalog: Catalog) -> str:
    """Return a data question that counts the users who did an event, split as a diagnosis would be."""
    spec = catalog.event(event)
    did = spec.synonyms[0] if spec.synonyms else f"had {event}"
    dimension = catalog.dimensions[0] if catalog.dimensions else None
    split = f", by {(dimension.synonyms or [dimension.name])[0]}" if dimension is not None else ""
    return f"how many users {did} in the last 30 days{split}?"


def _no_metric_refusal(phrase: str, catalog: Catalog, lexicon: Lexicon) -> Refusal:
    """Refuse a movement of something no metric measures; when the catalog records it as an event or an
    amount ("support tickets", "plan selected"), say that a data question can count it."""
    entries = [e for m in lexicon.match(tokenize(phrase), kinds={"event", "trait"}) for e in m.entries]
    traits = list(dict.fromkeys(e.name for e in entries if e.kind == "trait"))
    # a count trait's event counts too ("checkouts" is checkout_attempts, which counts checkout_started)
    events = list(dict.fromkeys([e.name for e in entries if e.kind == "event"]
                                + [lexicon.trait_to_event[t] for t in traits if t in lexicon.trait_to_event]))
    recorded = list(dict.fromkeys(events + traits))
    reason = f"'{phrase}' is not a catalog metric, so there is no funnel to compare."
    if recorded:
        example = f" (for example '{_count_question(events[0], catalog)}')" if events else ""
        reason += f" The catalog records it as {', '.join(recorded)}: ask it as a data question{example} to count it."
    return Refusal(reason=reason, unmatched_phrases=[phrase], suggestions=[m.name for m in catalog.metrics] + recorded)


def plan_debug(prompt: str, catalog: Catalog, lexicon: Lexicon) -> DebugPlan | Refusal:
    """Return the DebugPlan of a 'why did X change' prompt, or refuse naming the missing metric."""
    # Catalog names as the catalog spells them ("trial_conversion by device_os") read as their words, and a
    # value said as an adverb ("acquired organically") as the value.
    text, mended = mend_spelling(_likelihood_as_act(_adverbs_as_values(normalize(prompt.replace("_", " ")), catalog)),
                                 catalog, lexicon)
    named, rest = read_period(text, lambda clause: _counts_something(clause, catalog, lexicon))
    tokens = tokenize(rest)
    if asks_about_support(rest, lexicon, catalog) and not named_metrics(tokens, lexicon):
        # "why did support tickets spike?", "CSAT dropped on Android": support load, not a funnel
        return plan_support(prompt, rest, named, mended, lexicon, catalog)
    metric = debug_metric(tokens, lexicon, catalog)
    # "why did subscriptions drop?": the noun of a funnel's last step names its metric
    noun = noun_of_last_step(tokens, catalog) if metric is None else None
    metric = noun[0] if noun is not None else metric
    # "why did push delivery drop on iOS?": the exposure comparison measures it, beside the metric push feeds
    channel = asked_channel(rest) if metric is None else None
    fed = fed_metric(catalog, channel.channel) if channel is not None else None
    metric = metric or fed
    subject = asked_subject(rest) if metric is None else None
    funnels = [m.name for m in catalog.metrics if m.funnel]
    if metric is None and (subject is not None or not ASKS_WHY.search(rest) or not funnels):
        return _no_metric_refusal(subject or prompt.strip(), catalog, lexicon)
    unnamed = metric is None
    metric = metric or funnels[0]
    spec = next(m for m in catalog.metrics if m.name == metric)
    # "what's going on with push on iOS?": the channel asked about is no filter on who has push enabled
    scope = read_scope(tokenize(without_channel(rest)) if fed else tokens, lexicon, catalog, spec)
    if scope is None:
        return refusal_for(["(no dimension to compare)"], [], catalog, what="dimension in")
    if len(scope.segments) < 1:
        return refusal_for([scope.dimension], [], catalog, what="dimension values for")
    if scope.unexpressed and not scope.chosen:
        return unexpressed_refusal(scope.unexpressed, catalog)
    not_applied = list(scope.not_applied)
    not_applied += period_scope_notes(named)
    not_applied[:0] = mended
    stand_in = None if unnamed or fed else stand_in_phrase(tokens, lexicon, catalog, metric)
    if channel is not None and fed is not None:
        not_applied.insert(0, channel_note(channel, fed))
    step = None if unnamed or fed or stand_in or noun else asked_step(tokens, lexicon, spec)
    if step is not None:
        # "why did pricing page views drop on iOS?": that step first, then the funnel it belongs to
        not_applied.insert(0, step_note(step[0], step[1], metric))
    if noun is not None:
        not_applied.insert(0, f"'{noun[1]}' read as {noun[2]}, the last step of {metric}, so the diagnosis compares "
                              f"{metric}.")
    if unnamed:
        # "what's going on with Android?": a health check of the group, on the catalog's first metric
        others = ", ".join(funnels[1:])
        not_applied.insert(0, f"The prompt names no metric, so the diagnosis compares {metric}, the catalog's first; "
                              f"name {others or 'another metric'} to compare that instead.")
    if stand_in:
        not_applied.insert(0, STAND_IN_NOTE.format(phrase=stand_in, metric=metric, last=spec.funnel[-1]))
    within = survey_within(rest, scope, catalog)
    if within is not None:
        # "which segment is behind the iOS drop?": the other dimensions surveyed among iOS users
        dims, filters = within
        scope.dimension, scope.filters, scope.focus_named = dims[0], filters, False
        scope.segments, scope.chosen = trait_values(catalog, dims[0])[:MAX_SURVEYED], False
    return DebugPlan(
        question=prompt.strip(),
        metric=metric,
        dimension=scope.dimension,
        segments=scope.segments,
        window_days=max(1, min(named.nominal_days, 90)),
        window_label=named.spec.label,
        period=named.spec,
        filters=scope.filters,
        not_applied=not_applied,
        focus_named=scope.focus_named,
        comparison=scope.comparison,
        also=scope.also,
        # "which segment is behind the drop?": nothing chosen, so every dimension is compared for where it concentrates
        survey=(within[0] if within is not None else [d.name for d in catalog.dimensions]
                if not scope.chosen and len(catalog.dimensions) > 1 else []),
    )
