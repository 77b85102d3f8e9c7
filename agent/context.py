"""The run's configuration in one place: environment first, then flags (the CLI passes them in).

`Context` is the graph's `context_schema`; nodes read it through `Runtime[Context]`. The planner and the
backend are built lazily from it, once per run, so importing the graph needs no model and no network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warehouse.catalog import Catalog, load_catalog

if TYPE_CHECKING:
    from agent.backend import Backend
    from agent.types import Planner

DEFAULT_RECURSION_LIMIT = 40


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _default_actor() -> str:
    return os.environ.get("MCC_ACTOR") or os.environ.get("USER") or "agent-user"


@dataclass
class Context:
    """Who asks, against which warehouse, with which planner, and the bounds of a run."""

    db: str = field(
        default_factory=lambda: _env("MCC_DB", "mcc.duckdb"),
        metadata={"description": "DuckDB warehouse file ($MCC_DB)."},
    )
    model: str = field(
        default_factory=lambda: _env("MCC_MODEL", "offline"),
        metadata={"description": "'offline' (catalog planner) or 'openai:NAME' ($MCC_MODEL)."},
    )
    actor: str = field(
        default_factory=_default_actor,
        metadata={"description": "The person a proposal is made for (the registry's author)."},
    )
    as_of: str | None = field(
        default=None, metadata={"description": "Evaluate traits as of this ISO time; default the data's end."}
    )
    max_rounds: int = field(
        default=3, metadata={"description": "Draft/validate rounds before the agent stops with the errors."}
    )
    max_tool_calls: int = field(
        default=6, metadata={"description": "Exploration tool calls the LLM planner may make per step."}
    )
    recursion_limit: int = field(
        default=DEFAULT_RECURSION_LIMIT, metadata={"description": "Graph steps before a run is stopped."}
    )
    # Typed Any so the context's JSON Schema (LangGraph Studio's configuration form) can be built.
    planner_override: Any = field(
        default=None, repr=False, metadata={"description": "A ready planner (tests, evals); wins over `model`."}
    )
    backend_override: Any = field(
        default=None, repr=False, metadata={"description": "A ready backend (tests); wins over `db`."}
    )
    _planner: Any = field(default=None, init=False, repr=False)
    _backend: Any = field(default=None, init=False, repr=False)

    @property
    def catalog(self) -> Catalog:
        """Return the catalog (cached by its loader)."""
        return load_catalog()

    def backend(self) -> Backend:
        """Return the deterministic side of the run (validator, preview, registry, tools), built once."""
        if self.backend_override is not None:
            return self.backend_override
        if self._backend is None:
            from agent.backend import WarehouseBackend

            self._backend = WarehouseBackend(Path(self.db), actor=self.actor, as_of=self.as_of, catalog=self.catalog)
        return self._backend

    def planner(self) -> Planner:
        """Return the planner named by `model`, built once per run."""
        if self.planner_override is not None:
            return self.planner_override
        if self._planner is None:
            from agent.providers import make_planner

            self._planner = make_planner(self.model, self)
        return self._planner

    def close(self) -> None:
        """Release the warehouse connection this run opened."""
        if self._backend is not None:
            self._backend.close()
            self._backend = None
