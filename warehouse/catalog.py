"""Load the catalog (`catalog.yaml`) and look names up in it.

The catalog is the one list of traits and events; the validator, planners and prompts all read it.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from warehouse.errors import CatalogError

CATALOG_PATH = Path(__file__).with_name("catalog.yaml")
CLOSEST_CUT = 0.4  # a name suggested as "closest" is at least this similar (difflib's ratio)


# Every refusal suggests the closest names, for the same unknown words again and again: the answers are kept,
# keyed by the words and the catalog's labels themselves, so a different catalog never reads another's.
@lru_cache(maxsize=4096)
def _closest(needle: str, labels: tuple[tuple[str, tuple[str, ...]], ...], n: int) -> tuple[str, ...]:
    """Return up to `n` entry names whose name or a synonym is at least CLOSEST_CUT similar to `needle`, best first."""
    scored: dict[str, float] = {}
    for entry_name, said in labels:
        for label in said:
            matcher = difflib.SequenceMatcher(None, needle, label.lower())
            # the quick ratios bound ratio() from above and cost a fraction of it: a label they put under the cut
            # can never be listed, so its exact score is not computed
            if matcher.real_quick_ratio() < CLOSEST_CUT or matcher.quick_ratio() < CLOSEST_CUT:
                continue
            scored[entry_name] = max(scored.get(entry_name, 0.0), matcher.ratio())
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(name for name, score in ranked[:n] if score >= CLOSEST_CUT)

TraitType = Literal["int", "float", "bool", "enum", "string"]


class PropertySpec(BaseModel):
    type: TraitType
    values: list[str] | None = None


class TraitSpec(BaseModel):
    name: str
    type: TraitType
    description: str
    values: list[str] | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    synonyms: list[str] = Field(default_factory=list)
    value_synonyms: dict[str, list[str]] = Field(
        default_factory=dict, description="enum value -> other words people use for it ('paying' for active)"
    )
    filterable: bool = True

    @model_validator(mode="after")
    def _value_synonyms_name_values(self) -> TraitSpec:
        """Reject value synonyms keyed by a value the trait does not have."""
        unknown = sorted(set(self.value_synonyms) - set(self.values or []))
        if unknown:
            raise ValueError(
                f"value_synonyms of {self.name} name values it does not have: {', '.join(unknown)} "
                f"(accepted: {', '.join(self.values or []) or 'none, the trait has no values'})"
            )
        return self


class EventSpec(BaseModel):
    name: str
    description: str
    synonyms: list[str] = Field(default_factory=list)
    properties: dict[str, PropertySpec] = Field(default_factory=dict)


class DimensionSpec(BaseModel):
    name: str
    synonyms: list[str] = Field(default_factory=list)


class MetricSpec(BaseModel):
    name: str
    description: str
    synonyms: list[str] = Field(default_factory=list)
    funnel: list[str]


class Catalog(BaseModel):
    version: int
    traits: list[TraitSpec]
    events: list[EventSpec]
    dimensions: list[DimensionSpec] = Field(default_factory=list)
    metrics: list[MetricSpec] = Field(default_factory=list)

    def trait(self, name: str) -> TraitSpec:
        """Return a trait by name, or raise with the closest names."""
        for t in self.traits:
            if t.name == name:
                return t
        raise CatalogError(
            f"unknown trait {name!r}",
            accepted=", ".join(self.closest(name, kind="trait")) or "a trait from the catalog",
        )

    def event(self, name: str) -> EventSpec:
        """Return an event by name, or raise with the closest names."""
        for e in self.events:
            if e.name == name:
                return e
        raise CatalogError(
            f"unknown event {name!r}",
            accepted=", ".join(self.closest(name, kind="event")) or "an event from the catalog",
        )

    def has_trait(self, name: str) -> bool:
        return any(t.name == name for t in self.traits)

    def has_event(self, name: str) -> bool:
        return any(e.name == name for e in self.events)

    @property
    def trait_names(self) -> list[str]:
        return [t.name for t in self.traits]

    @property
    def event_names(self) -> list[str]:
        return [e.name for e in self.events]

    def closest(self, name: str, *, kind: Literal["trait", "event", "any"] = "any", n: int = 3) -> list[str]:
        """Return the catalog names closest to `name`, matching names and synonyms.

        >>> load_catalog().closest("workout_complete", kind="trait")[0]
        'workouts_completed'
        """
        labels: list[tuple[str, tuple[str, ...]]] = []
        if kind in ("trait", "any"):
            labels += [(t.name, (t.name.replace("_", " "), *t.synonyms)) for t in self.traits]
        if kind in ("event", "any"):
            labels += [(e.name, (e.name.replace("_", " "), *e.synonyms)) for e in self.events]
        return list(_closest(name.lower().replace("_", " "), tuple(labels), n))

    def check_columns(self, columns: list[str]) -> None:
        """Raise when the trait models' columns and the catalog's traits differ."""
        produced, listed = set(columns), set(self.trait_names)
        missing = sorted(listed - produced)
        extra = sorted(produced - listed)
        if missing or extra:
            raise CatalogError(
                "the catalog and the trait models disagree: "
                + "; ".join(
                    part
                    for part in (
                        f"in the catalog but not produced by the models: {', '.join(missing)}" if missing else "",
                        f"produced by the models but not in the catalog: {', '.join(extra)}" if extra else "",
                    )
                    if part
                ),
                where=str(CATALOG_PATH),
                accepted="one catalog entry per user_traits column",
            )


def parse_catalog(data: Any, *, source: str = "catalog") -> Catalog:
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise CatalogError(f"invalid catalog: {first['msg']}", where=f"{source}:{loc}") from exc


@lru_cache(maxsize=8)
def load_catalog(path: str | Path = CATALOG_PATH) -> Catalog:
    """Load and validate the catalog file (cached; the file is data shipped with the package)."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"cannot read catalog: {exc}", where=str(p)) from exc
    return parse_catalog(data, source=str(p))
