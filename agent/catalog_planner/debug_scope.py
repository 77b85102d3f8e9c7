"""Read who a debug prompt compares: the dimension and its segments, and every other stated scope as a filter.

"Why did conversion drop on iOS for users from TikTok in Germany?" compares iOS with the other platforms
among TikTok users in Germany. The compared trait is, in order: one the prompt names two or more values of
("yoga lovers vs runners"); a catalog dimension the prompt splits by ("by country", "which source"); the
first catalog dimension a value is named of (as before filters existed); the first categorical trait a
value is named of ("why did activation drop for users at risk"); the first dimension the prompt mentions;
the catalog's first dimension. Every other named value is a filter. A value that the metric's own funnel
moves (`subscription_status` under trial_conversion) or that reads two ways is reported as not applied.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from agent.catalog_planner.debug_cues import MOVED
from agent.catalog_planner.debug_joined import joined_values
from agent.catalog_planner.debug_metric import funnel_events, outcome_trait
from agent.catalog_planner.debug_sources import (
    is_marketing_word,
    source_phrases,
    source_trait,
    unapplied_sources,
)
from agent.catalog_planner.debug_unlisted import unlisted_values
from agent.catalog_planner.debug_unread import GROUP_HEAD, trait_named_by_word, unread_phrases, unread_reason
from agent.catalog_planner.debug_versions import unapplied_versions
from agent.catalog_planner.lexicon import NEGATIVE_POLARITY, POSITIVE_POLARITY, Entry, Lexicon, Match
from agent.catalog_planner.program_marks import channel_name
from agent.catalog_planner.text import Token, stem
from tools.scope import accepted_values, categorical_traits
from warehouse.catalog import Catalog, MetricSpec

MAX_SEGMENTS = 4
# With no value named, every value is surveyed (up to this many) so the diagnosis can find the one that moved.
MAX_SURVEYED = 8
# Words that make a dimension the split rather than a passing mention: "by country", "which source".
_SPLIT_CUES = frozenset({"by", "across", "which", "what", "each", "per", "every", "between", "among"})
_ASKING_CUES = frozenset({"which", "what"})
_CATEGORICAL_ONLY = "a comparison is filtered only by categorical traits (dimensions, enums with values, yes/no traits)"
# Words before a yes/no trait that say people lack it: "users without push enabled", "no marketing consent".
_LACKING = frozenset({"without", "no", "not", "non", "lacking"})
_PREPOSITIONS = frozenset({"on", "off"})
_CONTRASTS = frozenset({"vs", "versus", "and", "or", "than", "compared", "against"})
_SWITCHED = frozenset({"turned", "turn", "turns", "switched", "switch", "toggled", "set", "left", "kept", "is", "are",
                       "was", "were"})
# Words just before a value that leave it out: "non-organic", "except TikTok", "outside the US", "other than".
# ("down on iOS but not on Android" contrasts the two, so "not on" is no exclusion.)
_EXCLUDING = frozenset({"non", "except", "excluding", "outside", "besides"})
_EXCLUDING_PAIRS = frozenset({("other", "than"), ("apart", "from"), ("aside", "from"), ("not", "from")})
_CHANNELS = frozenset({"email", "push", "sms", "in_app"})
_BOOL_STATE_STEMS = NEGATIVE_POLARITY | POSITIVE_POLARITY | {"opt", "consent"}


@dataclass
class DebugScope:
    """The compared trait and segments, the filters, and the scopes stated but not applied; `unexpressed` are
    the groups the warehouse has no record of (a place, platform or source no value lists, a group no trait
    reads), and `chosen` says whether the prompt chose the comparison (a
    value, a split or a dimension it names) rather than it falling to the catalog's first dimension, and
    `focus_named` whether it names a value of the compared trait (the first segment)."""

    dimension: str
    segments: list[str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    not_applied: list[str] = field(default_factory=list)
    unexpressed: list[str] = field(default_factory=list)
    chosen: bool = True
    focus_named: bool = True
    comparison: str | None = None
    named: list[str] = field(default_factory=list)  # the values of the compared trait the prompt names, in order
    also: list[str] = field(default_factory=list)  # values said to move with the focus ("iOS and Android")


def trait_values(catalog: Catalog, name: str) -> list[str]:
    """Return a comparable trait's values ('true', 'false' for a bool)."""
    return accepted_values(catalog, name) or []


