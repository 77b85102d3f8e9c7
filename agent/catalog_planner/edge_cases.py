"""The edge cases a reviewer would ask about for a drafted policy, read from what it contains: overlapping
audiences, support tickets, conversion mid-sequence, leaving the scope, opt-outs, push disabled, the
frequency cap, holdouts, missing (NULL) data and re-entry after a stop."""

from __future__ import annotations

from agent.catalog_planner.goals import Goal
from agent.catalog_planner.stated_guards import APPROXIMATED
from agent.catalog_planner.suppressions import caps_text
from orchestrator.spec import Policy, Rule, Suppression, TraitCondition, iter_conditions
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
    cases = [_overlap_case(rules)]
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
    cases += _push_cases(rules, catalog) + _cap_cases(cap_text)
    cases += _holdout_cases(rules) + _data_cases(rules, catalog) + _reentry_cases(rules)
    return cases


def refresh_edge_cases(policy: Policy, catalog: Catalog) -> Policy:
    """Return the policy with the edge cases that speak of its order, channels, caps and holdouts said again
    from the final rules: settings given after assembly (a named channel, a per-program holdout, an "Order:"
    sentence, a fallback step) would otherwise leave them describing the draft before."""
    rules = sorted(policy.rules, key=lambda r: r.priority)
    fresh = {
        _OVERLAP: [_overlap_case(rules)],
        _PUSH: _push_cases(rules, catalog),
        _CAP: _cap_cases(caps_text(policy.frequency_cap, {str(c): cap for c, cap in policy.channel_caps.items()}) if policy.frequency_cap else ""),
        _HOLDOUT: _holdout_cases(rules),
    }
    cases: list[str] = []
    for case in policy.edge_cases:
        lead = next((lead for lead in fresh if case.startswith(lead)), None)
        if lead is None:
            cases.append(case)
        else:
            cases += fresh.pop(lead)  # said once, where the stale case stood
    cases += [case for case in _approximation_cases(policy) if case not in cases]
    return policy.model_copy(update={"edge_cases": cases})


_APPROXIMATION = "Approximation: "


def _applies(sup: Suppression, rule_id: str) -> bool:
    return sup.applies_to == "all" or rule_id in sup.applies_to


def _approximation_cases(policy: Policy) -> list[str]:
    """Say each stated suppression the catalog could only approximate ("an open billing ticket": no reason is
    kept on open tickets), and whether the built-in open-ticket hold already covers the rules it guards."""
    ticket = next((s for s in policy.suppressions if s.id == "open_support_ticket"), None)
    cases = []
    for sup in policy.suppressions:
        if APPROXIMATED not in sup.description:
            continue
        note = sup.description.split(APPROXIMATED, 1)[1].strip().rstrip(".")
        guarded = [r.id for r in policy.rules if _applies(sup, r.id)]
        case = f"{_APPROXIMATION}the suppression {sup.id} (on {', '.join(guarded)}) reads {note}."
        if ticket is not None and all(_applies(ticket, rid) for rid in guarded):
            case += (
                f" While any ticket is open the built-in {ticket.id} suppression already holds "
                f"{', '.join(guarded)}, so no one with such a ticket open is sent to."
            )
        cases.append(case)
    return cases


# how each case that depends on the final rules begins
_OVERLAP = "A user who qualifies for several rules"
_PUSH = "Push disabled ("
_CAP = "The global frequency cap ("
_HOLDOUT = "Holdout:"
_SINGLE = "A user in "


def _overlap_case(rules: list[Rule]) -> str:
    ids = [r.id for r in rules]
    if len(ids) == 1:
        return f"{_SINGLE}{ids[0]}'s audience on consecutive runs is not messaged again beyond the frequency cap."
    return (
        f"{_OVERLAP} (overlapping audiences, e.g. in both {ids[0]} and {ids[-1]}) gets only the highest-priority "
        f"one ({' > '.join(ids)}); the others record 'lost to' the winner in the decision log."
    )


def _push_cases(rules: list[Rule], catalog: Catalog) -> list[str]:
    """Push disabled: a push step with a later step falls through to it; a push-only rule reaches no one."""
    push_trait = next((t.name for t in catalog.traits if t.type == "bool" and "push" in t.name), None)
    pushed = [r for r in rules if any(step.channel == "push" for step in r.channels)]
    if not pushed or not push_trait:
        return []
    falls = [r.id for r in pushed if r.channels[-1].channel != "push"]
    only = [r.id for r in pushed if r.channels[-1].channel == "push"]
    said = [f"the push step of {', '.join(falls)} cannot deliver, so the next step is sent without waiting for the unopened window"] if falls else []
    said += [f"{', '.join(only)} {'goes' if len(only) == 1 else 'go'} by push alone and cannot reach them"] if only else []
    return [f"{_PUSH}{push_trait} = false): " + "; ".join(said) + "."]


def _cap_cases(cap_text: str) -> list[str]:
    if not cap_text:
        return []
    return [f"{_CAP}{cap_text}) can turn a win into 'capped'; the user is not re-routed to a lower-priority rule."]


def _holdout_cases(rules: list[Rule]) -> list[str]:
    shares = sorted({r.holdout_share for r in rules})
    if not shares or shares == [0.0]:
        return []
    if len(shares) == 1:
        held = f"each rule holds out {shares[0]:.0%} of its audience"
    else:
        shares_of = ", ".join(f"{r.id} {f'{r.holdout_share:.0%}' if r.holdout_share else 'none'}" for r in rules)
        held = f"the rules hold out different shares of their audiences ({shares_of})"
    return [
        f"{_HOLDOUT} {held} to measure lift; a held-out user gets nothing from that rule but still competes for "
        "the lower-priority rules."
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
