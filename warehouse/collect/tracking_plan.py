"""The tracking plan: one property schema per canonical event, shadow-name aliases, page events.

RudderStack checks each event against a JSON Schema and reports `Unplanned-Event`, `Required-Missing`,
`Datatype-Mismatch` or `Additional-Properties`; this module does the same from `tracking_plan.yaml`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from warehouse.collect.flatten import snake_case
from warehouse.collect.timestamps import parse_timestamp
from warehouse.errors import InputError

TRACKING_PLAN_PATH = Path(__file__).with_name("tracking_plan.yaml")

PropertyType = Literal["string", "number", "integer", "boolean", "datetime"]
ViolationType = Literal[
    "Unplanned-Event",
    "Required-Missing",
    "Datatype-Mismatch",
    "Additional-Properties",
    "Malformed-JSON",
    "Missing-Id",
    "Oversize-Payload",
]


class PropertySchema(BaseModel):
    """The type of one property, whether it is required, and its allowed values."""

    model_config = ConfigDict(extra="forbid")

    type: PropertyType
    required: bool = False
    values: list[str] | None = None

    def mismatch(self, value: Any) -> str | None:
        """Return why `value` does not fit this schema, or None when it does."""
        if not _has_type(self.type, value):
            return f"must be {self.type}, got {type(value).__name__} {value!r}"
        if self.values is not None and value not in self.values:
            return f"must be one of {', '.join(self.values)}, got {value!r}"
        return None


class Alias(BaseModel):
    """A shadow event name a client sends for a canonical event, and how its properties map."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    event: str
    property_map: dict[str, str] = Field(default_factory=dict, alias="properties")
    value_map: dict[str, dict[str, str]] = Field(default_factory=dict, alias="values")
    drop: list[str] = Field(default_factory=list)

    def apply(self, properties: dict[str, Any]) -> dict[str, Any]:
        """Return the properties renamed, rewritten and trimmed to the canonical event's schema."""
        mapped: dict[str, Any] = {}
        for key, value in properties.items():
            if key in self.drop:
                continue
            name = self.property_map.get(key, key)
            values = self.value_map.get(name)
            mapped[name] = values.get(value, value) if values and isinstance(value, str) else value
        return mapped


class Violation(BaseModel):
    """One tracking-plan violation, typed as RudderStack types them."""

    type: ViolationType
    message: str
    path: str = ""