def _is_bool(catalog: Catalog, name: str) -> bool:
    return catalog.has_trait(name) and catalog.trait(name).type == "bool"


def _inside(m: Match, t: Match) -> bool:
    """Return whether `t` spans `m` and more."""
    return t.first <= m.first and m.last <= t.last and t.last - t.first > m.last - m.first


def _same_trait(a: Match, b: Match) -> bool:
    return bool({e.name for e in a.entries} & {e.name for e in b.entries})


def _overlaps(m: Match, spans: list[tuple[int, int]]) -> bool:
    return any(m.first <= last and first <= m.last for first, last in spans)


def _pick(m: Match, tokens: Sequence[Token], entries: list[Entry]) -> Entry | None:
    """Return the one entry a match means; for a word several traits share ("high"), the one the next words name."""
    traits = {e.name for e in entries}
    if len(traits) == 1:
        return entries[0]
    following = {t.stem for t in tokens[m.last + 1 : m.last + 4] if not t.is_stopword}
    named = [e for e in entries if following & set(e.name.split("_"))]
    return named[0] if len({e.name for e in named}) == 1 else None


def _bool_value(m: Match, entry: Entry, tokens: Sequence[Token]) -> str | None:
    """Return 'true'/'false' for a bool trait said with its state ("push enabled", "turned push off", "opted
    out"); a channel word alone ("the push outage") names no state."""
    # "on"/"off" before a place or platform is a preposition ("the push campaign on iOS"), not a state; after
    # a verb of switching ("turned on") or before a contrast ("off vs on") it is one.
    def is_preposition(i: int) -> bool:
        if tokens[i].text not in _PREPOSITIONS or i + 1 >= len(tokens) or tokens[i + 1].is_stopword:
            return False
        switched = i > 0 and tokens[i - 1].text in _SWITCHED
        return not switched and tokens[i + 1].text not in _CONTRASTS

    def state_words(span: range) -> list[str]:
        return [tokens[i].stem for i in span if not is_preposition(i)]

    before = {t.text for t in tokens[max(0, m.first - 2) : m.first]}
    # The match's own words say its state first ("notifications turned off vs on" is off).
    for near in (state_words(range(m.first, m.last + 1)),
                 state_words(range(max(0, m.first - 2), min(len(tokens), m.last + 3)))):
        if any(_says(stem, NEGATIVE_POLARITY) for stem in near) or before & _LACKING:
            return "false"
        if any(_says(stem, _BOOL_STATE_STEMS) for stem in near):
            return "false" if entry.negative else "true"
    return None


def _says(stem: str, polarity: frozenset[str]) -> bool:
    # Short stems match whole words only: "out" is not "outage", "on" is not "onboarding".
    return any(stem == p or (len(p) > 3 and stem.startswith(p)) for p in polarity)


def _state_changes(tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog) -> list[Match]:
    """Return each mention of an event that changes a yes/no trait ("notifications turned off" is
    push_permission_changed, which sets push_enabled) as a mention of that trait: a comparison keeps to the
    state, not to the change."""
    def words(phrases: Sequence[str]) -> set[str]:
        return {p.lower() for p in phrases}

    bools = [t for t in catalog.traits if t.type == "bool"]
    out: list[Match] = []
    for m in lexicon.match(tokens, kinds={"event"}):
        for e in m.entries:
            event = catalog.event(e.name)
            said = words([e.name.replace("_", " "), *event.synonyms])
            trait = next((t.name for t in bools if said & words([t.name.replace("_", " "), *t.synonyms])), None)
            if trait is not None:
                out.append(Match(m.first, m.last, (Entry("trait", trait),), m.text))
                break
    return out


