"""Render the catalog as compact text for a prompt (data, formatted at call time)."""

from __future__ import annotations

from warehouse.catalog import Catalog


def render_catalog(catalog: Catalog) -> str:
    """Return one line per trait, event, dimension and metric.

    >>> from warehouse.catalog import load_catalog
    >>> "trait workouts_completed (int" in render_catalog(load_catalog())
    True
    """
    lines: list[str] = []
    for t in catalog.traits:
        if not t.filterable:
            continue
        kind = t.type + (f": {', '.join(t.values)}" if t.values else "") + (f", {t.unit}" if t.unit else "")
        lines.append(f"trait {t.name} ({kind}) - {t.description}")
    for e in catalog.events:
        props = ", ".join(
            f"{name}: {p.type}" + (f" [{', '.join(p.values)}]" if p.values else "") for name, p in e.properties.items()
        )
        lines.append(f"event {e.name}" + (f" {{{props}}}" if props else "") + f" - {e.description}")
    lines += [f"dimension {d.name}" for d in catalog.dimensions]
    lines += [f"metric {m.name} (funnel: {' > '.join(m.funnel)}) - {m.description}" for m in catalog.metrics]
    return "\n".join(lines)
