"""Whatever words arrive, the catalog planner answers with a draft or a refusal, or raises one of the errors the
graph turns into a clear answer (MccError; pydantic's ValidationError for a value out of a field's range, see
agent/nodes/refusals.out_of_range): never an IndexError, KeyError or the like from a half-parsed phrase."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from agent.catalog_planner.planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import Policy, Rule
from warehouse.catalog import load_catalog
from warehouse.errors import MccError

CATALOG = load_catalog()
PLANNER = CatalogPlanner(CATALOG)
HEADS = ["", "hey, ", "Create eligibility rules for ", "Define a priority order for ", "Why did ", "How many ", "Send ",
         "For ", "Users who ", "Rank: ", "1) ", "- ", "Can you ", "If a user ", "Stop ", "never ", "only ", "Is the "]
FRAGMENTS = ["trial users", "who completed 3 workouts", "viewed pricing twice", "no open tickets", "iOS vs Android",
             "conversion drop this week", "the upgrade nudge", "a win-back push", "yoga lovers", "in Germany",
             "last 14 days", "between 2 and 5 workouts", "momentum above 70", "at risk", "high upgrade intent",
             "(2) handle support issues", "then email after 24h", "cap 2 per week", "10% holdout", "except France",
             "who haven't worked out in 10 days", "with a billing ticket", "streak of 5 days", "csat <= 2", "age over 30",
             "😀", "—", "'; DROP TABLE x; --", "\u200b", "≥ 3", "<5", "100%", "0 days", "-1 workouts", "99999 days",
             "since the 3rd", "Q3", "yesterday", "by country", "top 5", "median", "\n", "((", "))", "and", "or", "not"]
TAILS = ["", "?", ".", "!", ", send a push", " via email", " and write the suppressions and stop conditions"]

prompts = st.builds(lambda head, body, tail, shout: (head + " ".join(body) + tail).upper() if shout else head + " ".join(body) + tail,
                    st.sampled_from(HEADS), st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
                    st.sampled_from(TAILS), st.booleans())


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(prompts)
def test_any_prompt_gets_a_draft_a_refusal_or_an_error_the_graph_explains(prompt: str) -> None:
    intent = PLANNER.classify(prompt, CATALOG)
    assert intent in ("decision", "eligibility", "debug", "question", "out_of_scope", "performance")
    try:
        result = PLANNER.draft(prompt, intent, CATALOG, [])
    except (MccError, ValidationError):
        return
    assert isinstance(result, Rule | Policy | Refusal)
