"""Resolve lexicon matches in one clause into mentions: which catalog entry each phrase means, with the
number, negation and window that attach to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agent.catalog_planner.lexicon import Entry, Lexicon, Match
from agent.catalog_planner.quantities import Quantity, TimeWindow
from agent.catalog_planner.text import Token, content_stems
from warehouse.catalog import Catalog

MentionKind = Literal["value", "trait", "count", "event", "property"]


@dataclass
class Mention:
    """One phrase of a clause and the catalog entry it stands for."""

    kind: MentionKind
    match: Match
    trait: str | None = None
    event: str | None = None
    values: list[str] = field(default_factory=list)
    negative_form: bool = False
    alternatives: tuple[Entry, ...] = ()
    quantity: Quantity | None = None
    negated: bool = False
    inner_negation: bool = False
    rank: str | None = None


@dataclass
class Ambiguity:
    """A phrase that matched entries of several traits and nothing in the clause says which."""

    phrase: str
    options: list[str]


def _clause_stems(tokens: list[Token], matches: list[Match]) -> set[str]:
    used = {i for m in matches for i in range(m.first, m.last + 1)}
    return {t.stem for i, t in enumerate(tokens) if i not in used and not t.is_stopword}


def _trait_stems(catalog: Catalog, trait: str) -> set[str]:
    spec = catalog.trait(trait)
    return {s for surface in [spec.name.replace("_", " "), *spec.synonyms] for s in content_stems(surface)}


def _best_by_words(traits: list[str], words: frozenset[str] | set[str], catalog: Catalog) -> list[str]:
    scores = {t: len(_trait_stems(catalog, t) & words) for t in traits}
    best = max(scores.values())
    return [t for t in traits if scores[t] == best and best > 0]


def _pick_trait(
    values: list[Entry], named: set[str], loose: set[str], catalog: Catalog, hints: frozenset[str]
) -> list[Entry]:
    """Keep the value entries whose trait the clause names (as a phrase, or by one of its words), else
    the trait the neighbouring alternatives name ("medium or high intent": "intent" is beside "high")."""
    traits = list(dict.fromkeys(e.name for e in values))
    if len(traits) == 1:
        return values
    chosen = [t for t in traits if t in named]
    if len(chosen) != 1:
        chosen = _best_by_words(traits, loose, catalog)
    if len(chosen) != 1:
        chosen = _best_by_words(traits, hints, catalog)
    return [e for e in values if e.name in chosen] if len(chosen) == 1 else []


_ALL_TIME = re.compile(r"\ball[- ]time\b", re.IGNORECASE)


def act_not_counted(first: Token, description: str) -> bool:
    """Return True when the words open with a verb in the past ("opened a ticket") and the trait sharing them
    counts something other than every such act (`open_tickets`: those not yet resolved)."""
    return first.text.endswith("ed") and not _ALL_TIME.search(description)


def resolve(
    tokens: list[Token],
    matches: list[Match],
    catalog: Catalog,
    lexicon: Lexicon,
    hints: frozenset[str] = frozenset(),
    windowed: bool = False,
) -> tuple[list[Mention], list[Ambiguity]]:
    """Turn matches into mentions, choosing among entries that share a surface form (`hints`: the stems of
    the alternatives around the clause, consulted when the clause alone cannot choose; `windowed`: the
    clause says a time window, which a state cannot hold and an event can)."""
    named = {e.name for m in matches for e in m.entries if e.kind == "trait"}
    loose = _clause_stems(tokens, matches)
    mentions: list[Mention] = []
    ambiguous: list[Ambiguity] = []
    for match in matches:
        by_kind: dict[str, list[Entry]] = {}
        for entry in match.entries:
            by_kind.setdefault(entry.kind, []).append(entry)
        inner_neg = any(tokens[i].is_negation for i in range(match.first, match.last + 1))
        values = by_kind.get("value", [])
        props = tuple(by_kind.get("property_value", []))
        if values and windowed and "event" in by_kind:
            # "cancelled last week" is the cancellation event in that week, not the cancelled state (which
            # would drop the window unsaid)
            mentions.append(Mention("event", match, event=by_kind["event"][0].name, inner_negation=inner_neg))
        elif values:
            picked = _pick_trait(values, named, loose, catalog, hints)
            if not picked:
                ambiguous.append(Ambiguity(match.text, [f"{e.name} = {e.value}" for e in values]))
                continue
            mentions.append(
                Mention(
                    "value",
                    match,
                    trait=picked[0].name,
                    # a word the catalog lists under several values of one trait ("mobile": ios and
                    # android) means any of them
                    values=list(dict.fromkeys(str(e.value) for e in picked)),
                    alternatives=props,
                )
            )
        elif "trait" in by_kind and "event" in by_kind:
            trait_entry = by_kind["trait"][0]
            event_name = by_kind["event"][0].name
            if act_not_counted(tokens[match.first], catalog.trait(trait_entry.name).description or ""):
                # "never opened a ticket", "contacted support": the act done, not the count that shares its words
                # (open tickets now, tickets in 30 days), which a resolved ticket or a month's wait would miss
                mentions.append(Mention("event", match, event=event_name, inner_negation=inner_neg))
            elif catalog.trait(trait_entry.name).type in ("int", "float"):
                mentions.append(
                    Mention(
                        "count", match, trait=trait_entry.name, event=event_name, inner_negation=inner_neg
                    )
                )
            else:  # "subscribed" names a state trait and an event; the event carries counts and negation
                mentions.append(Mention("event", match, event=event_name, inner_negation=inner_neg))
        elif "trait" in by_kind:
            entry = by_kind["trait"][0]
            event = lexicon.trait_to_event.get(entry.name)
            kind: MentionKind = "count" if event else "trait"
            mentions.append(
                Mention(
                    kind,
                    match,
                    trait=entry.name,
                    event=event,
                    negative_form=entry.negative,
                    inner_negation=inner_neg,
                )
            )
        elif "event" in by_kind:
            mentions.append(Mention("event", match, event=by_kind["event"][0].name, inner_negation=inner_neg))
        elif props:
            mentions.append(Mention("property", match, alternatives=props))
    _drop_named_enum_traits(mentions)
    return mentions, ambiguous


def drop_head_nouns(mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
    """Drop a value that is the noun another value of its trait qualifies: "cancelled subscribers" are
    cancelled, "expired trial users" expired (two values joined by "and"/"or" are in separate clauses)."""
    kept: list[Mention] = []
    for m in mentions:
        before = kept[-1] if kept else None
        if (
            before is not None
            and m.kind == before.kind == "value"
            and m.trait == before.trait
            and m.match.first > before.match.last
            and all(t.is_stopword for t in tokens[before.match.last + 1 : m.match.first])
        ):
            continue
        kept.append(m)
    return kept


def drop_verbs_of_other_things(mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
    """Drop a one-word event verb whose object is another catalog thing: in "sent a support ticket" the
    ticket's creation is the act, not a message sent ("sent" alone is `message_sent`)."""
    acts = ("event", "count")
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        after = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            after is not None
            and m.kind in acts
            and after.kind in acts
            and m.event != after.event
            and m.match.first == m.match.last
            and after.match.first > m.match.last
            and after.match.last > after.match.first  # the object is a phrase of its own ("support ticket")
            and all(t.is_stopword for t in tokens[m.match.last + 1 : after.match.first])
        ):
            continue
        kept.append(m)
    return kept