class TrackingPlan(BaseModel):
    """The parsed plan; `check` validates one message against it."""

    model_config = ConfigDict(extra="forbid")

    version: int
    additional_properties: bool = False
    events: dict[str, dict[str, PropertySchema]]
    aliases: dict[str, Alias] = Field(default_factory=dict)
    page_events: dict[str, str] = Field(default_factory=dict)
    traits: dict[str, PropertySchema] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _targets_are_planned(self) -> TrackingPlan:
        for name, alias in self.aliases.items():
            if alias.event not in self.events:
                raise ValueError(f"alias {name} maps to {alias.event}, which is not a planned event")
            if name in self.events:
                raise ValueError(f"{name} is both a planned event and an alias")
        for page, event in self.page_events.items():
            if event not in self.events:
                raise ValueError(f"page {page!r} maps to {event}, which is not a planned event")
        return self

    @cached_property
    def _fast_checks(self) -> dict[str, _FastCheck]:
        # A cached_property is a plain instance attribute once computed; a pydantic private attribute is
        # read through __getattr__, which costs more than the check it would speed up.
        return {event: _FastCheck(schema, self.additional_properties) for event, schema in self.events.items()}

    def canonical(self, event: str, properties: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Return the canonical event name and properties for what a client sent.

        Names match in snake_case, as the warehouse stores them: `Plan Selected` is `plan_selected`.
        """
        name = snake_case(event)
        alias = self.aliases.get(name)
        if alias is None:
            return name, properties
        return alias.event, alias.apply(properties)

    def page_event(self, name: str | None) -> str | None:
        """Return the canonical event a page or screen name means, or None."""
        return self.page_events.get(name) if name else None

    def check_properties(self, event: str, properties: dict[str, Any]) -> list[Violation]:
        """Check a canonical event's properties against its schema."""
        fast = self._fast_checks.get(event)
        if fast is not None and fast.passes(properties):
            return []
        schema = self.events.get(event)
        if schema is None:
            planned = ", ".join(sorted(self.events))
            return [Violation(type="Unplanned-Event", message=f"event {event!r} is not in the tracking plan "
                              f"(planned: {planned})", path="/event")]
        found = _check_fields(schema, properties, "/properties")
        if not self.additional_properties:
            found += [
                Violation(type="Additional-Properties", path=f"/properties/{key}",
                          message=f"{event} has no property {key!r} (allowed: {', '.join(schema) or 'none'})")
                for key in properties
                if key not in schema
            ]
        return found

    def check_traits(self, traits: dict[str, Any]) -> list[Violation]:
        """Check identify traits that have a declared type; other traits are free."""
        return _check_fields(self.traits, traits, "/traits", only_present=True)

    def check(self, message: dict[str, Any]) -> list[Violation]:
        """Check a track or identify message (aliases applied first); other types have no schema."""
        kind = message.get("type")
        if kind == "identify":
            traits = message.get("traits") or {}
            return self.check_traits(traits) if isinstance(traits, dict) else [
                Violation(type="Datatype-Mismatch", message="traits must be an object", path="/traits")]
        if kind != "track":
            return []
        event, properties = message.get("event"), message.get("properties") or {}
        if not isinstance(event, str) or not event:
            return [Violation(type="Required-Missing", message="a track message needs an event name",
                              path="/event")]
        if not isinstance(properties, dict):
            return [Violation(type="Datatype-Mismatch", message="properties must be an object",
                              path="/properties")]
        return self.check_properties(*self.canonical(event, properties))


class _FastCheck:
    """Say whether an event's properties pass its schema, without building violations.

    Most messages pass: this answers them from plain tuples and sets, and only a message that fails is
    checked again by `_check_fields`, which says why. It must fail exactly where `_check_fields` finds a
    violation; allowed values become a set, which for the str, number and bool values that reach the
    membership test holds the same members as the list.
    """

    def __init__(self, schema: dict[str, PropertySchema], additional_properties: bool) -> None:
        self.fields = tuple((name, spec.required, spec.type, None if spec.values is None else frozenset(spec.values))
                            for name, spec in schema.items())
        self.keys = None if additional_properties else frozenset(schema)

    def passes(self, properties: dict[str, Any]) -> bool:
        for name, required, kind, allowed in self.fields:
            value = properties.get(name)
            if value is None:
                if required:
                    return False
            elif not _has_type(kind, value) or (allowed is not None and value not in allowed):
                return False
        return self.keys is None or self.keys.issuperset(properties)


def _has_type(kind: PropertyType, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":  # JSON Schema counts 3.0 as an integer
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    return parse_timestamp(value) is not None


def _check_fields(schema: dict[str, PropertySchema], values: dict[str, Any], where: str,
                  *, only_present: bool = False) -> list[Violation]:
    found: list[Violation] = []
    for name, spec in schema.items():
        value = values.get(name)
        if value is None:
            if spec.required and not only_present:
                found.append(Violation(type="Required-Missing", path=f"{where}/{name}",
                                       message=f"required property {name!r} is missing"))
            continue
        problem = spec.mismatch(value)
        if problem:
            found.append(Violation(type="Datatype-Mismatch", path=f"{where}/{name}",
                                   message=f"{name} {problem}"))
    return found


def load_tracking_plan(path: str | Path | None = None) -> TrackingPlan:
    """Load and validate a tracking plan file (default: the one beside this module)."""
    source = Path(path) if path is not None else TRACKING_PLAN_PATH
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read tracking plan {source}: {exc.strerror}",
                         accepted="a YAML tracking plan file") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"tracking plan {source} is not valid YAML: {exc}".splitlines()[0]) from exc
    try:
        return TrackingPlan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"tracking plan {source} is invalid at {where or 'top level'}: {first['msg']}",
                         accepted="version, events, aliases, page_events, traits") from exc
