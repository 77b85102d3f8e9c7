"""Read sentences that only rank the listed programs ("Trial first.", "The win-back goes last.", "Support
first, then workouts, upgrades last").

In "Who should we message first: people whose trial ends tomorrow or people who haven't opened the app in
10 days? Trial first." the last sentence names which program wins; it is not a scope shared by every
program (that is said for all: "For trial users, A first, then B"). Such a sentence is taken out of the
head and tail the shared scope is read from, and moves the program it names to the rank it states.
"""

from __future__ import annotations

import re

from agent.catalog_planner.clauses import cued_rank
from agent.catalog_planner.lists import Enumeration
from agent.catalog_planner.program_labels import same_label
from agent.catalog_planner.rank_sequence import reorder, sequence_order
from agent.catalog_planner.text import content_stems

_MAX_NAME_WORDS = 3  # "Trial first", "the win-back push last": a name, not an audience of its own
# "Go with the upgrade offer.", "We'd pick the coach check-in.": the one item chosen is ranked first
_PICK = re.compile(
    r"^\s*(?:(?:so\s+|then\s+)?(?:we|i)(?:'d| would| will|'ll)?\s+(?:rather\s+|probably\s+)?)?(?:go with|pick|choose|prefer|"
    r"favou?r|lead with|start with|send|use)\s+(?P<name>.+?)\s*$",
    re.IGNORECASE,
)


# "Pick the discount offer, and stop it once they resubscribe": the pick, then a guard of the program picked
_PICK_THEN_GUARD = re.compile(
    r"(?P<pick>\b(?:go with|pick|choose|prefer|favou?r)\s+(?P<name>(?:the|a|an|our)\s+[^,.;!?]+?))\s*,?\s+(?:and\s+|but\s+)"
    r"(?P<verb>stop|exit|end|pause|suppress|cap)\s+(?:it|this|that|this one|that one)\b",
    re.IGNORECASE,
)


def split_pick_guards(text: str) -> str:
    """Return the text with a guard said of a picked program in its own sentence, naming the program: "Pick A,
    and stop it once …" → "Pick A. Stop A once …"."""
    return _PICK_THEN_GUARD.sub(lambda m: f"{m['pick']}. {m['verb'].capitalize()} {m['name']}", text)


def _ranked(sentence: str) -> tuple[int, str] | None:
    """Return the rank a sentence gives and the words it ranks: a cue word's, or first for a pick."""
    ranked = cued_rank(sentence)
    if ranked is not None:
        return ranked
    pick = _PICK.match(sentence.strip(" ,:;.!?"))
    return (0, pick["name"]) if pick else None


def apply_rank_sentences(listing: Enumeration) -> Enumeration:
    """Return the listing with ranking sentences out of its head and tail and their programs moved."""
    items = list(listing.items)
    head = _take_rankings(listing.head, items)
    tail = _take_rankings(listing.tail, items, answers=True)
    return Enumeration(head, items, tail, listing.explicit)


def _take_rankings(text: str, items: list[str], *, answers: bool = False) -> str:
    """Drop the sentences of `text` that rank exactly one item, reordering `items` in place; with `answers`,
    a first sentence that only names one item ("Which matters more, A or B? Converting trial users.") is the
    answer, which ranks it first."""
    kept: list[str] = []
    for index, sentence in enumerate(re.split(r"(?<=[.!?])\s+", text)):
        bare = answers and index == 0 and cued_rank(sentence) is None
        answer = _named_item(sentence.strip(" .!"), items) if bare else None
        if answer is not None:
            items.remove(answer)
            items.insert(0, answer)
            continue
        sequence = sequence_order(
            sentence, len(items), lambda part: [i for i, item in enumerate(items) if same_label(part, item)]
        )
        if sequence is not None:  # "Support first, then the second workout, upgrades last"
            items[:] = [items[i] for i in reorder(items, sequence)]
            continue
        ranked = _ranked(sentence)
        named = _named_item(ranked[1], items) if ranked else None
        if ranked is None or named is None:
            kept.append(sentence)
            continue
        items.remove(named)
        rank = ranked[0]
        items.insert(len(items) if rank > len(items) else max(rank, 0), named)
    return " ".join(kept).strip()


def _named_item(words: str, items: list[str]) -> str | None:
    """Return the one item a short name refers to ("trial" → "people whose trial ends tomorrow")."""
    if not 0 < len(content_stems(words)) <= _MAX_NAME_WORDS:
        return None
    named = [item for item in items if same_label(words, item)]
    return named[0] if len(named) == 1 else None


def ranks_one_item(sentence: str, items: list[str]) -> bool:
    """Return True when a sentence ranks exactly one of the items by a short name ("The referral ask goes
    first.", "Go with the referral ask.")."""
    ranked = _ranked(sentence)
    return ranked is not None and _named_item(ranked[1], items) is not None