def _counted_events(tokens: Sequence[Token], lexicon: Lexicon, taken: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """Return (words, event) for each event counted by a number just before it ("at least 5 workouts")."""
    out: list[tuple[str, str]] = []
    for m in lexicon.match(tokens, kinds={"event"}):
        numbers = [i for i in range(max(0, m.first - 3), m.first) if tokens[i].text.isdigit()]
        if numbers and not _overlaps(m, taken):
            out.append((" ".join(t.text for t in tokens[numbers[0] : m.last + 1]), m.entries[0].name))
    return out


def _chosen(matches: list[Match], tokens: Sequence[Token], usable: set[str], catalog: Catalog) -> list[tuple[Match, list[Entry], Entry | None]]:
    """Return each match with its usable entries and the one it means, preferring a trait named elsewhere."""
    read = [(m, [e for e in m.entries if e.name in usable and (e.kind == "value" or _is_bool(catalog, e.name))])
            for m in matches]
    picked = [(m, entries, _pick(m, tokens, entries)) for m, entries in read]
    settled = {e.name for _, _, e in picked if e is not None}
    out = []
    for m, entries, entry in picked:
        if entry is None and entries:
            # "medium upgrade intent vs low": a shared word ("low") goes with the trait already named
            known = [e for e in entries if e.name in settled]
            entry = known[0] if len({e.name for e in known}) == 1 else None
        out.append((m, entries, entry))
    return out


def named_values(
    tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog, metric: MetricSpec, not_applied: list[str],
    excluded: dict[str, list[str]] | None = None, unexpressed: list[str] | None = None,
    groups: list[str] | None = None, held: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Return trait -> values the prompt names, in order, outside the metric's own words; record what is left
    out, in `excluded` the values it names to leave out ("non-organic"), and in `unexpressed` the groups the
    warehouse has no record of (also in `not_applied`)."""
    excluded = {} if excluded is None else excluded
    unexpressed = [] if unexpressed is None else unexpressed
    groups = [] if groups is None else groups
    held = {} if held is None else held
    usable = set(categorical_traits(catalog))
    # The metric's own words: its name, and, for values, its funnel's events ("starting trials" is
    # trial_started, not users whose subscription is a trial).
    steps = set(funnel_events(metric))
    metric_spans = [(m.first, m.last) for m in lexicon.match(tokens, kinds={"metric"})]
    # ... and a count of a funnel step ("reach the pricing page" is pricing_viewed, not the pricing_views amount)
    own_spans = metric_spans + [(m.first, m.last) for m in lexicon.match(tokens, kinds={"event", "trait"})
                                if any(e.name in steps or lexicon.trait_to_event.get(e.name) in steps
                                       for e in m.entries)]
    source = source_trait(catalog, lexicon)
    value_matches = lexicon.match(tokens, kinds={"value"})
    phrases = source_phrases(tokens, value_matches, source)
    unexpressed += unapplied_sources(phrases, catalog, source)
    traits = [m for m in lexicon.match(tokens, kinds={"trait"}) + _state_changes(tokens, lexicon, catalog)
              if not _overlaps(m, own_spans) and not is_marketing_word(m, tokens, phrases, source)]
    # A value word inside another trait's longer name ("risk" in "high support risk") is that trait's.
    values = [m for m in value_matches
              if not _overlaps(m, own_spans) and not MOVED.fullmatch(m.text)
              and not is_marketing_word(m, tokens, phrases, source)
              and not _describes_product(m, tokens, catalog)
              and not _describes_level(m, tokens)
              and not any(_inside(m, t) and not _same_trait(m, t) for t in traits)]
    not_applied += unapplied_versions(values, tokens)
    unexpressed += unlisted_values(tokens, lexicon, catalog)
    value_spans = [(m.first, m.last) for m in values]
    # Bool traits are named without a value ("push enabled"); a value's words are not read again as one.
    states = [m for m in traits if not _overlaps(m, value_spans)]
    taken = metric_spans + value_spans + [(m.first, m.last) for m in traits]
    not_applied += [f"'{phrase}' ({event}): {_CATEGORICAL_ONLY}, not by counts of events."
                    for phrase, event in _counted_events(tokens, lexicon, taken)]
    named: dict[str, list[str]] = {}
    used: list[tuple[int, int]] = []
    for m, entries, entry in _chosen(sorted(values + states, key=lambda m: m.first), tokens, usable, catalog):
        if not entries:
            # a group's head word is the people, not an amount ("signups via Pinterest" is no days_since_signup)
            if m.entries[0].kind == "trait" and m.entries[0].name not in usable and not re.fullmatch(GROUP_HEAD, m.text):
                not_applied.append(f"'{m.text}' ({m.entries[0].name}): {_CATEGORICAL_ONLY}, not by amounts.")
            continue
        if entry is None:
            options = " or ".join(f"{e.name}={e.value}" for e in entries)
            not_applied.append(f"'{m.text}' could mean {options}; say which.")
            continue
        value = entry.value if entry.kind == "value" else _bool_value(m, entry, tokens)
        if value is None:
            continue
        if outcome_trait(metric, entry.name):
            not_applied.append(
                f"'{m.text}' ({entry.name}={value}): {entry.name} changes as users move through the {metric.name} "
                "funnel, so keeping only that value would select on the outcome."
            )
            continue
        if entry.kind == "value" and _says_newness(m, tokens):
            # each period's cohort is the users who entered the funnel in it: "new users" is what it compares
            used.append((m.first, m.last))
            not_applied.append(
                f"'{m.text}' ({entry.name}={value}): each period's cohort is already the users who entered the "
                f"{metric.name} funnel in it, so new users are what the diagnosis compares; keeping {entry.name}="
                f"{value} too would keep only people who have not moved on yet.")
            continue
        used.append((m.first, m.last))
        if entry.kind == "value" and _negated(m, tokens):
            # "non-organic users", "outside the US": everyone but that value, kept as a filter
            excluded.setdefault(entry.name, []).append(value)
            continue
        if entry.kind == "value" and _held_up(m, tokens):
            held.setdefault(entry.name, value)  # "but not in the US": the segment to compare with
        if value not in named.setdefault(entry.name, []):
            named[entry.name].append(value)
    for phrase in unread_phrases(tokens, used, not_applied + unexpressed):
        _place_group(phrase, catalog, usable, named, groups, not_applied, unexpressed)
    not_applied += unexpressed
    return named


def _place_group(
    phrase: str, catalog: Catalog, usable: set[str], named: dict[str, list[str]], groups: list[str],
    not_applied: list[str], unexpressed: list[str],
) -> None:
    """Read a group no value named: as the end of the trait it names ("support-heavy users" is support_risk
    =high), as that whole trait to compare ("upgrade-ready people"), or, naming none, as unexpressed."""
    said = trait_named_by_word(phrase, sorted(usable), lambda name: trait_values(catalog, name))
    if said is None or named or said[0] in groups:
        unexpressed.append(unread_reason(phrase))
    elif said[1] is not None:
        named[said[0]] = [said[1]]
        not_applied.append(f"'{phrase}' read as {said[0]}={said[1]}, the end of {said[0]} it names.")
    else:
        # every value is compared, and the diagnosis finds the one that moved
        groups.append(said[0])
        not_applied.append(f"'{phrase}' names no {said[0]} value, so every {said[0]} value is compared.")


# Things a team ships: "the new release", "our new onboarding" describe the product, not people.
_PRODUCT_NOUNS = frozenset({"release", "releases", "version", "versions", "build", "builds", "update", "updates",
                            "feature", "features", "flow", "flows", "design", "onboarding", "paywall", "screen",
                            "checkout", "pricing", "app", "ui", "campaign", "campaigns", "promo", "promos",
                            "promotion", "offer", "offers", "experiment", "experiments", "test", "tests", "message",
                            "messages", "messaging", "notification", "notifications", "template", "templates",
                            "journey", "journeys", "sequence", "series", "copy", "creative"})


def _describes_product(m: Match, tokens: Sequence[Token], catalog: Catalog) -> bool:
    """Return whether a value word of a modeled trait qualifies a shipped thing ("the new release", "a new push
    campaign" are no activation_state=new); a dimension's value keeps its meaning ("the android release" is about
    Android)."""
    # a channel word may come between: "a new push campaign", "the new email series"
    after = [t.text for t in tokens[m.last + 1 : m.last + 3]]
    following = after[1] if len(after) == 2 and channel_name(after[0]) in _CHANNELS else next(iter(after), "")
    dims = {d.name for d in catalog.dimensions}
    return following in _PRODUCT_NOUNS and all(e.name not in dims for e in m.entries if e.kind == "value")


# A level said of the metric, after a degree word or a copula: "churn so high", "conversion is low".
_LEVELS = frozenset({"high", "low", "medium", "higher", "lower", "bad", "good", "poor", "weak", "strong"})
_DEGREE = frozenset({"so", "too", "very", "really", "that", "this", "extremely", "unusually", "super", "pretty", "quite",
                     "is", "are", "was", "were", "stays", "stayed", "remains", "remained", "looks", "seems", "got",
                     "getting"})


def _describes_level(m: Match, tokens: Sequence[Token]) -> bool:
    """Return whether a one-word value is a level said of the metric ("why is Android churn so high?", "why is
    conversion this low in India") rather than people: after a degree word or a copula, with no word of its
    trait's name nearby ("users whose upgrade intent is high", "so high intent" keep it)."""
    if m.first != m.last or m.text not in _LEVELS or m.first == 0 or tokens[m.first - 1].text not in _DEGREE:
        return False
    near = {t.stem for t in tokens[max(0, m.first - 4) : m.last + 3]}
    return not any(near & {stem(w) for w in e.name.split("_")} for e in m.entries if e.kind == "value")


# Words that say a value held ("web is flat but iOS tanked", "steady on Android, down on iOS"), up to a contrast.
_STEADY = frozenset({"flat", "steady", "stable", "unchanged", "fine", "ok", "okay", "held", "holding", "flatlined",
                     "stay", "stays", "stayed"})
_CONTRAST_BREAK = frozenset({"but", "while", "whereas", "yet", "though", "although", "and", "vs", "versus"})


def _said_steady(m: Match, tokens: Sequence[Token]) -> bool:
    """Return whether the clause of a value says it held: after it up to a contrast ("web is flat but ..."), or
    just before it ("flat on web, down on iOS")."""
    after: list[str] = []
    for i in range(m.last + 1, min(len(tokens), m.last + 5)):
        # a contrast word or punctuation (more than a space between words: "iOS? Android looks fine") ends the clause
        if tokens[i].text in _CONTRAST_BREAK or tokens[i].start - tokens[i - 1].end > 1:
            break
        after.append(tokens[i].text)
    before = [t.text for t in tokens[max(0, m.first - 4) : m.first] if t.text not in ("the", "a", "an")]
    return bool(_STEADY & set(after)) or (len(before) >= 2 and before[-2] in _STEADY)


_NEWNESS = frozenset({"new", "newcomers", "newbies", "newly"})


def _says_newness(m: Match, tokens: Sequence[Token]) -> bool:
    """Return whether a value says people are new ("new users", "new signups", "newcomers"): recency of joining,
    which the funnel's cohort already is, not a lifecycle state to keep."""
    words = [t.text for t in tokens[m.first : m.last + 1]]
    after = tokens[m.last + 1].text if m.last + 1 < len(tokens) else ""
    return bool(_NEWNESS & set(words)) and (len(words) > 1 or words[0] != "new" or bool(re.fullmatch(GROUP_HEAD, after)))


def _held_up(m: Match, tokens: Sequence[Token]) -> bool:
    """Return whether a value is said as the one that did not move ("but not in the US", "unlike Android",
    "web is flat but iOS tanked")."""
    before = [t.text for t in tokens[max(0, m.first - 4) : m.first] if t.text not in ("the", "a", "an")][-3:]
    return before[-1:] == ["unlike"] or ("but" in before and "not" in before[-2:]) or _said_steady(m, tokens)


def _negated(m: Match, tokens: Sequence[Token]) -> bool:
    """Return whether the words just before a value exclude it ("non-organic", "except TikTok", "outside the US")."""
    before = [t.text for t in tokens[max(0, m.first - 3) : m.first] if t.text not in ("the", "a", "an")][-2:]
    return bool(set(before[-1:]) & _EXCLUDING) or tuple(before) in _EXCLUDING_PAIRS


def _said_as(catalog: Catalog, name: str) -> list[str]:
    """Return the words a trait or dimension is said with: its name and its synonyms."""
    words = [name.replace("_", " "), *(w for d in catalog.dimensions if d.name == name for w in d.synonyms)]
    return words + (list(catalog.trait(name).synonyms) if catalog.has_trait(name) else [])


def _split_dimension(
    tokens: Sequence[Token], lexicon: Lexicon, usable: list[str], catalog: Catalog
) -> tuple[str | None, str | None]:
    """Return (the trait named after a split cue, "by country", "which source"; the first dimension mentioned)."""
    split: str | None = None
    said: str | None = None
    for m in lexicon.match(tokens, kinds={"dimension", "trait"}):
        names = [e.name for e in m.entries if e.name in usable]
        # "marketing" shares the stem of the "market" synonym but is no place ("our marketing lead")
        if m.text.endswith("ing") and not any(w.endswith("ing") for n in names for w in _said_as(catalog, n)):
            continue
        if not names or (m.first > 0 and channel_name(tokens[m.first - 1].text) in _CHANNELS):
            # "the email campaign" is one of our sends, not the acquisition campaign
            continue
        if any(e.kind == "dimension" for e in m.entries):
            said = said or names[0]
        near = [t.text for t in tokens[max(0, m.first - 2) : m.first]]
        cues = set(near) & _SPLIT_CUES
        # "which source", "what platform" ask by it; "what is activation by country" asks of the metric's words
        if cues <= _ASKING_CUES and near[-1:] != [next(iter(cues), "")]:
            cues = set()
        if split is None and cues:
            split = names[0]
    return split, said


def _segments(focus: list[str], values: list[str]) -> list[str]:
    """Return the segments to query: the values named, else every value (up to MAX_SURVEYED) so the diagnosis
    can find the one that moved; one value named comes first, before every other (up to MAX_SURVEYED), so the
    diagnosis compares it with the steadiest of them (the first one listed may have moved as much: "why did
    conversion drop in the UK?" is no question about the US)."""
    if not focus:
        return values[:MAX_SURVEYED]
    if len(focus) > 1:
        return focus[:MAX_SEGMENTS]
    return (focus + [v for v in values if v not in focus])[:MAX_SURVEYED]


def read_scope(tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog, metric: MetricSpec) -> DebugScope | None:
    """Return the debug prompt's compared trait, segments and filters; None when the catalog has nothing to split by."""
    not_applied: list[str] = []
    excluded: dict[str, list[str]] = {}
    unexpressed: list[str] = []
    groups: list[str] = []
    held: dict[str, str] = {}
    named = named_values(tokens, lexicon, catalog, metric, not_applied, excluded, unexpressed, groups, held)
    dims = [d.name for d in catalog.dimensions]
    split, said = _split_dimension(tokens, lexicon, categorical_traits(catalog), catalog)
    said = next(iter(groups), None) or said
    contrast = next((name for name, values in named.items() if len(values) > 1), None)
    split = split if split is not None and split not in named else None
    first_dim = next((name for name in named if name in dims), None)
    dimension = contrast or split or first_dim or next(iter(named), None) or said or (dims[0] if dims else None)
    if dimension is None:
        return None
    # the value said to have held is the comparison, never the focus ("web is flat but iOS tanked")
    focus = sorted(named.get(dimension, []), key=lambda v: v == held.get(dimension))
    also: list[str] = []
    if dimension not in held and joined_values(tokens, lexicon, dimension, focus):
        focus, also = focus[:1], focus[1:]  # "on iOS and Android": both moved, compared with another value
    segments = _segments(focus, trait_values(catalog, dimension))
    filters = {name: values for name, values in named.items() if name != dimension}
    for name, left_out in excluded.items():
        rest = [v for v in trait_values(catalog, name) if v not in left_out]
        if name == dimension and name not in named and len(rest) >= 2:
            segments = rest[:MAX_SEGMENTS]  # "non-iOS users": the other platforms, compared
        elif name == dimension or name in filters:
            not_applied.append(f"'not {', '.join(left_out)}' ({name}): {name} is also compared or kept by value, so "
                               "leaving those out is not applied.")
        else:
            filters[name] = rest
    chosen = bool(named or excluded or split or said)
    return DebugScope(dimension=dimension, segments=segments, filters=filters, not_applied=not_applied,
                      unexpressed=unexpressed, chosen=chosen, focus_named=dimension in named or dimension in excluded,
                      comparison=held.get(dimension) if len(segments) > 1 else None, named=named.get(dimension, []),
                      also=also)
