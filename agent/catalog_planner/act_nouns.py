"""Read the things an act starts, said as the people a share is of ("share of trials that converted in October",
"what % of trial starts converted to paid", "how many checkouts turned into subscriptions"), as the people who
did that act: "share of users who started a trial converted …". Read as said, the share was of every user (the
noun named nothing a share is taken of)."""

from __future__ import annotations

import re

from warehouse.catalog import Catalog

_STARTED = "_started"


def _nouns(catalog: Catalog) -> dict[str, str]:
    """Return each plural an act that starts something is said by ("trials", "trial starts", "checkouts") → the
    words the question reader takes as that act ("started a trial")."""
    nouns: dict[str, str] = {}
    for event in catalog.events:
        if not event.name.endswith(_STARTED):
            continue
        thing = event.name[: -len(_STARTED)].replace("_", " ")
        said = next((s for s in event.synonyms if s.startswith("started")), None)
        if said is None or " " in thing:
            continue  # "workout" is started too, but "workouts" are completed ones (the catalog's own noun)
        if any(f"{thing}s" in e.synonyms for e in catalog.events):
            continue
        nouns[f"{thing}s"] = said
        nouns[f"{thing} starts"] = said
    return nouns


def as_people_who_started(text: str, catalog: Catalog) -> str:
    """Return the text with "<share> of <things started>" said as "<share> of users who started a <thing>"."""
    nouns = _nouns(catalog)
    if not nouns:
        return text
    names = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    pattern = re.compile(
        r"(?P<share>\b(?:share|percent(?:age)?|fraction|proportion|how many)|%)\s+of\s+(?:the\s+|our\s+|all\s+)?"
        rf"(?P<noun>{names})\s+(?:(?:that|which|who)\s+)?(?!(?:were\s+|got\s+)?(?:start|began|begun|begin|"
        r"opened|created))(?=[a-z])",
        re.IGNORECASE,
    )
    return pattern.sub(lambda m: f"{m['share']} of users who {nouns[m['noun'].lower()]} ", text)
