"""Build, from the catalog alone, a lexicon of surface forms → catalog entries, and match it against text.

Surface forms come from names (underscores as spaces), synonyms, enum values and their `value_synonyms`
("paying" → `subscription_status = active`, "iPhone" → `device_os = ios`), country names of country codes,
and short glosses in descriptions (`active (paying)` makes "paying" mean `active`). A team that adds
a trait with synonyms to the catalog gets it recognised with no code change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from agent.catalog_planner.countries import country_names
from agent.catalog_planner.derivations import derived_surfaces, repeated_surfaces
from agent.catalog_planner.text import Token, content_stems
from warehouse.catalog import Catalog, TraitSpec

if TYPE_CHECKING:
    from agent.catalog_planner.score_words import ScoreBound

EntryKind = Literal["trait", "value", "event", "property_value", "metric", "dimension"]
CONDITION_KINDS: frozenset[str] = frozenset({"trait", "value", "event", "property_value"})

# A surface form containing one of these reads as the false side of a boolean trait ("opted out").
NEGATIVE_POLARITY = frozenset({"out", "disabl", "off", "deni", "revok", "unsubscrib", "declin", "block"})
POSITIVE_POLARITY = frozenset({"on", "enabl", "reenabl", "grant", "allow", "accept"})
_MAX_GLOSS_WORDS = 2
# words that count an event before a kind of it ("no yoga workouts", "any HIIT sessions")
_COUNTING = frozenset({"no", "any", "zero", "none"})


@dataclass(frozen=True)
class Entry:
    """What a surface form means: a trait, a trait's value, an event, an event property's value, ..."""

    kind: EntryKind
    name: str
    value: str | None = None
    prop: str | None = None
    negative: bool = False


@dataclass(frozen=True)
class Match:
    """A run of tokens that matched lexicon entries."""

    first: int
    last: int
    entries: tuple[Entry, ...]
    text: str


@dataclass
class Lexicon:
    """Surface-form keys (tuples of stems) → entries, plus catalog links the parser needs."""

    forms: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    trait_to_event: dict[str, str] = field(default_factory=dict)
    event_to_trait: dict[str, str] = field(default_factory=dict)
    partial_forms: dict[tuple[str, ...], list[tuple[tuple[str, ...], list[Entry]]]] = field(
        default_factory=dict
    )
    max_len: int = 1
    _known_stems: set[str] = field(default_factory=set)
    _entry_stems: dict[tuple[str, str, str | None], set[str]] = field(default_factory=dict)
    # the bounds the catalog's descriptions state ("mean CSAT at or below 2"), read once on first use
    score_bounds: list[ScoreBound] | None = None

    def add(self, surface: str, entry: Entry) -> None:
        """Register one surface form (ignored when it has no content words)."""
        key = _bag(content_stems(surface))
        if not key:
            return
        bucket = self.forms.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        self.max_len = max(self.max_len, len(key))

    def match(self, tokens: Sequence[Token], kinds: Iterable[str] = CONDITION_KINDS) -> list[Match]:
        """Greedy longest-first matches of content tokens (stopwords skipped) against entries of `kinds`."""
        wanted = frozenset(kinds)
        content = [i for i, t in enumerate(tokens) if not t.is_stopword]
        out: list[Match] = []
        pos = 0
        while pos < len(content):
            for size in range(min(self.max_len, len(content) - pos), 0, -1):
                key = _bag(tokens[i].stem for i in content[pos : pos + size])
                entries = tuple(e for e in self.forms.get(key, ()) if e.kind in wanted)
                if not entries and size >= 2:
                    entries = self._partial(key, wanted)
                if entries:
                    size += self._absorbed(entries, [tokens[i] for i in content[pos + size :]])
                    first, last = content[pos], content[pos + size - 1]
                    text = " ".join(t.text for t in tokens[first : last + 1])
                    out.append(Match(first, last, entries, text))
                    pos += size
                    break
            else:
                pos += 1
        return out

    def _partial(self, key: tuple[str, ...], wanted: frozenset[str]) -> tuple[Entry, ...]:
        """Return the entry of a form of which `key` lacks one word ("days left" of "days left in trial"),
        when that form names a single entry; several candidates are no match."""
        found = {e for form, entries in self.partial_forms.get(key, ()) for e in entries if e.kind in wanted}
        names = {(e.kind, e.name, e.value) for e in found}
        return tuple(sorted(found, key=repr)) if len(names) == 1 else ()  # sorted: sets vary by hash seed

    def property_only(self, token: Token) -> tuple[Entry, ...]:
        """Return the entries of a word that only names event property values ("billing"), else ()."""
        entries = self.forms.get((token.stem,), [])
        if not entries or any(e.kind != "property_value" for e in entries):
            return ()
        # A word that is also part of another phrase ("push" in "push enabled") stays in the text.
        in_phrases = any(
            token.stem in key and any(e.kind != "property_value" for e in found)
            for key, found in self.forms.items()
        )
        return () if in_phrases else tuple(entries)

    def property_between(self, tokens: Sequence[Token], i: int) -> tuple[Entry, ...]:
        """Return the property entries of a value word that splits a catalog phrase ("yoga" in "saved yoga
        workouts": "saved workouts" is `workout_saved`, filtered on yoga), else ()."""
        entries = self.forms.get((tokens[i].stem,), [])
        props = tuple(e for e in entries if e.kind == "property_value")
        # the content words either side ("clicked an in-app message": "clicked" and "message")
        before = next((t for t in reversed(tokens[:i]) if not t.is_stopword), None)
        after = next((t for t in tokens[i + 1 :] if not t.is_stopword), None)
        if not props or after is None:
            return ()
        # "no yoga workouts": the value names a kind of the event the next word alone names
        named = {e.name for e in self.forms.get((after.stem,), []) if e.kind == "event"}
        kinds = tuple(p for p in props if p.name in named and str(p.value) == tokens[i].text)
        if kinds and before is not None and (before.is_negation or before.text in _COUNTING):
            return kinds
        if before is None:
            return ()
        around = self.forms.get(_bag([before.stem, after.stem]), [])
        return props if any(e.kind in ("event", "trait") for e in around) else ()

    def _absorbed(self, entries: tuple[Entry, ...], following: Sequence[Token]) -> int:
        """Return how many following words only restate what the match names: "opted out of marketing"
        is `marketing_opt_in` as "opted out" alone is, since "marketing" is a word of its other forms."""
        if not self._entry_stems:
            for key, found in self.forms.items():
                for e in found:
                    self._entry_stems.setdefault((e.kind, e.name, e.value), set()).update(key)
        count = 0
        for k, token in enumerate(following):
            if self._starts_form(following[k:]):
                break  # "trial users whose trial ends": the second "trial" begins "trial ends"
            # an on/off word is the clause's to read ("push notifications disabled"), not a restatement
            if token.is_negation or token.stem in NEGATIVE_POLARITY | POSITIVE_POLARITY or not all(
                token.stem in self._entry_stems.get((e.kind, e.name, e.value), set()) for e in entries
            ):
                break
            count += 1
        return count

    def _starts_form(self, tokens: Sequence[Token]) -> bool:
        """Return True when the first tokens form a surface form of two or more words."""
        return any(
            _bag(t.stem for t in tokens[:size]) in self.forms
            for size in range(2, min(self.max_len, len(tokens)) + 1)
        )

    def knows(self, stem: str) -> bool:
        """Return True when some surface form of the catalog uses this word."""
        if not self._known_stems:
            self._known_stems = {s for key in self.forms for s in key}
        return stem in self._known_stems

    def entries_for(self, phrase: str) -> list[Entry]:
        """Return the entries registered under a phrase's key."""
        return list(self.forms.get(_bag(content_stems(phrase)), []))


def _bag(stems: Iterable[str]) -> tuple[str, ...]:
    """Key a phrase by its sorted stems, so "pricing viewed" and "viewed pricing" meet."""
    return tuple(sorted(stems))


def value_glosses(value: str, description: str) -> list[str]:
    """Return what a description says in parentheses after a value: ["in a free trial"] for `trial` in
    "trial (in a free trial), active (paying)"."""
    return [m.group(1) for m in re.finditer(rf"\b{re.escape(value)}\s*\(([^)]*)\)", description)]


def _glosses(trait: TraitSpec) -> Iterable[tuple[str, str]]:
    """Yield (value, gloss) from descriptions like `trial (in a free trial), active (paying)`."""
    for value in trait.values or []:
        for gloss in value_glosses(value, trait.description):
            if 0 < len(content_stems(gloss)) <= _MAX_GLOSS_WORDS and not re.search(r"\d", gloss):
                yield value, gloss


def _is_negative(surface: str) -> bool:
    return any(s.startswith(p) for s in content_stems(surface) for p in NEGATIVE_POLARITY)


def _add_trait(lex: Lexicon, trait: TraitSpec) -> None:
    values = trait.values or []
    value_keys = {v: set(content_stems(v)) for v in values}
    # A word the catalog lists as a value's synonym means that value, even when it is also a trait synonym.
    value_surfaces = {_bag(content_stems(s)) for synonyms in trait.value_synonyms.values() for s in synonyms}
    for surface in [trait.name.replace("_", " "), *trait.synonyms]:
        key = set(content_stems(surface))
        if _bag(key) in value_surfaces:
            continue
        # A synonym that names one of the trait's values ("ios users", "free trial") means that value.
        implied = [v for v, vk in value_keys.items() if vk and vk <= key]
        if len(implied) == 1:
            lex.add(surface, Entry("value", trait.name, value=implied[0]))
        elif trait.type == "bool":
            lex.add(surface, Entry("trait", trait.name, negative=_is_negative(surface)))
        else:
            lex.add(surface, Entry("trait", trait.name))
    for value in values:
        lex.add(value.replace("_", " "), Entry("value", trait.name, value=value))
        for name in country_names(value):
            lex.add(name, Entry("value", trait.name, value=value))
    for value, synonyms in trait.value_synonyms.items():
        for surface in synonyms:
            lex.add(surface, Entry("value", trait.name, value=value))
    for value, gloss in _glosses(trait):
        lex.add(gloss, Entry("value", trait.name, value=value))


def _link_traits_to_events(catalog: Catalog, lex: Lexicon) -> None:
    """Link each count trait to the event it counts: same name stems, or a shared synonym."""

    def keys(name: str, synonyms: list[str]) -> set[tuple[str, ...]]:
        return {tuple(sorted(content_stems(s))) for s in [name.replace("_", " "), *synonyms]}

    for trait in catalog.traits:
        if trait.type != "int" or (trait.unit or "") == "days" or re.search(r"_\d+d$", trait.name):
            continue
        tkeys = keys(trait.name, trait.synonyms)
        for event in catalog.events:
            if tkeys & keys(event.name, event.synonyms):
                lex.trait_to_event[trait.name] = event.name
                lex.event_to_trait.setdefault(event.name, trait.name)
                break


def _index_partial_forms(lex: Lexicon) -> None:
    """Index every form of three or more words under each of its one-word-shorter sub-bags."""
    for key, entries in lex.forms.items():
        if len(key) < 3:
            continue
        for i in range(len(key)):
            sub = key[:i] + key[i + 1 :]
            if sub not in lex.forms:
                lex.partial_forms.setdefault(sub, []).append((key, entries))


def _add_derived_forms(catalog: Catalog, lex: Lexicon) -> None:
    """Register the nouns of event and trait verbs ("cancellations", "workout completions", "signups");
    a derived form the catalog already states, for this or another entry, keeps the stated meaning."""
    stated = set(lex.forms)
    derived: list[tuple[str, Entry]] = []
    for event in catalog.events:
        for surface in [event.name.replace("_", " "), *event.synonyms]:
            derived += [(d, Entry("event", event.name)) for d in derived_surfaces(surface)]
            derived += [(d, Entry("event", event.name)) for d in repeated_surfaces(surface)]
    for trait in catalog.traits:
        if trait.filterable and trait.type != "bool":
            for surface in [trait.name.replace("_", " "), *trait.synonyms]:
                derived += [(d, Entry("trait", trait.name)) for d in derived_surfaces(surface)]
    for surface, entry in derived:
        if _bag(content_stems(surface)) not in stated:
            lex.add(surface, entry)


def build_lexicon(catalog: Catalog) -> Lexicon:
    """Build the lexicon for one catalog."""
    lex = Lexicon()
    for trait in catalog.traits:
        if trait.filterable:
            _add_trait(lex, trait)
    for event in catalog.events:
        for surface in [event.name.replace("_", " "), *event.synonyms]:
            lex.add(surface, Entry("event", event.name))
        for prop, spec in event.properties.items():
            for value in spec.values or []:
                lex.add(value.replace("_", " "), Entry("property_value", event.name, value=value, prop=prop))
    for metric in catalog.metrics:
        for surface in [metric.name.replace("_", " "), *metric.synonyms]:
            lex.add(surface, Entry("metric", metric.name))
    for dim in catalog.dimensions:
        for surface in [dim.name.replace("_", " "), *dim.synonyms]:
            lex.add(surface, Entry("dimension", dim.name))
    _add_derived_forms(catalog, lex)
    _link_traits_to_events(catalog, lex)
    _index_partial_forms(lex)
    return lex
