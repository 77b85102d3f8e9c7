"""Say in the diagnosis who was compared: the filters applied, when traits were read, the scopes left out."""

from __future__ import annotations

from agent.types import DebugPlan
from warehouse.catalog import Catalog


def scope_label(filters: dict[str, list[str]]) -> str:
    """Return the filters as words, e.g. "utm_source=facebook and country in (DE, FR)"; '' when none."""
    parts = [f"{name}={values[0]}" if len(values) == 1 else f"{name} in ({', '.join(values)})"
             for name, values in filters.items()]
    return " and ".join(parts)


def segment_labels(catalog: Catalog, dimension: str, segments: list[str]) -> dict[str, str]:
    """Return how the summary names each segment: a dimension's value as is ("ios"), a yes/no trait as people
    ("users with push enabled", "users without push enabled"), another trait's value with the trait ("users
    with upgrade intent high")."""
    if dimension in {d.name for d in catalog.dimensions} or not catalog.has_trait(dimension):
        return {s: s for s in segments}
    words = dimension.replace("_", " ")
    if catalog.trait(dimension).type == "bool":
        return {s: f"users {'with' if s.lower() == 'true' else 'without'} {words}" for s in segments}
    return {s: f"users with {words} {s.replace('_', ' ')}" for s in segments}


def summary_lead(filters: dict[str, list[str]]) -> str:
    """Return what the summary opens with: the filters every query kept ('' when none)."""
    return f"Among users with {scope_label(filters)}: " if filters else ""


def scope_notes(
    plan: DebugPlan, applied: dict[str, list[str]], traits_as_of: str | None, window_end: str
) -> list[str]:
    """Return the diagnosis's notes on scope: filters applied, the traits' as-of time, scopes not applied."""
    notes: list[str] = []
    if applied:
        notes.append(f"Every funnel and exposure query kept only users with {scope_label(applied)}.")
    if traits_as_of is not None:
        when = ("the end of the current window" if traits_as_of == window_end
                else f"that time, not at the current window's end ({window_end})")
        notes.append(
            f"Modeled traits are read as of {traits_as_of} (the data end): each user is classed by their state "
            f"at {when}, in both periods, not by their state when each period began."
        )
    notes += [f"Not applied: {reason}" for reason in plan.not_applied]
    return notes
