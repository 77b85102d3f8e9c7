"""The edge cases a reviewer would ask about for a drafted policy, read from what it contains: overlapping
audiences, support tickets, conversion mid-sequence, leaving the scope, opt-outs, push disabled, the
frequency cap, holdouts, missing (NULL) data and re-entry after a stop."""

from __future__ import annotations

from agent.catalog_planner.goals import Goal
from orchestrator.spec import Rule, Suppression, TraitCondition, iter_conditions
from warehouse.catalog import Catalog


def edge_cases(
    rules: list[Rule],
    goals: list[Goal],
    sups: list[Suppression],
    cap_text: str,
    scope_text: str,
    catalog: Catalog,
) -> list[str]:
    """Return the edge cases a reviewer would ask about, from what the policy actually contains."""
    ids = [r.id for r in rules]
    cases = [
        f"A user who qualifies for several rules (overlapping audiences, e.g. in both {ids[0]} and "
        f"{ids[-1]}) gets only the highest-priority one ({' > '.join(ids)}); the others record 'lost to' the "
        "winner in the decision log."
        if len(ids) > 1
        else f"A user in {ids[0]}'s audience on consecutive runs is not messaged again beyond the frequency cap."
    ]
    support = [r.id for r, g in zip(rules, goals, strict=True) if g.kind == "support"]
    marketing = [r.id for r, g in zip(rules, goals, strict=True) if g.kind != "support"]
    if any(s.id == "open_support_ticket" for s in sups):
        takeover = f"; {support[0]} takes over" if support else ""
        cases.append(
            f"A support ticket opened mid-journey suppresses {', '.join(marketing) or 'marketing rules'} at the next run"
            f"{takeover}; marketing resumes once the ticket is resolved."
        )
    converting = [r.id for r, g in zip(rules, goals, strict=True) if g.kind == "conversion"]
    if converting:
        others = [r.id for r in rules if r.id not in converting]
        cases.append(
            f"Converting mid-sequence meets {converting[0]}'s stop condition and ends its remaining steps"
            + (f"; {', '.join(others)} keep their own stop conditions." if others else ".")
        )
    if scope_text:
        cases.append(
            f"Leaving the shared scope ({scope_text}) mid-journey"
            + (", e.g. the trial ending or expiring," if "trial" in scope_text else "")
            + " removes the user from every rule at the next run; unsent steps are dropped."
        )
    if any(s.id == "marketing_opt_out" for s in sups):
        cases.append(
            "A user who opts out of marketing is suppressed from "
            + (", ".join(marketing) if support else "every rule")
            + (f"; {', '.join(support)} is service messaging and still reaches them." if support else ".")
        )
    push_rules = [r.id for r in rules if any(step.channel == "push" for step in r.channels)]
    push_trait = next((t.name for t in catalog.traits if t.type == "bool" and "push" in t.name), None)
    if push_rules and push_trait:
        cases.append(
            f"Push disabled ({push_trait} = false): the push step of {', '.join(push_rules)} cannot deliver, "
            "so the email fallback is sent without waiting for the unopened window."
        )
    if cap_text:
        cases.append(
            f"The global frequency cap ({cap_text}) can turn a win into 'capped'; the user is not re-routed to a lower-priority rule."
        )
    cases += _holdout_cases(rules) + _data_cases(rules, catalog) + _reentry_cases(rules)
    return cases


def _holdout_cases(rules: list[Rule]) -> list[str]:
    shares = sorted({r.holdout_share for r in rules})
    if not shares or shares == [0.0]:
        return []
    share = ", ".join(f"{s:.0%}" for s in shares)
    return [
        f"Holdout: each rule holds out {share} of its audience to measure lift; a held-out user gets nothing "
        "from that rule but still competes for the lower-priority rules."
    ]


def _nullable_traits(rule: Rule, catalog: Catalog) -> list[str]:
    used = [leaf.trait for leaf in iter_conditions(rule.audience) if isinstance(leaf, TraitCondition)]
    return [t for t in dict.fromkeys(used) if "null when" in catalog.trait(t).description.lower()]


def _data_cases(rules: list[Rule], catalog: Catalog) -> list[str]:
    """Missing data: a trait the catalog leaves NULL (never worked out, not in a trial) matches no comparison."""
    cases = []
    for trait in dict.fromkeys(t for r in rules for t in _nullable_traits(r, catalog)):
        when = catalog.trait(trait).description.lower().split("null when", 1)[1].strip(" .;")
        users = [r.id for r in rules if trait in _nullable_traits(r, catalog)]
        cases.append(
            f"Missing data: {trait} is null when {when}, so those users match no condition on it and "
            f"{', '.join(users)} never reaches them."
        )
    return cases


def _reentry_cases(rules: list[Rule]) -> list[str]:
    stopped = [r.id for r in rules if r.stop_conditions]
    if not stopped:
        return []
    return [
        f"A user who meets a stop condition leaves {', '.join(stopped)} at the next run; if they qualify again "
        "later (re-entry, e.g. lapsing again) the rule picks them up again, still under the frequency cap."
    ]
