"""Report places and platforms a debug prompt names that the catalog's values do not list.

"Why did conversion drop in Spain?" cannot compare Spain when the country trait lists only US, GB, DE, ...;
"on Windows" cannot when the platform trait lists ios, android and web. Saying so (naming the values the
trait accepts) is better than comparing everyone as if the place or platform had not been said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.catalog_planner.countries import COUNTRY_NAMES, REGION_NAMES, REGIONS
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import Token, tokenize
from tools.scope import accepted_values, categorical_traits
from warehouse.catalog import Catalog

# Operating systems and device makers a platform trait may not list, said as a platform ("on Windows",
# "Huawei phones"), not as a word ("time windows").
_PLATFORM_CONTEXT = r"(?:(?:on|for|from|via|using)\s+{name}|{name}\s+(?:users|devices|phones|pcs|laptops|tablets|app))"
_PLATFORMS = ("windows", "macos", "mac os", "linux", "chromeos", "chrome os", "harmonyos", "huawei", "kindle",
              "fire os", "blackberry", "tizen", "smart tv", "smart tvs", "xbox", "playstation", "tablets", "tablet",
              "smartwatches", "smartwatch", "wearables", "consoles")


def _trait_named(catalog: Catalog, lexicon: Lexicon, words: Sequence[str]) -> str | None:
    """Return the first categorical trait one of the words names ("country", "operating system")."""
    usable = set(categorical_traits(catalog))
    for phrase in words:
        for m in lexicon.match(tokenize(phrase), kinds={"trait", "dimension"}):
            names = [e.name for e in m.entries if e.name in usable]
            if names:
                return names[0]
    return None


def _said(text: str, names: Sequence[str], context: str = "") -> list[str]:
    """Return the names the text says, where `context` (a pattern with `{name}`) is said around them."""
    pattern = context or "{name}"
    return [n for n in names if re.search(r"\b" + pattern.replace("{name}", re.escape(n)) + r"\b", text)]


def unlisted_values(tokens: Sequence[Token], lexicon: Lexicon, catalog: Catalog) -> list[str]:
    """Return a not-applied reason for each country or platform named that its trait's values do not list."""
    text = " ".join(t.text for t in tokens)
    out: list[str] = []
    country = _trait_named(catalog, lexicon, ("country",))
    listed = set(accepted_values(catalog, country) or []) if country else set()
    if country and listed:
        unlisted = [names[0] for code, names in COUNTRY_NAMES.items() if code not in listed]
        accepted_countries = ", ".join(accepted_values(catalog, country) or [])
        out += [f"'{name}': {country} accepts {accepted_countries}; {name} is not among them, so it is not compared."
                for name in _said(text, unlisted)]
        # "why did conversion tank in Europe?": a region is no country; the countries listed in it are named
        for said in _said(text, list(REGION_NAMES)):
            inside = [c for c in accepted_values(catalog, country) or [] if c in REGIONS[REGION_NAMES[said]]]
            name = f"the ones it lists there are {', '.join(inside)}" if inside else "it lists none there"
            out.append(f"'{said}': {country} records countries, not regions ({name}), so {said} is not compared; "
                       "name the countries to compare.")
    platform = _trait_named(catalog, lexicon, ("operating system", "platform"))
    accepted = accepted_values(catalog, platform) if platform else None
    if platform and accepted:
        out += [f"'{name}': {platform} accepts {', '.join(accepted)}, so {name} is not compared."
                for name in _said(text, _PLATFORMS, _PLATFORM_CONTEXT)]
    return out
