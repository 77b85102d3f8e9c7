"""Score a decision answer: the rules' priority order, required suppressions and stop conditions, and the
edge cases a reviewer would expect mentioned."""

from __future__ import annotations

from agent.types import AskResult
from evals.dataset import DecisionCase, Requirement
from evals.scorers.execution import FixtureSet, same_audience
from evals.scorers.refusal import is_refusal
from evals.scorers.score import Score
from evals.scorers.spec_checks import names_used, valid_spec
from orchestrator.spec import Condition, Policy, Rule
from warehouse.catalog import Catalog


def as_policy(spec: Rule | Policy) -> Policy:
    """Treat a lone rule as a policy of one rule, so single-program answers are scored the same way."""
    if isinstance(spec, Policy):
        return spec
    return Policy(id=spec.id, description=spec.description, rules=[spec])


def ordered_rules(policy: Policy) -> list[Rule]:
    """Return the rules by priority (1 first); equal priorities keep their written order."""
    return [r for _, r in sorted(enumerate(policy.rules), key=lambda ir: (ir[1].priority, ir[0]))]


def meets(requirement: Requirement, condition: Condition, fixtures: FixtureSet) -> bool:
    """Return True when a condition satisfies a requirement (by names used, and by execution if given)."""
    if requirement.uses_any and not names_used(condition) & set(requirement.uses_any):
        return False
    if requirement.condition is not None:
        return same_audience(fixtures, condition, requirement.condition).passed
    return True


def score_order(policy: Policy, gold: list[Requirement], fixtures: FixtureSet) -> Score:
    rules = ordered_rules(policy)
    if len(rules) < len(gold):
        return Score(name="order", passed=False, detail=f"{len(rules)} rule(s), gold needs {len(gold)} positions")
    ties = {r.priority for r in rules[: len(gold)]}
    if len(ties) < len(gold):
        return Score(name="order", passed=False, detail="rules in the gold order share a priority: the winner is undefined")
    for position, (req, rule) in enumerate(zip(gold, rules, strict=False), start=1):
        if not meets(req, rule.audience, fixtures):
            return Score(name="order", passed=False, detail=f"position {position} ({rule.id}) is not {req.describe()}")
    return Score(name="order", passed=True, detail=" > ".join(r.id for r in rules))


def _present(name: str, gold: list[Requirement], conditions: list[Condition], fixtures: FixtureSet) -> Score:
    missing = [req.describe() for req in gold if not any(meets(req, c, fixtures) for c in conditions)]
    if missing:
        return Score(name=name, passed=False, detail="missing " + "; ".join(missing))
    return Score(name=name, passed=True, detail=f"{len(gold)} required, {len(conditions)} present")


def score_edge_cases(policy: Policy, gold: list[list[str]]) -> Score:
    text = " ".join([policy.description, *policy.edge_cases]).lower()
    missing = [" / ".join(group) for group in gold if not any(word.lower() in text for word in group)]
    if missing:
        return Score(name="edge_cases", passed=False, detail="not mentioned: " + "; ".join(missing))
    return Score(name="edge_cases", passed=True, detail=f"{len(gold)} mentioned")


def score_decision(case: DecisionCase, result: AskResult, fixtures: FixtureSet, catalog: Catalog) -> list[Score]:
    """Return the named scores of one decision answer."""
    spec = result.result
    if is_refusal(result) or not isinstance(spec, Rule | Policy):
        kind = getattr(spec, "kind", None) or "nothing"
        return [Score(name="answered", passed=False, detail=f"expected a policy, got {kind} (intent {result.intent})")]
    policy = as_policy(spec)
    suppressions = [s.condition for s in policy.suppressions] + [
        s.condition for r in policy.rules for s in r.suppressions
    ]
    stops = [s.condition for r in policy.rules for s in r.stop_conditions]
    scores = [valid_spec(spec, catalog), score_order(policy, case.gold.order, fixtures)]
    if case.gold.suppressions:
        scores.append(_present("suppressions", case.gold.suppressions, suppressions, fixtures))
    if case.gold.stop_conditions:
        scores.append(_present("stop_conditions", case.gold.stop_conditions, stops, fixtures))
    if case.gold.edge_cases:
        scores.append(score_edge_cases(policy, case.gold.edge_cases))
    return scores
