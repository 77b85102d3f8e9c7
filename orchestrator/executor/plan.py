"""The run plan: approved specs flattened into rules with their versions, and what applies across them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from orchestrator.eligibility import BUILTIN_SUPPRESSIONS
from orchestrator.spec import Channel, FrequencyCap, Policy, Rule, Suppression
from warehouse.errors import RegistryError, RunError


class PlannedRule(BaseModel):
    """One approved rule version as the executor applies it."""

    model_config = ConfigDict(frozen=True)

    rule: Rule
    version: int
    policy_id: str | None = None


class RunPlan(BaseModel):
    """Every approved rule plus the global suppressions, caps and control group share."""

    rules: list[PlannedRule]
    suppressions: list[Suppression]
    global_caps: list[FrequencyCap]
    control_share: float
    # (channel, cap) from every approved policy: each counts the user's messages on that channel alone
    channel_caps: list[tuple[Channel, FrequencyCap]] = []

    def rule(self, rule_id: str) -> PlannedRule:
        """Return the planned rule with this id."""
        for planned in self.rules:
            if planned.rule.id == rule_id:
                return planned
        raise RunError(f"rule {rule_id!r} is not approved", accepted=", ".join(self.rule_ids()))

    def rule_ids(self) -> list[str]:
        return [p.rule.id for p in self.rules]


def _unpack(item: Any) -> tuple[Rule | Policy, int]:
    """Accept a spec, an object with `.spec`/`.version`, or a `(spec, version)` pair from the registry."""
    if isinstance(item, Rule | Policy):
        return item, 1
    if isinstance(item, tuple) and len(item) == 2:
        spec, version = item
        return spec, int(version)
    spec = getattr(item, "spec", None)
    if isinstance(spec, Rule | Policy):
        return spec, int(getattr(item, "version", 1))
    raise RunError(
        f"the registry returned {type(item).__name__}, not an approved spec", where="Registry.active_specs"
    )


def _source(planned: PlannedRule) -> str:
    return f"policy {planned.policy_id} v{planned.version}" if planned.policy_id else f"rule {planned.rule.id} v{planned.version}"


def build_plan(active: list[Any]) -> RunPlan:
    """Flatten approved rules and policies into a plan; policies contribute suppressions, caps (overall and per
    channel) and the control share."""
    rules: dict[str, PlannedRule] = {}
    suppressions: list[Suppression] = []  # the policies'; the built-ins are added once rules are known
    caps: list[FrequencyCap] = []
    channel_caps: list[tuple[Channel, FrequencyCap]] = []
    control_share = 0.0
    def add(planned: PlannedRule) -> None:
        # two approved specs running one rule id would leave one of them silently off: the registry refuses
        # such an approval, so this only meets a warehouse approved before it did
        if (other := rules.get(planned.rule.id)) is not None:
            raise RunError(
                f"rule {planned.rule.id!r} is run by two approved specs: {_source(other)} and {_source(planned)}",
                where="registry",
                accepted=f"retire one of them: `mcc rules retire {other.policy_id or other.rule.id}` or "
                f"`mcc rules retire {planned.policy_id or planned.rule.id}`",
            )
        rules[planned.rule.id] = planned

    for item in active:
        spec, version = _unpack(item)
        if isinstance(spec, Rule):
            add(PlannedRule(rule=spec, version=version))
            continue
        suppressions.extend(spec.suppressions)
        caps.extend([spec.frequency_cap] if spec.frequency_cap else [])
        channel_caps.extend(spec.channel_caps.items())
        control_share = max(control_share, spec.control_group_share)
        for rule in spec.rules:
            add(PlannedRule(rule=rule, version=version, policy_id=spec.id))
    if not rules:
        raise RunError(
            "no approved rules to run",
            where="registry",
            accepted="approve a proposal first: `mcc rules approve RULE_ID`",
        )
    ordered = sorted(rules.values(), key=lambda p: (p.rule.priority, p.rule.id))
    marketing = [p.rule.id for p in ordered if p.rule.purpose == "marketing"]
    builtins = [sup.model_copy(update={"applies_to": marketing}) for sup in BUILTIN_SUPPRESSIONS]
    return RunPlan(
        rules=ordered,
        suppressions=builtins + suppressions,
        global_caps=caps,
        control_share=control_share,
        channel_caps=channel_caps,
    )


def load_plan(con: Any) -> RunPlan:
    """Read the approved versions (`Registry.active()`: the specs with their version numbers) into a plan."""
    from orchestrator.registry import Registry  # the registry imports compile; keep plan importable alone

    try:
        registry = Registry(con, create=False)  # a dry run must not even create the control tables
    except RegistryError:
        return build_plan([])  # no registry yet: nothing approved, raised as such
    return build_plan(list(registry.active()))
