"""Score an eligibility answer: refusal when the catalog cannot express it, else validity, required names
and the audience by execution on every fixture warehouse."""

from __future__ import annotations

from agent.types import AskResult
from evals.dataset import EligibilityCase
from evals.scorers.execution import FixtureSet, same_audience
from evals.scorers.refusal import clear_refusal, is_refusal
from evals.scorers.score import Score
from evals.scorers.spec_checks import required_names, valid_spec
from orchestrator.spec import Policy, Rule
from warehouse.catalog import Catalog


def single_rule(result: AskResult) -> Rule | None:
    """Return the answer's rule (a policy of exactly one rule counts as that rule)."""
    spec = result.result
    if isinstance(spec, Rule):
        return spec
    if isinstance(spec, Policy) and len(spec.rules) == 1:
        return spec.rules[0]
    return None


def score_eligibility(case: EligibilityCase, result: AskResult, fixtures: FixtureSet, catalog: Catalog) -> list[Score]:
    """Return the named scores of one eligibility answer."""
    gold = case.gold
    if gold.refusal:
        return [clear_refusal(result)]
    if is_refusal(result):
        reason = getattr(result.result, "reason", "") or f"intent {result.intent}"
        return [Score(name="answered", passed=False, detail=f"refused an expressible prompt: {reason[:120]}")]
    rule = single_rule(result)
    if rule is None:
        kind = getattr(result.result, "kind", None) or "nothing"
        return [Score(name="answered", passed=False, detail=f"expected one rule, got {kind} ({result.error or 'no error'})")]
    target = gold.condition if gold.condition is not None else gold.sql
    assert target is not None  # the dataset model guarantees condition or sql
    return [
        valid_spec(rule, catalog),
        required_names(rule.audience, gold.required_traits, gold.required_events),
        same_audience(fixtures, rule.audience, target),
    ]
