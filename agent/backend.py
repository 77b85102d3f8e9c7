"""The deterministic side of a run: validator, preview, registry proposal and the diagnostic tools.

Nodes talk to the `Backend` protocol; `WarehouseBackend` is the real one, calling the guarded tools in
`tools/` (which call the orchestrator's validator, preview and registry). Tests pass a scripted backend
through `Context.backend_override`. Nothing here can approve or apply a rule.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from agent.types import DebugPlan, ExposureDelta, FunnelStepDelta, QuestionAnswer, SupportDelta, Window
from orchestrator.compile.as_of import parse_as_of
from orchestrator.explain_model import Explanation
from orchestrator.registry.records import SpecDiff, VersionInfo
from orchestrator.run_history import RunSummary
from orchestrator.spec import Policy, Rule, parse_spec
from tools.named_periods import PeriodSpec
from tools.performance import PerformanceReport, RanRule
from tools.run_outcomes import RunOutcomes
from warehouse.catalog import Catalog
from warehouse.errors import AgentError, DatabaseError, RegistryError


class FunnelEvidence(BaseModel):
    """compare_funnel's rows in the Diagnostic's terms, with the SQL behind each evidence id."""

    window: Window
    steps: list[FunnelStepDelta]
    sql: dict[str, str] = Field(default_factory=dict)
    filters: dict[str, list[str]] = Field(default_factory=dict, description="the scopes the tool applied")
    traits_as_of: str | None = Field(None, description="when the user_traits read were computed (ISO), if any were")
    period_notes: list[str] = Field(default_factory=list, description="what to know about the periods compared")


class ExposureEvidence(BaseModel):
    """message_exposure's rows in the Diagnostic's terms, with the SQL behind each evidence id."""

    rows: list[ExposureDelta]
    sql: dict[str, str] = Field(default_factory=dict)


class SupportEvidence(BaseModel):
    """compare_support's rows in the Diagnostic's terms, with the SQL behind each evidence id."""

    window: Window
    rows: list[SupportDelta]
    segments: list[str] = Field(description="the compared segments as the rows name them ('rest' pools the others)")
    rest: list[str] = Field(default_factory=list, description="the values pooled as 'rest'")
    reasons: list[str] = Field(default_factory=list, description="the ticket reasons recorded")
    sql: dict[str, str] = Field(default_factory=dict)
    filters: dict[str, list[str]] = Field(default_factory=dict, description="the scopes the tool applied")
    traits_as_of: str | None = Field(None, description="when the user_traits read were computed (ISO), if any were")
    period_notes: list[str] = Field(default_factory=list, description="what to know about the periods compared")


class Backend(Protocol):
    """What the graph's deterministic nodes call."""

    def validate(self, spec: Rule | Policy) -> dict[str, list[dict[str, Any]]]: ...

    def preview(self, spec: Rule | Policy) -> dict[str, Any]: ...

    def narrowing(self, spec: Rule | Policy) -> list[dict[str, Any]]: ...

    def propose(self, spec: Rule | Policy, actor: str, comment: str) -> str: ...

    def active_specs(self) -> list[Rule | Policy]: ...

    def funnel(self, plan: DebugPlan) -> FunnelEvidence: ...

    def exposure(self, plan: DebugPlan) -> ExposureEvidence: ...

    def support(self, plan: DebugPlan, segments: list[str]) -> SupportEvidence: ...

    def run_sql(self, question: str, sql: str) -> QuestionAnswer: ...

    def ran_rules(self) -> list[RanRule]: ...

    def registry_ids(self) -> list[str]: ...

    def registry_versions(self) -> list[VersionInfo]: ...

    def rule_diff(self, rule_id: str) -> SpecDiff: ...

    def explain(self, user_id: str, rule_id: str | None) -> Explanation: ...

    def runs(self, limit: int) -> list[RunSummary]: ...

    def run_outcomes(self) -> RunOutcomes | None: ...

    def pending_by_rule(self, channel: str | None, start: datetime | None, end: datetime | None) -> dict[str, int]: ...

    def performance(
        self, rule_ids: list[str] | None, filters: dict[str, list[str]], by: str | None = None,
        period: PeriodSpec | None = None,
    ) -> PerformanceReport: ...

    def tool_context(self) -> Any: ...

    def close(self) -> None: ...


