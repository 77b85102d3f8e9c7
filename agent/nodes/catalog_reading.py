"""Answer a question about the catalog: its traits, events and metrics, what one means, whether one exists.

Read from the catalog the agent was given (no warehouse query): each entry's kind, type, values or unit, and its
description, which is catalog text shown as written (data, never instructions). A thing the catalog lacks is
said to be missing, with the nearest names and any trait value that says it ("referrals": utm_source = referral).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.catalog_questions import CatalogAsk, Kind
from agent.context import Context
from agent.state import AgentState
from agent.types import QuestionAnswer
from warehouse.catalog import Catalog

COLUMNS = ["name", "kind", "type", "values or unit", "description"]


def _row(catalog: Catalog, kind: Kind, name: str) -> list[str]:
    """Return one catalog entry as a row."""
    if kind == "trait":
        trait = catalog.trait(name)
        values = ", ".join(trait.values) if trait.values else (trait.unit or "")
        return [name, "trait", trait.type, values, trait.description]
    if kind == "event":
        event = catalog.event(name)
        properties = ", ".join(f"{p} ({spec.type})" for p, spec in sorted(event.properties.items()))
        return [name, "event", "event", f"properties: {properties}" if properties else "", event.description]
    metric = next(m for m in catalog.metrics if m.name == name)
    return [name, "metric", "funnel", " -> ".join(metric.funnel), metric.description]


def _listed(catalog: Catalog, ask: CatalogAsk) -> list[list[str]]:
    rows: list[list[str]] = []
    if "traits" in ask.topics:
        rows += [_row(catalog, "trait", t.name) for t in catalog.traits]
    if "events" in ask.topics:
        rows += [_row(catalog, "event", e.name) for e in catalog.events]
    if "metrics" in ask.topics:
        rows += [_row(catalog, "metric", m.name) for m in catalog.metrics]
    return rows


def _values_saying(catalog: Catalog, phrase: str) -> list[str]:
    """Return "trait = value" for each trait value a word of the phrase names ("referrals" -> utm_source = referral)."""
    words = {w.lower().rstrip("s") for w in phrase.replace("-", " ").split() if len(w) > 2}
    return [f"{t.name} = {v}" for t in catalog.traits for v in (t.values or []) if v.lower().rstrip("s") in words]


def catalog_answer(catalog: Catalog, ask: CatalogAsk) -> QuestionAnswer:
    """Return the answer to a catalog question as a table of entries, with a sentence that says what it found."""
    if ask.asked == "list":
        rows = _listed(catalog, ask)
        question = (f"The catalog: {len(rows)} {' and '.join(ask.topics)} a rule, question or diagnosis can use "
                    "(the names are what rules and the agent write)")
        return QuestionAnswer(question=question, sql="", columns=COLUMNS, rows=rows)
    rows = [_row(catalog, kind, name) for kind, name in ask.names]
    if ask.asked == "define" or rows:
        said = ", ".join(name for _, name in ask.names)
        verb = "is in the catalog as" if ask.asked == "exists" else "in the catalog:"
        return QuestionAnswer(question=f"'{ask.phrase}' {verb} {said}", sql="", columns=COLUMNS, rows=rows)
    kind = " or ".join(t.rstrip("s") for t in ask.topics) or "trait or event"
    related = _values_saying(catalog, ask.phrase)
    nearest = [n for n in catalog.closest(ask.phrase.replace(" ", "_"), n=3) if _shares_a_stem(n, ask.phrase)]
    notes = [f"nothing in the catalog tracks '{ask.phrase}': no {kind} has that name or synonym"]
    if related:
        notes.append(f"a trait value says it: {', '.join(related)}")
    if nearest:
        notes.append(f"nearest names: {', '.join(nearest)}")
    notes.append("new events and traits are added to the tracking plan and warehouse/catalog.yaml")
    rows = [_row(catalog, "trait", r.split(" = ")[0]) for r in related]
    rows += [_row(catalog, kind, name) for kind, name in filter(None, (_kind_of(catalog, n) for n in nearest))]
    return QuestionAnswer(question=f"No {kind} for '{ask.phrase}' in the catalog", sql="", columns=COLUMNS,
                          rows=rows, notes=notes)


def _shares_a_stem(name: str, phrase: str) -> bool:
    """Return whether a catalog name shares a word's first four letters with the phrase ("app_opened" with "app
    installs"): difflib's nearest names alone offer subscription_status for "referrals"."""
    stems = {w[:4] for w in phrase.lower().replace("-", " ").split() if len(w) >= 3}
    return any(part[:4] in stems for part in name.split("_") if len(part) >= 3)


def _kind_of(catalog: Catalog, name: str) -> tuple[Kind, str] | None:
    if catalog.has_trait(name):
        return "trait", name
    if catalog.has_event(name):
        return "event", name
    return ("metric", name) if any(m.name == name for m in catalog.metrics) else None


def answer_catalog(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Answer the catalog question the intake read (state["about_catalog"]) from the agent's catalog."""
    ask = CatalogAsk.model_validate(state["about_catalog"])
    answer = catalog_answer(runtime.context.catalog, ask)
    return {"result": answer.model_dump(mode="json"), "steps": ["answer_catalog"]}
