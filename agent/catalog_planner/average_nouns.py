"""Read the thing an average length is said of by the catalog's word for it: "average session is longer than 20
minutes" is the average workout (a session is what `workouts_completed` counts, in workouts), whose length the
catalog keeps as its average-minutes trait. Read as written, "session" was the count of workouts, compared
with the minutes ("workouts_completed > 20"), and "minutes" was left unread."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import tokenize
from warehouse.catalog import Catalog

_AVERAGED = re.compile(r"\b(?P<lead>average|avg|mean|typical)\s+(?P<noun>[a-z]+)\b", re.IGNORECASE)
_LENGTH = re.compile(r"\b(?:minutes?|mins?|hours?|hrs?)\b", re.IGNORECASE)


def _unit_word(noun: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the unit a count trait is kept in ("workout") when the noun names only that count ("session")."""
    tokens = tokenize(noun)
    entries = {(e.kind, e.name) for m in lexicon.match(tokens) for e in m.entries}
    traits = [catalog.trait(name) for kind, name in entries if kind == "trait"]
    if len(entries) != 1 or len(traits) != 1 or traits[0].type != "int" or not traits[0].unit:
        return None
    unit = traits[0].unit.rstrip("s")
    return None if noun.lower().startswith(unit) else unit + ("s" if noun.lower().endswith("s") else "")


def read_average_nouns(text: str, catalog: Catalog, lexicon: Lexicon) -> str:
    """Return the text with the noun of an average length said as the unit its count is kept in."""
    if not _LENGTH.search(text):
        return text

    def one(m: re.Match[str]) -> str:
        said = tokenize(" ".join(m.string[m.start("noun") :].split()[:3]))
        if any(match.first == 0 and match.last > 0 for match in lexicon.match(said)):
            return m.group(0)  # "average session length" names the average itself
        unit = _unit_word(m["noun"], catalog, lexicon)
        return m.group(0) if unit is None else f"average {unit}"  # "mean", "typical": the average

    return _AVERAGED.sub(one, text)