def _drop_named_enum_traits(mentions: list[Mention]) -> None:
    """Drop a bare trait mention when the clause also gives one of its values ("high upgrade intent")."""
    valued = {m.trait for m in mentions if m.kind == "value"}
    mentions[:] = [m for m in mentions if not (m.kind == "trait" and m.trait in valued)]


def attach_quantities(
    mentions: list[Mention], quantities: list[Quantity], tokens: list[Token], catalog: Catalog
) -> list[Quantity]:
    """Give each number to the nearest mention that can take one; return the numbers nobody took."""
    numeric = [m for m in mentions if _takes_number(m, catalog)]
    left: list[Quantity] = []
    for q in quantities:
        free = [m for m in numeric if m.quantity is None]
        if not free:
            left.append(q)
            continue

        def distance(m: Mention, q: Quantity = q) -> int:
            start, end = tokens[m.match.first].start, tokens[m.match.last].end
            return 0 if start <= q.start <= end else min(abs(q.start - end), abs(start - q.end))

        min(free, key=distance).quantity = q
    return left


def _takes_number(m: Mention, catalog: Catalog) -> bool:
    if m.kind in ("count", "event"):
        return True
    return m.kind == "trait" and m.trait is not None and catalog.trait(m.trait).type in ("int", "float")


_RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose", "that", "which"})


def attach_negations(mentions: list[Mention], tokens: list[Token], unread: set[int], matched: set[int]) -> list[int]:
    """Apply each negation word outside a match to the next mention (or the previous one at clause end);
    return the negations left unplaced.

    `unread` are the content words no catalog entry took: a negation whose next word is one of them negates
    that word ("who have not meditated"), and it never reaches back over a relative pronoun to the head
    ("a 4+ day streak who have not …"), so an unknown clause cannot invert a condition beside it. `matched`
    are the words of every catalog phrase: one that is no mention here (a count in a states-only reading of
    "subscribers (no workout in 30 days)") keeps its negation too.
    """
    covered = {i for m in mentions for i in range(m.match.first, m.match.last + 1)}
    unplaced: list[int] = []
    for i, tok in enumerate(tokens):
        if not tok.is_negation or i in covered:
            continue
        said = covered | unread | matched
        following = next((j for j in range(i + 1, len(tokens)) if j in said), None)
        after = [m for m in mentions if m.match.first > i]
        if (following is not None and following not in covered) or not mentions:
            unplaced.append(i)
            continue
        if after:
            target = after[0]
        else:
            target = mentions[-1]
            if any(t.text in _RELATIVE_PRONOUNS for t in tokens[target.match.last + 1 : i]):
                unplaced.append(i)
                continue
        target.negated = not target.negated
    return unplaced


def one_per_entry(mentions: list[Mention]) -> list[Mention]:
    """Keep one mention per trait or event: "lapsed users who haven't worked out in 10 days" names
    days_since_last_workout twice, and the mention with a number or a negation says more."""

    def informative(m: Mention) -> bool:
        return m.quantity is not None or m.negated or m.inner_negation

    kept: list[Mention] = []
    for m in mentions:
        key = m.trait or m.event
        twin = next(
            (k for k in kept if key is not None and (k.trait or k.event) == key and k.kind == m.kind), None
        )
        if twin is None or m.kind == "value":
            kept.append(m)
        elif informative(m) and not informative(twin):
            kept[kept.index(twin)] = m
    return kept


def window_for(mention: Mention, window: TimeWindow | None) -> int | None:
    """Return the window in days a count or event mention uses: the clause's window or a time-unit number."""
    if window is not None:
        return window.days
    q = mention.quantity
    if q is not None and q.is_time:
        mention.quantity = None
        return max(1, round(q.days()))
    return None
