"""Common English names of ISO 3166-1 alpha-2 country codes, so "in Germany" finds the catalog's `DE`.

Only codes that appear in a trait's allowed values are used; this table only supplies their names.
"""

from __future__ import annotations

import re

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("united states", "usa", "america", "american"),
    "GB": ("isouk", "united kingdom", "uk", "britain", "great britain", "england", "british"),
    "DE": ("germany", "german"),
    "FR": ("france", "french"),
    "BR": ("brazil", "brasil", "brazilian"),
    "IN": ("india", "indian"),
    "CA": ("canada", "canadian"),
    "AU": ("australia", "australian"),
    "ES": ("spain", "spanish"),
    "IT": ("italy", "italian"),
    "NL": ("netherlands", "holland", "dutch"),
    "MX": ("mexico", "mexican"),
    "JP": ("japan", "japanese"),
    "KR": ("south korea", "korea", "korean"),
    "CN": ("china", "chinese"),
    "SE": ("sweden", "swedish"),
    "NO": ("norway", "norwegian"),
    "DK": ("denmark", "danish"),
    "PL": ("poland", "polish"),
    "IE": ("ireland", "irish"),
    "NZ": ("new zealand",),
    "ZA": ("south africa",),
    "AR": ("argentina",),
    "PT": ("portugal", "portuguese"),
    "CH": ("switzerland", "swiss"),
    "AT": ("austria", "austrian"),
    "BE": ("belgium", "belgian"),
    "SG": ("singapore",),
}


# Regions a prompt may name instead of countries ("in Europe", "LATAM users"): the codes above that lie in each
REGIONS: dict[str, frozenset[str]] = {
    "europe": frozenset({"GB", "DE", "FR", "ES", "IT", "NL", "SE", "NO", "DK", "PL", "IE", "PT", "CH", "AT", "BE"}),
    "north america": frozenset({"US", "CA", "MX"}),
    "latin america": frozenset({"BR", "MX", "AR"}),
    "south america": frozenset({"BR", "AR"}),
    "asia": frozenset({"IN", "JP", "KR", "CN", "SG"}),
    "oceania": frozenset({"AU", "NZ"}),
}
REGION_NAMES: dict[str, str] = {
    "europe": "europe", "european": "europe", "eu": "europe", "emea": "europe",
    "north america": "north america", "north american": "north america",
    "latin america": "latin america", "latam": "latin america", "south america": "south america",
    "asia": "asia", "asian": "asia", "apac": "asia", "oceania": "oceania", "anz": "oceania",
}

# Upper-case codes written in a prompt ("in the US") become one token, so the pronoun "us" never matches.
CODE_TOKEN_PREFIX = "iso"
_AMBIGUOUS_CODES = frozenset({"NO"})
# In a prompt written (almost) all in capitals, codes that are also words ("LOGGED IN", "EMAIL US") are those words.
_WORD_CODES = frozenset({"IN", "US", "IT", "BE", "AT", "AR", "NO"})


def country_names(code: str) -> tuple[str, ...]:
    """Return the names of an ISO alpha-2 code (its code token first), or nothing for other values."""
    if len(code) != 2 or code.upper() not in COUNTRY_NAMES:
        return ()
    return (CODE_TOKEN_PREFIX + code.lower(), *COUNTRY_NAMES[code.upper()])


def mark_country_codes(text: str) -> str:
    """Rewrite upper-case country codes (and "U.S.", "UK") as code tokens, before the text is lowercased."""
    text = re.sub(r"\bU\.S\.(A\.)?|\bU\.S\b", "USA", text)
    text = re.sub(r"\bU\.K\.?", "UK", text)
    codes = (set(COUNTRY_NAMES) - _AMBIGUOUS_CODES) | {"UK"}
    letters = re.findall(r"[A-Za-z]", text)
    # a prompt in capitals has several words; a lone code ("US", a catalog value being indexed) stays a code,
    # or the lexicon would index the United States under the pronoun "us"
    shouted = len(re.findall(r"[A-Za-z]+", text)) > 2 and sum(c.islower() for c in letters) < 0.2 * len(letters)
    if shouted:
        codes -= _WORD_CODES
    return re.sub(
        r"\b([A-Z]{2})\b",
        lambda m: CODE_TOKEN_PREFIX + m.group(1).lower() if m.group(1) in codes else m.group(1),
        text,
    )
