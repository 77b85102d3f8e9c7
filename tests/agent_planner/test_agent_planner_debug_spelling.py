"""One-letter slips in a debug prompt's catalog and calendar words are mended and reported; real words that
sit one letter from a catalog word are left alone."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.debug_spelling import mend_spelling
from agent.catalog_planner.lexicon import build_lexicon
from agent.catalog_planner.text import normalize
from agent.types import DebugPlan


@pytest.mark.parametrize(("prompt", "metric", "segment", "filters", "mended"), [
    ("why did convresion drop on ios this week", "trial_conversion", "ios", {}, ["convresion"]),
    ("Why did activaton fall on andriod since mondya?", "activation", "android", {},
     ["activaton", "andriod", "mondya"]),
    ("why did conversoin drop for fcebook users in germnay", "trial_conversion", "facebook", {"country": ["DE"]},
     ["conversoin", "fcebook", "germnay"]),
])
def test_slipped_words_are_read_as_the_catalog_words_and_said(
    planner: CatalogPlanner, prompt: str, metric: str, segment: str, filters: dict[str, list[str]], mended: list[str]
) -> None:
    # the typos leave no catalog word in some of these, so the intent needs the mending too
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.metric, plan.segments[0], plan.filters) == (metric, segment, filters)
    assert [n.split("'")[1] for n in plan.not_applied if n.startswith("the spelling")] == mended


@pytest.mark.parametrize("text", [
    "why is conversion lower for plays aimed at members",
    "the streak saver should apply to the score, not the scope",
    "ratings and weekends",
    "summarize the likely causes",
])
def test_real_words_one_letter_from_a_catalog_word_are_kept(planner: CatalogPlanner, text: str) -> None:
    mended, notes = mend_spelling(normalize(text), planner.catalog, build_lexicon(planner.catalog))
    assert (mended, notes) == (normalize(text), [])
