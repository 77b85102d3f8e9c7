"""Mend a slip in an eligibility prompt the planner could not read as typed ("trail users who looked at pricing",
"users in Grmany"): each word one slip from exactly one catalog word is read as that word, and the rule's
description says so. Only a prompt refused as typed is mended, so a word the catalog lacks is never bent into
one it has while the prompt reads."""

from __future__ import annotations

import re

from agent.catalog_planner.debug_spelling import slips_in
from agent.catalog_planner.lexicon import Lexicon
from warehouse.catalog import Catalog


def mend_slips(prompt: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, list[str]]:
    """Return the prompt with its slips mended and a note for each ("'trail' read as 'trial'"), or the prompt
    unchanged and no notes."""
    slips = slips_in(prompt, catalog, lexicon)
    mended = prompt
    for typed, word in slips.items():
        mended = re.sub(rf"\b{re.escape(typed)}\b", word, mended, flags=re.IGNORECASE)
    return mended, [f"'{typed}' read as '{word}'" for typed, word in slips.items()]
