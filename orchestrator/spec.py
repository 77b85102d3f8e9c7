"""Typed rule and policy specs: what the model produces and what reviewers read and diff.

A spec never holds SQL. It serialises to JSON and YAML, and `spec_json_schema` exports the JSON Schema an
LLM's structured output can target. Names are checked against the catalog by `orchestrator.validate`,
not here: parsing only checks shape, so one bad name yields a precise error rather than a parse failure.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from orchestrator.spec_errors import MAX_SPEC_DEPTH, nesting_depth, spec_problems
from orchestrator.spec_yaml import load_yaml, yaml_problem
from warehouse.errors import SpecError

Scalar = str | int | float | bool
CompareOp = Literal["eq", "ne", "gt", "gte", "lt", "lte"]
TraitOp = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "is_null", "not_null", "between"]
Channel = Literal["push", "email", "sms", "in_app", "webhook"]
SLUG = r"^[a-z][a-z0-9_]{1,62}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TraitCondition(_Model):
    """Compare one trait of `user_traits` with a value: `workouts_completed gte 3`."""

    kind: Literal["trait"] = "trait"
    trait: str
    op: TraitOp
    value: Scalar | list[Scalar] | None = None


class PropertyFilter(_Model):
    """Keep only events whose property matches: `workout_type eq yoga`."""

    property: str
    op: TraitOp = "eq"
    value: Scalar | list[Scalar] | None = None


class EventCondition(_Model):
    """Count one event per user in a window ending at the run time and compare the count.

    `within_days` None means all time. A user with no such event has a count of 0, so
    `op: eq, count: 0` selects users who never did it.
    """

    kind: Literal["event"] = "event"
    event: str
    op: CompareOp = "gte"
    count: int = Field(1, ge=0)
    within_days: int | None = Field(None, ge=1, le=3650)
    where: list[PropertyFilter] = Field(default_factory=list)


class AllOf(_Model):
    kind: Literal["all"] = "all"
    conditions: list[Condition] = Field(min_length=1)


class AnyOf(_Model):
    kind: Literal["any"] = "any"
    conditions: list[Condition] = Field(min_length=1)


class Not(_Model):
    kind: Literal["not"] = "not"
    condition: Condition


Condition = Annotated[TraitCondition | EventCondition | AllOf | AnyOf | Not, Field(discriminator="kind")]


class ChannelStep(_Model):
    """One send in a channel plan; later steps wait `delay_hours` after the previous one."""

    channel: Channel
    delay_hours: int = Field(0, ge=0, le=24 * 30)
    only_if: Literal["always", "previous_not_opened", "previous_not_clicked"] = "always"
    template_key: str | None = None


class FrequencyCap(_Model):
    """At most `max_sends` messages in any `per_days` window (as a channel cap: messages on that channel)."""

    max_sends: int = Field(ge=1, le=100)
    per_days: int = Field(ge=1, le=90)


class ConversionMetric(_Model):
    """The event that counts as success, within `window_days` after the decision."""

    event: str
    window_days: int = Field(7, ge=1, le=90)


class StopCondition(_Model):
    """Exit criteria: when the condition holds the user leaves the rule (outcome `stopped`)."""

    id: str = Field(pattern=SLUG)
    description: str
    condition: Condition


class Suppression(_Model):
    """A global rule that blocks sends (outcome `suppressed`); `applies_to` limits it to some rules."""

    id: str = Field(pattern=SLUG)
    description: str
    condition: Condition
    applies_to: list[str] | Literal["all"] = "all"


class Rule(_Model):
    """One program: who qualifies, how it is sent, when it stops, and how it is measured."""

    kind: Literal["rule"] = "rule"
    id: str = Field(pattern=SLUG)
    description: str
    audience: Condition
    priority: int = Field(100, ge=1, le=1000, description="1 is the highest priority")
    purpose: Literal["marketing", "service"] = Field(
        "marketing",
        description="service messages (support, billing, account) are not marketing: the built-in opt-out "
        "and open-ticket suppressions do not apply to them",
    )
    channels: list[ChannelStep] = Field(default_factory=lambda: [ChannelStep(channel="push")], min_length=1)
    frequency_cap: FrequencyCap | None = None
    stop_conditions: list[StopCondition] = Field(default_factory=list)
    suppressions: list[Suppression] = Field(default_factory=list)
    holdout_share: float = Field(0.1, ge=0.0, le=0.5)
    template_key: str | None = None
    conversion: ConversionMetric | None = None


class Policy(_Model):
    """The answer to a decision prompt: ordered rules plus what applies across them."""

    kind: Literal["policy"] = "policy"
    id: str = Field(pattern=SLUG)
    description: str
    rules: list[Rule] = Field(min_length=1)
    suppressions: list[Suppression] = Field(default_factory=list)
    frequency_cap: FrequencyCap | None = None
    channel_caps: dict[Channel, FrequencyCap] = Field(
        default_factory=dict,
        description="per-channel caps across every rule: at most max_sends messages on the channel in any "
        "per_days window ('no more than 2 pushes a week'); they hold beside frequency_cap, which counts every channel",
    )
    control_group_share: float = Field(0.0, ge=0.0, le=0.5)
    edge_cases: list[str] = Field(default_factory=list)


Spec = Annotated[Rule | Policy, Field(discriminator="kind")]
_SPEC_ADAPTER: TypeAdapter[Rule | Policy] = TypeAdapter(Spec)

for _m in (AllOf, AnyOf, Not, StopCondition, Suppression, Rule, Policy):
    _m.model_rebuild()


def parse_spec(data: Any, *, source: str = "spec") -> Rule | Policy:
    """Parse a dict into a Rule or Policy, raising SpecError that names the path of the first problem."""
    if isinstance(data, dict) and "kind" not in data:
        data = {**data, "kind": "policy" if "rules" in data else "rule"}
    if (depth := nesting_depth(data)) > MAX_SPEC_DEPTH:
        raise SpecError(f"the spec nests {depth} levels deep", where=source,
                        accepted=f"at most {MAX_SPEC_DEPTH} levels: conditions side by side in one all/any, not nested")
    try:
        return _SPEC_ADAPTER.validate_python(data)
    except ValidationError as exc:
        problems = spec_problems(data, exc.errors())
        first, more = problems[0], len(problems) - 1
        raise SpecError(
            f"{first['path']}: {first['message']}" + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""),
            where=source,
            accepted="a rule or policy as in examples/ (see `mcc rules schema`)",
            details={"problems": problems},
        ) from exc


def load_spec_text(text: str, *, source: str = "spec") -> Rule | Policy:
    """Parse JSON or YAML text into a spec."""
    try:
        data = load_yaml(text)  # YAML is a superset of JSON; a repeated key is refused
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML or JSON: {yaml_problem(exc)}", where=source) from exc
    if not isinstance(data, dict):
        raise SpecError("a spec must be a mapping with kind, id, ...", where=source, accepted="a YAML or JSON object")
    return parse_spec(data, source=source)


def load_spec_file(path: str | Path) -> Rule | Policy:
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise SpecError(f"cannot read {p}: {exc.strerror}", where=str(p), accepted="a readable .yaml or .json file") from exc
    if not text.strip():
        raise SpecError("the file is empty", where=str(p), accepted="a rule or policy spec")
    return load_spec_text(text, source=str(p))


# Fields added after specs were first stored, written and hashed only when set: a spec that leaves them empty
# reads and hashes as it did before they existed, so re-proposing it is still recognised as no change.
_HASHED_WHEN_SET = ("channel_caps",)


def _without_unset_later_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _HASHED_WHEN_SET or v}


def spec_to_dict(spec: Rule | Policy) -> dict[str, Any]:
    return _without_unset_later_fields(spec.model_dump(mode="json", exclude_none=True))


def spec_to_yaml(spec: Rule | Policy) -> str:
    return yaml.safe_dump(spec_to_dict(spec), sort_keys=False, allow_unicode=True)


def spec_to_json(spec: Rule | Policy) -> str:
    return json.dumps(spec_to_dict(spec), indent=2)


def content_hash(spec: Rule | Policy) -> str:
    """Hash of the canonical JSON: equal specs give equal hashes whatever their key order."""
    data = _without_unset_later_fields(spec.model_dump(mode="json"))
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def spec_json_schema() -> dict[str, Any]:
    """JSON Schema of a Rule-or-Policy document for structured output."""
    return _SPEC_ADAPTER.json_schema()


def iter_conditions(cond: Any) -> list[TraitCondition | EventCondition]:
    """Return the leaf conditions of a condition tree, depth first."""
    if isinstance(cond, TraitCondition | EventCondition):
        return [cond]
    if isinstance(cond, AllOf | AnyOf):
        return [leaf for c in cond.conditions for leaf in iter_conditions(c)]
    if isinstance(cond, Not):
        return iter_conditions(cond.condition)
    return []
