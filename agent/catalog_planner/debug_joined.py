"""Tell values said together ("on iOS and Android", "in Germany and France") from values set against each other.

"Why did conversion drop on iOS vs Android?" compares the two. "Why did activation drop for both iOS and
Android?" says both moved: comparing them with each other answers a question nobody asked, so the first is the
focus, the others move with it, and the diagnosis compares the focus with a value the prompt did not name.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import Token

# Words that may stand between values said together: "iOS and Android", "both on iOS and on Android", "US & CA".
_TOGETHER = frozenset({"and", "&", "both", "on", "in", "for", "among", "the", "as", "well", "plus"})
# Words anywhere that set values against each other instead.
_AGAINST = frozenset({"vs", "versus", "compare", "compared", "comparing", "comparison", "than", "unlike", "against",
                      "or", "but", "whereas", "while", "relative", "between", "difference", "gap"})


def joined_values(tokens: Sequence[Token], lexicon: Lexicon, trait: str, values: Sequence[str]) -> bool:
    """Return True when every value of `trait` the prompt names is said together with the next ("X and Y"), and
    nothing in the prompt sets them against each other."""
    if len(values) < 2 or any(t.text in _AGAINST for t in tokens):
        return False
    spans = sorted((m.first, m.last) for m in lexicon.match(tokens, kinds={"value"})
                   if any(e.name == trait and e.value in values for e in m.entries))
    if len(spans) < 2:
        return False
    gaps = [[t.text for t in tokens[last + 1 : first]] for (_, last), (first, _) in pairwise(spans)]
    # each gap joins ("and") or only lists ("iOS, Android and web", "Germany & France": no word between)
    return all(set(gap) <= _TOGETHER for gap in gaps) and (
        any({"and", "&", "plus"} & set(gap) for gap in gaps) or not any(gaps))
