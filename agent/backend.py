"""The deterministic side of a run: validator, preview, registry proposal and the diagnostic tools.

Nodes talk to the `Backend` protocol; `WarehouseBackend` is the real one over a warehouse file, and tests
pass a scripted one through `Context.backend_override`. Nothing here can approve or apply a rule.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from agent.types import DebugPlan, ExposureDelta, FunnelStepDelta, QuestionAnswer, Window
from orchestrator.spec import Policy, Rule
from warehouse.catalog import Catalog
from warehouse.errors import AgentError


class FunnelEvidence(BaseModel):
    """compare_funnel's rows in the Diagnostic's terms, with the SQL behind each evidence id."""

    window: Window
    steps: list[FunnelStepDelta]
    sql: dict[str, str] = Field(default_factory=dict)


class ExposureEvidence(BaseModel):
    """message_exposure's rows in the Diagnostic's terms, with the SQL behind each evidence id."""

    rows: list[ExposureDelta]
    sql: dict[str, str] = Field(default_factory=dict)


class Backend(Protocol):
    """What the graph's deterministic nodes call."""

    def validate(self, spec: Rule | Policy) -> dict[str, list[dict[str, Any]]]: ...

    def preview(self, spec: Rule | Policy) -> dict[str, Any]: ...

    def propose(self, spec: Rule | Policy, actor: str, comment: str) -> str: ...

    def funnel(self, plan: DebugPlan) -> FunnelEvidence: ...

    def exposure(self, plan: DebugPlan) -> ExposureEvidence: ...

    def run_sql(self, question: str, sql: str) -> QuestionAnswer: ...

    def tool_context(self) -> Any: ...

    def close(self) -> None: ...


def tool_failure(tool: str, result: Any) -> AgentError:
    """Turn a tool's ToolError result into the agent's error, keeping what would be accepted."""
    return AgentError(
        f"{tool} refused: {result.message}",
        where=tool,
        accepted=getattr(result, "accepted", None),
        details=dict(getattr(result, "details", {}) or {}),
    )


class WarehouseBackend:
    """The real backend: the orchestrator's validator, preview and registry, and E's tools."""

    def __init__(self, db: Path, *, actor: str, as_of: str | None, catalog: Catalog) -> None:
        from warehouse.connection import Warehouse

        self.catalog = catalog
        self.actor = actor
        self.as_of = datetime.fromisoformat(as_of) if as_of else None
        self.warehouse = Warehouse(db)
        self._ctx: Any = None

    def tool_context(self) -> Any:
        """Return the tools' context (the warehouse, the catalog, the person asking)."""
        if self._ctx is None:
            from tools.context import ToolContext

            self._ctx = ToolContext(warehouse=self.warehouse, catalog=self.catalog, actor=self.actor, as_of=self.as_of)
        return self._ctx

    def validate(self, spec: Rule | Policy) -> dict[str, list[dict[str, Any]]]:
        """Validate against the catalog and, for empty or shadowed audiences, the warehouse."""
        from orchestrator.validate import validate_spec

        with self.warehouse.sandbox() as con:
            report = validate_spec(spec, self.catalog, con=con)
        return {
            "errors": [i.model_dump(mode="json") for i in report.errors],
            "warnings": [i.model_dump(mode="json") for i in report.warnings],
        }

    def preview(self, spec: Rule | Policy) -> dict[str, Any]:
        """Preview the audience on the read-only connection."""
        from orchestrator.preview import preview

        with self.warehouse.sandbox() as con:
            result = preview(con, spec, self.catalog, as_of=self.as_of)
        return result.model_dump(mode="json")

    def propose(self, spec: Rule | Policy, actor: str, comment: str) -> str:
        """File a proposal for a person to review; the only write the agent makes."""
        from orchestrator.registry import Registry

        with self.warehouse.writer() as con:
            proposal = Registry(con).propose(spec, actor=actor, comment=comment)
        self.warehouse.close()
        return proposal.rule_id

    def funnel(self, plan: DebugPlan) -> FunnelEvidence:
        from agent.evidence import funnel_evidence
        from tools.funnel import compare_funnel
        from tools.results import ToolError

        result = compare_funnel(
            self.tool_context(), metric=plan.metric, dimension=plan.dimension, segments=plan.segments,
            window_days=plan.window_days,
        )
        if isinstance(result, ToolError):
            raise tool_failure("compare_funnel", result)
        return funnel_evidence(result, plan)

    def exposure(self, plan: DebugPlan) -> ExposureEvidence:
        from agent.evidence import exposure_evidence
        from tools.exposure import message_exposure
        from tools.results import ToolError

        result = message_exposure(
            self.tool_context(), dimension=plan.dimension, segments=plan.segments, window_days=plan.window_days
        )
        if isinstance(result, ToolError):
            raise tool_failure("message_exposure", result)
        return exposure_evidence(result)

    def run_sql(self, question: str, sql: str) -> QuestionAnswer:
        """Run one guarded SELECT; a refusal raises so the planner can be told and retry."""
        from tools.results import ToolError
        from tools.run_sql import run_sql

        result = run_sql(self.tool_context(), sql)
        if isinstance(result, ToolError):
            raise tool_failure("run_sql", result)
        return QuestionAnswer(
            question=question, sql=result.sql, columns=result.columns, rows=result.rows, truncated=result.truncated
        )

    def close(self) -> None:
        self.warehouse.close()


__all__ = ["Backend", "ExposureEvidence", "FunnelEvidence", "WarehouseBackend"]