def checked(tool: str, result: Any) -> Any:
    """Return a tool's result, or raise its ToolError as the agent's error (what was wrong, what works)."""
    from tools.results import ToolError

    if isinstance(result, ToolError):
        # a warehouse that cannot be opened (missing, locked) stays a DatabaseError: no rewrite of the
        # request can fix it, so the graph stops with it instead of asking the planner again
        error = DatabaseError if result.error == DatabaseError.__name__ else AgentError
        raise error(f"{tool} refused: {result.message}", where=tool, accepted=result.accepted,
                    details=dict(result.details))
    return result


def already_there(rule_id: str, version: int, status: str) -> str:
    """Say that nothing was proposed because the registry holds this exact content, and what that version is."""
    now = {"approved": "it already runs at every mcc run",
           "superseded": "a later version replaced it", "rejected": f"mcc rules history {rule_id} says why",
           "retired": f"it was retired; `mcc rules rollback {rule_id} --to {version}` runs it again"}.get(status, status)
    return f"nothing was proposed: {rule_id} v{version} has exactly this content and is {status}; {now}"


class WarehouseBackend:
    """The real backend over one warehouse file, through the guarded tools."""

    def __init__(self, db: Path, *, actor: str, as_of: str | None, catalog: Catalog) -> None:
        from warehouse.connection import Warehouse

        self.catalog = catalog
        self.actor = actor
        self.as_of = parse_as_of(as_of)  # naive UTC, as the warehouse keeps times
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
        from tools.rules import validate_rule

        result = checked("validate_rule", validate_rule(self.tool_context(), spec.model_dump(mode="json")))
        return {
            "errors": [i.model_dump(mode="json") for i in result.errors],
            "warnings": [i.model_dump(mode="json") for i in result.warnings],
        }

    def preview(self, spec: Rule | Policy) -> dict[str, Any]:
        """Preview the audience on the read-only connection."""
        from tools.rules import preview_audience

        result = checked("preview_audience", preview_audience(self.tool_context(), spec.model_dump(mode="json")))
        return dict(result.preview)

    def narrowing(self, spec: Rule | Policy) -> list[dict[str, Any]]:
        """Count each audience condition alone and with those before it, on the read-only connection."""
        from tools.rules import narrow_audience

        return list(checked("narrow_audience", narrow_audience(self.tool_context(), spec.model_dump(mode="json"))).rules)

    def propose(self, spec: Rule | Policy, actor: str, comment: str) -> str:
        """File a proposal for a person to review, as `actor`; the only write the agent makes."""
        from tools.rules import propose_rule

        ctx = self.tool_context()
        ctx.actor = actor
        result = checked("propose_rule", propose_rule(ctx, spec.model_dump(mode="json"), comment=comment))
        if not result.created and result.status != "proposed":
            # the registry keeps one version per content: an identical approved (or rejected, retired) version
            # is not proposed again, so there is nothing for a reviewer to approve
            raise RegistryError(already_there(result.rule_id, result.version, result.status), where="propose_rule",
                                accepted="change the draft to propose a new version")
        return str(result.rule_id)

    def active_specs(self) -> list[Rule | Policy]:
        """Return the approved rules and policies that run today (read-only), so a prompt can change one."""
        from tools.rules import list_active_rules

        result = checked("list_active_rules", list_active_rules(self.tool_context()))
        return [parse_spec(spec, source="registry") for spec in result.specs]

    def funnel(self, plan: DebugPlan) -> FunnelEvidence:
        """Run compare_funnel for the plan."""
        from agent.evidence import funnel_evidence
        from tools.funnel import compare_funnel

        result = compare_funnel(self.tool_context(), metric=plan.metric, dimension=plan.dimension,
                                segments=plan.segments, window_days=plan.window_days, filters=plan.filters,
                                window=plan.period)
        return funnel_evidence(checked("compare_funnel", result), plan)

    def exposure(self, plan: DebugPlan) -> ExposureEvidence:
        """Run message_exposure for the plan."""
        from agent.evidence import exposure_evidence
        from tools.exposure import message_exposure

        result = message_exposure(self.tool_context(), dimension=plan.dimension, segments=plan.segments,
                                  window_days=plan.window_days, filters=plan.filters, window=plan.period)
        return exposure_evidence(checked("message_exposure", result))

    def support(self, plan: DebugPlan, segments: list[str]) -> SupportEvidence:
        """Run compare_support for the plan's dimension: one segment against the rest, or every one given."""
        from agent.evidence import support_evidence
        from tools.support import compare_support

        reasons = plan.support.reasons if plan.support else []
        result = compare_support(self.tool_context(), dimension=plan.dimension, segments=segments,
                                 window_days=plan.window_days, filters=plan.filters, window=plan.period, reasons=reasons)
        return support_evidence(checked("compare_support", result), plan)

    def run_sql(self, question: str, sql: str) -> QuestionAnswer:
        """Run one guarded SELECT; a refusal raises so the planner can be told and retry."""
        from tools.results import ToolError
        from tools.run_sql import run_sql

        result = run_sql(self.tool_context(), sql)
        if isinstance(result, ToolError):
            self.require_data()  # on a warehouse never built, no rewrite of the query can find its tables
        result = checked("run_sql", result)
        notes: list[str] = []
        if "period_start" in result.columns:
            from agent.question_coverage import coverage_notes, data_bounds

            with self.warehouse.sandbox() as con:  # the period asked against the data held, read-only
                notes = coverage_notes(result.columns, result.rows, data_bounds(con))
        return QuestionAnswer(
            question=question, sql=result.sql, columns=result.columns, rows=result.rows, truncated=result.truncated,
            notes=notes,
        )

    def ran_rules(self) -> list[RanRule]:
        """Return the rules completed runs executed (none before the first run), read-only."""
        from tools.performance import ran_rules

        with self.warehouse.sandbox() as con:
            return ran_rules(con)

    def registry_ids(self) -> list[str]:
        """Return the id of every rule and policy the registry holds, in any status (read-only)."""
        return sorted({v.rule_id for v in self.registry_versions()})

    def registry_versions(self) -> list[VersionInfo]:
        """Return every version the registry holds with its status, author and reviewer (read-only)."""
        from orchestrator.registry import Registry
        from warehouse.sqlutil import table_exists

        with self.warehouse.sandbox() as con:
            if not table_exists(con, "mcc", "rule_versions"):
                return []
            return Registry(con, create=False).list()

    def rule_diff(self, rule_id: str) -> SpecDiff:
        """Diff a rule's latest version against the one running (else the one before), with whom it adds and
        removes, as `mcc rules diff` does (read-only)."""
        from orchestrator.registry import Registry

        with self.warehouse.sandbox() as con:
            return Registry(con, create=False).diff(rule_id, as_of=self.as_of)

    def explain(self, user_id: str, rule_id: str | None) -> Explanation:
        """Explain one user's decisions in the latest run, step by step, as `mcc explain` does (read-only)."""
        from tools.explain_user import explain_user

        return checked("explain_user", explain_user(self.tool_context(), user_id, rule_id))

    def runs(self, limit: int) -> list[RunSummary]:
        """Return the latest runs with their decisions and messages by delivery status, as `mcc runs` does (read-only)."""
        from orchestrator.run_history import list_runs

        with self.warehouse.sandbox() as con:
            return list_runs(con, limit)

    def run_outcomes(self) -> RunOutcomes | None:
        """Return the latest completed run's decisions per rule by outcome and its global control group (read-only)."""
        from tools.run_outcomes import run_outcomes

        with self.warehouse.sandbox() as con:
            return run_outcomes(con, self.as_of)

    def pending_by_rule(self, channel: str | None, start: datetime | None, end: datetime | None) -> dict[str, int]:
        """Return each rule's outbox messages still waiting for delivery, due in the period if given (read-only)."""
        from tools.outbox_pending import pending_by_rule

        with self.warehouse.sandbox() as con:
            return pending_by_rule(con, channel, start, end)

    def performance(
        self, rule_ids: list[str] | None, filters: dict[str, list[str]], by: str | None = None,
        period: PeriodSpec | None = None,
    ) -> PerformanceReport:
        """Run rule_performance for the rules (or policies) named, None for every rule that ran, among the
        people `filters` keeps, each value of `by` apart, the users first decided in `period`."""
        from tools.performance import rule_performance

        return checked("rule_performance", rule_performance(self.tool_context(), rule_ids, filters, by, period))

    def require_data(self) -> None:
        """Raise a DatabaseError that says so when the warehouse opens but holds no data (never built or loaded)."""
        from warehouse.meta import get_meta

        try:
            with self.warehouse.sandbox() as con:
                built = get_meta(con, "data_end") is not None
        except DatabaseError:  # it cannot be opened at all: the tool's own refusal already says why
            return
        if not built:
            raise DatabaseError(f"the warehouse {self.warehouse.path} holds no data yet (it was never built or loaded)",
                                where="run_sql", accepted="`mcc warehouse build`, or `mcc collect load FILE`, first")

    def close(self) -> None:
        self.warehouse.close()
