"""Read marketing-source phrases in a debug prompt ("paid social", "from Facebook ads", "influencer traffic").

Analysts scope a diagnosis by where users came from. The catalog records that as one categorical trait,
the acquisition source (the trait the words "acquisition source" name, `utm_source` in the shipped
catalog). A phrase that names one of its values ("Facebook ads", "organic traffic", "TikTok campaign") is
that value; one that names none ("paid social", "influencer traffic", "Instagram ads", "paid" set against
"organic") is reported as not applied, naming the phrase and the values the trait accepts. Either way the phrase's marketing words are
never read as something else: "paid" in "paid social" is not the subscription state "paid".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.catalog_planner.lexicon import Lexicon, Match
from agent.catalog_planner.text import Token, tokenize
from tools.scope import accepted_values, categorical_traits
from warehouse.catalog import Catalog

# A kind of marketing ("paid social", "organic search"), or a named source's ads, campaigns or influencers.
_KIND = (r"\b(?:paid|unpaid|organic|owned|earned|sponsored|performance)\s+(?:social(?:\s+media)?|search|media|ads?|"
         r"advertising|traffic|channels?|acquisition|campaigns?|installs?|marketing|placements?|influencers?)\b")
# Words that cannot name where users came from; lifecycle channels ("the email campaign") are our own sends.
_NOT_A_SOURCE = (r"(?:from|via|through|by|the|for|among|on|in|of|with|and|or|users?|people|our|did|why|is|are|was|were|"
                 r"after|before|since|email|push|sms|in_app|notifications?|messages?|lifecycle|winback|retention|drip|"
                 r"onboarding|reminder)")
_WORD = rf"(?:(?!{_NOT_A_SOURCE}\b)[a-z0-9_]+\s+)"
# "Facebook ads", "TikTok campaign" name their source; "influencers" and "social media" are one on their own.
_NAMED = (rf"\b{_WORD}{{1,2}}(?:ads?|advertising|campaigns?|sponsorships?)\b|"
          rf"\b{_WORD}{{0,2}}(?:influencers?|affiliates?|social media)\b")
_PHRASE = re.compile(rf"(?:{_KIND}|{_NAMED})(?:\s+(?:traffic|users|installs|signups))?")
# "organic vs paid", "paid and organic users": "paid" set against organic is a kind of acquisition, not the
# subscription state.
_AGAINST = r"\s+(?:users\s+|traffic\s+)?(?:vs\.?|versus|and|or|against|compared (?:with|to)|than)\s+(?:the\s+)?"
# "why do organic users activate better than paid?": the comparison may come after what the two are said to do
_SET_AGAINST = r"\b(?:[\w-]+\s+){1,4}?(?:than|vs\.?|versus|compared (?:with|to))\s+(?:the\s+)?"
_PAID_VS_ORGANIC = re.compile(rf"\borganic(?:{_AGAINST}|\s+{_SET_AGAINST})(?P<after>paid)\b"
                              rf"|\b(?P<before>paid)(?:{_AGAINST}|\s+{_SET_AGAINST})organic\b")
# Words that only say how users were acquired: never read as a trait value of their own.
MARKETING_WORDS = frozenset({
    "paid", "unpaid", "organic", "owned", "earned", "sponsored", "performance", "social", "media", "search", "ads",
    "ad", "advertising", "traffic", "channel", "channels", "acquisition", "campaign", "campaigns", "installs",
    "install", "marketing", "placement", "placements", "influencer", "influencers", "affiliate", "affiliates",
    "sponsorship", "sponsorships", "users", "signups",
})


@dataclass(frozen=True)
class SourcePhrase:
    """A marketing-source phrase: its words, its token span, and the source values it names (none: not applied)."""

    text: str
    first: int
    last: int
    values: tuple[str, ...]


def source_trait(catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the categorical trait that records where users came from, or None when the catalog has none."""
    usable = set(categorical_traits(catalog))
    for words in ("acquisition source", "utm source", "source"):
        for m in lexicon.match(tokenize(words), kinds={"trait", "dimension"}):
            names = [e.name for e in m.entries if e.name in usable]
            if names:
                return names[0]
    return None


def source_phrases(tokens: Sequence[Token], matches: Sequence[Match], source: str | None) -> list[SourcePhrase]:
    """Return the marketing-source phrases among the tokens, each with the source values matched inside it."""
    text = " ".join(t.text for t in tokens)
    starts = [0]
    for t in tokens[:-1]:
        starts.append(starts[-1] + len(t.text) + 1)
    out: list[SourcePhrase] = []
    for m in _PHRASE.finditer(text):
        inside = [i for i, start in enumerate(starts) if m.start() <= start < m.end()]
        first, last = inside[0], inside[-1]
        values = tuple(dict.fromkeys(
            e.value for v in matches if first <= v.first and v.last <= last
            for e in v.entries if e.kind == "value" and e.name == source and e.value is not None
        ))
        words = [t.text for t in tokens[first : last + 1]]
        # Say "paid social" for "paid social users", but keep "influencer traffic" whole.
        while words and words[-1] in ("users", "traffic", "installs", "signups") and len(words) > 2:
            words.pop()
        out.append(SourcePhrase(" ".join(words), first, last, values))
    for m in _PAID_VS_ORGANIC.finditer(text):
        group = "after" if m["after"] else "before"
        index = next(i for i, start in enumerate(starts) if start == m.start(group))
        if not any(p.first <= index <= p.last for p in out):
            out.append(SourcePhrase("paid", index, index, ()))
    return out


def is_marketing_word(match: Match, tokens: Sequence[Token], phrases: Sequence[SourcePhrase], source: str | None) -> bool:
    """Return True when a match lies in a source phrase and is no value of the source trait ("paid" in "paid social")."""
    inside = any(p.first <= match.first and match.last <= p.last for p in phrases)
    names_source = any(e.name == source for e in match.entries)
    return inside and not names_source and all(t.text in MARKETING_WORDS
                                               for t in tokens[match.first : match.last + 1] if not t.is_stopword)


def unapplied_sources(phrases: Sequence[SourcePhrase], catalog: Catalog, source: str | None) -> list[str]:
    """Return the not-applied reasons of the phrases that name no value of the source trait."""
    out: list[str] = []
    for phrase in phrases:
        if phrase.values:
            continue
        if source is None:
            out.append(f"'{phrase.text}' names a marketing source, and the catalog records no acquisition source.")
            continue
        accepted = ", ".join(accepted_values(catalog, source) or [])
        out.append(f"'{phrase.text}' names a marketing source that {source} does not record; {source} accepts "
                   f"{accepted}, so name one of those to compare it.")
    return list(dict.fromkeys(out))
