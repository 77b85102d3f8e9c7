"""Find the words of a clause that no catalog entry read, so a condition the catalog cannot say is named
("I could not express: 'own apple watch'") rather than dropped while the rest becomes a broader rule."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.catalog_planner.lexicon import NEGATIVE_POLARITY, POSITIVE_POLARITY, Match
from agent.catalog_planner.mentions import Mention
from agent.catalog_planner.text import Token, content_stems, stem, words
from warehouse.catalog import Catalog

# Words that carry no condition of their own (framing, question words, the units a number leaves behind,
# "or longer" after a bare number, which already reads as at least):
# a clause made only of these is not "unmatched", and they are never reported as unread.
FILLER: frozenset[str] = words(
    """
    have get got made make want need should would could can will may might must target targets
    targeting eligible eligibility rule rules create define build write draft audience segment send
    sends nudge message messages messaging campaign program journey please also then only like people
    who users user customers currently still already ever yet recently both either each every one ones
    group cohort those what whats which how many much number count average avg
    mean median total sum max min show list me give top bottom share percentage percent proportion
    fraction most highest lowest fewest least find now right use uses using used via through installed
    install app appear appears seem seems
    time times day days week weeks month months hour hours ago next anyone anybody everyone everybody
    else other if when while about before after until since than so as into toward towards per up
    reach hit log achieve again over above below beat beats win wins rank ranks vs priority important
    matter matters later otherwise immediately ahead instead soon file filed submit raise raised came come score rating
    level drop dropped fell fallen rose risen went gone become became ve re ll d m ad ads
    longer more greater higher fans lovers folks enthusiasts far thus us anything something given gave
    """
)

# What is sent and why, not who gets it (nouns and verbs of the message): a label beside the people ("a push reminder to trial users", "reactivate
# cancelled subscribers with a discount") names the message, never a condition.
MESSAGE_NOUNS: frozenset[str] = words(
    """
    reminder reminders series offer offers discount discounts coupon coupons promo promos promotion
    promotions deal deals incentive incentives reward rewards bonus digest tips newsletter survey
    challenge welcome onboarding comeback reactivation reengagement winback email emails sms ask invite invitation announcement saver booster boost rescue recovery upsell
    pitch nudges back remind encourage prompt notify alert ping text reengage reactivate motivate
    congratulate celebrate help them
    """
)
# The words and their stems, so "filed", "raised", "wins" are framing like "file", "raise", "win".
_FILLER_FORMS = FILLER | {stem(w) for w in FILLER}
_MESSAGE_FORMS = MESSAGE_NOUNS | {stem(w) for w in MESSAGE_NOUNS}
# "… should get the welcome series", "… to receive a nudge": what follows is the message.
_RECEIVES = re.compile(r"^(?:should|will|would|must|can|to|shall)$")
_RECEIVE_VERBS = frozenset({"get", "receive", "see", "hear", "be"})


def unread_indices(tokens: list[Token], matches: Iterable[Match], *, with_labels: bool = False) -> set[int]:
    """Return the positions of content words (not stopwords, negations or framing) no match covers; the
    label's words (message nouns like "reminder", words before the first catalog phrase) only `with_labels`."""
    exempt = _FILLER_FORMS if with_labels else _FILLER_FORMS | _MESSAGE_FORMS
    covered = {i for m in matches for i in range(m.first, m.last + 1)}
    # Words before the first catalog phrase name the message or its verb ("send the win-back offer to lapsed
    # users", "remind trial users"); the ones after it qualify the people ("users in Germany who own …").
    start = -1 if with_labels else min(covered, default=-1)
    end = next(
        (i for i in range(len(tokens) - 1) if _RECEIVES.match(tokens[i].text) and tokens[i + 1].text in _RECEIVE_VERBS),
        len(tokens),
    )
    return {
        i
        for i, t in enumerate(tokens[:end])
        if i > start
        and i not in covered
        and not t.is_stopword
        and not t.is_negation
        and not {t.text, t.stem} & exempt
    }


@dataclass
class UnreadWords:
    """The words of one clause no catalog entry read: all of them, and those after its first catalog phrase."""

    all_tokens: list[Token]
    tokens: list[Token]
    everything: set[int]
    after: set[int]
    first_start: int  # where the first catalog phrase starts in the clause (its end when there is none)

    def phrase(self, positions: set[int], unplaced: list[int], props: set[str], *, lead: bool = False) -> str:
        """Join the words at `positions`, the unplaced negations and the property values no event took (those
        after the first catalog phrase, or with `lead` those before it)."""
        starts = {self.tokens[i].start for i in positions | set(unplaced)}
        starts |= {
            t.start
            for t in self.all_tokens
            if t.text in props
            and not {t.text} & (FILLER | MESSAGE_NOUNS)
            and (t.start < self.first_start if lead else t.start > self.first_start)
        }
        return " ".join(t.text for t in self.all_tokens if t.start in starts)

    def qualifiers(self, unplaced: list[int], props: set[str]) -> str:
        """Return the phrase of what qualifies the people and was not read ("own watch", "annual plan")."""
        return self.phrase(self.after, unplaced, props)

    def lead(self, props: set[str]) -> str:
        """Return the unread words before the first catalog phrase ("annual plan" in "the annual plan who …")."""
        before = {i for i in self.everything if self.tokens[i].start < self.first_start}
        return self.phrase(before, [], props, lead=True)


def unread_words(tokens: list[Token], all_tokens: list[Token], matches: list[Match], context: set[int]) -> UnreadWords:
    """Collect the unread words of a clause; `context` are positions read as naming a mentioned entry."""
    starts = [tokens[m.first].start for m in matches]
    # Only a clause about the people ("… who own an Apple Watch", "users on the annual plan") is held to
    # every word; elsewhere unread words beside a condition are framing or the message's name.
    marks = [
        i
        for i, t in enumerate(tokens)
        if t.text in _RELATIVE
        or (t.text in _PEOPLE_PREPOSITIONS and i > 0 and tokens[i - 1].text in _PEOPLE_NOUNS)
    ]
    qualified = {i for i in unread_indices(tokens, matches) - context if marks and i > marks[0]}
    return UnreadWords(
        all_tokens,
        tokens,
        unread_indices(tokens, matches, with_labels=True) - context,
        qualified,
        min(starts, default=-1),
    )


_RELATIVE = frozenset({"who", "whose", "that", "which", "whom"})
_PEOPLE_PREPOSITIONS = frozenset({"on", "in", "from", "with", "without", "at"})
_PEOPLE_NOUNS = frozenset({"users", "people", "customers", "members", "subscribers", "trialists", "anyone", "everyone"})


_SWITCH_VERBS = frozenset({"turn", "switch", "set"})


def read_as_context(tokens: list[Token], mentions: list[Mention], catalog: Catalog, on_off: bool) -> set[int]:
    """Return the positions of words that name what a mention already reads ("intent" in "high intent",
    "completed" beside "3 yoga workouts") or, when the clause says on or off, its switching verb."""
    stems: set[str] = set(NEGATIVE_POLARITY | POSITIVE_POLARITY | _SWITCH_VERBS) if on_off else set()
    for m in mentions:
        surfaces: list[str] = []
        if m.trait is not None:
            trait = catalog.trait(m.trait)
            surfaces += [trait.name.replace("_", " "), *trait.synonyms]
        if m.event is not None:
            event = catalog.event(m.event)
            surfaces += [event.name.replace("_", " "), *event.synonyms]
        stems |= {s for surface in surfaces for s in content_stems(surface)}
    return {i for i, t in enumerate(tokens) if t.stem in stems}
