"""Scripted fakes for the agent's tests: a planner, a backend and a chat model. Never a real model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from agent.backend import ExposureEvidence, FunnelEvidence
from agent.types import (
    DebugPlan,
    ExposureDelta,
    FunnelStepDelta,
    Intent,
    QuestionAnswer,
    QuestionPlan,
    Refusal,
    Usage,
    Window,
)
from orchestrator.spec import Policy, Rule, TraitCondition, parse_spec
from tools.named_periods import PeriodSpec
from tools.performance import PerformanceReport, RanRule
from warehouse.catalog import Catalog
from warehouse.errors import GuardError, InputError, RegistryError

WINDOW = Window(current_start="2026-11-18", current_end="2026-11-25", previous_start="2026-11-11",
                previous_end="2026-11-18", label="this week")


def rule(rule_id: str = "upgrade_nudge", trait: str = "workouts_completed") -> Rule:
    """Return a small valid-looking rule (a trait condition)."""
    return Rule(id=rule_id, description="test rule", audience=TraitCondition(trait=trait, op="gte", value=3))


class ScriptedPlanner:
    """A planner that returns what the test scripted, in order, and records what it was given."""

    name = "scripted"

    def __init__(
        self,
        intent: Intent = "eligibility",
        drafts: Sequence[Rule | Policy | Refusal] = (),
        debug: DebugPlan | Refusal | None = None,
        questions: Sequence[QuestionPlan | Refusal] = (),
    ) -> None:
        self.usage = Usage()
        self.intent = intent
        self.drafts = list(drafts)
        self.debug = debug
        self.questions = list(questions)
        self.feedback_seen: list[list[dict[str, Any]]] = []

    def classify(self, prompt: str, catalog: Catalog) -> Intent:
        self.usage.model_calls += 1
        return self.intent

    def draft(self, prompt: str, intent: Intent, catalog: Catalog, feedback: list[dict[str, Any]]) -> Rule | Policy | Refusal:
        self.feedback_seen.append(feedback)
        return self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]

    def plan_debug(self, prompt: str, catalog: Catalog) -> DebugPlan | Refusal:
        assert self.debug is not None
        return self.debug

    def plan_question(self, prompt: str, catalog: Catalog, feedback: list[dict[str, Any]]) -> QuestionPlan | Refusal:
        self.feedback_seen.append(feedback)
        return self.questions.pop(0) if len(self.questions) > 1 else self.questions[0]


def funnel_rows(segment: str, prev: list[int], cur: list[int], steps: Sequence[str]) -> list[FunnelStepDelta]:
    """Build a segment's funnel rows from step counts in both periods."""
    rows = []
    for step, p, c in zip(steps, prev, cur, strict=True):
        pr, cr = p / prev[0], c / cur[0]
        rows.append(FunnelStepDelta(step=step, segment=segment, previous_count=p, current_count=c, previous_rate=pr,
                                    current_rate=cr, rate_delta=cr - pr, evidence_id=f"funnel:{segment}:{step}"))
    return rows


def exposure_rows(segment: str, channel: str, sent: tuple[int, int], rate: tuple[float, float]) -> list[ExposureDelta]:
    """Build a channel's sent and delivery-rate rows for a segment."""
    eid = f"exposure:{segment}:{channel}"
    return [
        ExposureDelta(channel=channel, segment=segment, metric="sent", previous=sent[0], current=sent[1],
                      delta=sent[1] - sent[0], evidence_id=eid),
        ExposureDelta(channel=channel, segment=segment, metric="delivery_rate", previous=rate[0], current=rate[1],
                      delta=rate[1] - rate[0], evidence_id=eid),
    ]


class FakeBackend:
    """Validator, preview, registry and tools scripted in memory; records every proposal."""

    def __init__(
        self,
        reports: Sequence[dict[str, list[dict[str, Any]]]] = ({"errors": [], "warnings": []},),
        funnel: FunnelEvidence | None = None,
        exposure: ExposureEvidence | None = None,
        sql: Callable[[str], QuestionAnswer] | None = None,
        active: Sequence[Rule | Policy] = (),
        ran: Sequence[RanRule] = (),
        performance: PerformanceReport | None = None,
    ) -> None:
        self.reports = list(reports)
        self.ran = list(ran)
        self.performance_report = performance
        self.performance_filters: dict[str, list[str]] | None = None
        self.performance_by: str | None = None
        self.performance_period: PeriodSpec | None = None
        self.active = list(active)
        self.funnel_result = funnel
        self.exposure_result = exposure
        self.sql = sql
        self.proposals: list[tuple[str, str]] = []
        self.validated: list[str] = []

    def validate(self, spec: Rule | Policy) -> dict[str, list[dict[str, Any]]]:
        self.validated.append(spec.id)
        return self.reports.pop(0) if len(self.reports) > 1 else self.reports[0]

    def preview(self, spec: Rule | Policy) -> dict[str, Any]:
        return {"audience_size": 42, "audience_sql": "SELECT user_id FROM user_traits"}

    def narrowing(self, spec: Rule | Policy) -> list[dict[str, Any]]:
        return []  # the fake holds no users to count (the chat tests count on a real warehouse)

    def explain(self, user_id: str, rule_id: str | None) -> Any:
        # the fake holds no runs: what the real backend says on a warehouse where nothing ran yet
        raise InputError("no run has decided anyone yet", where="explain", accepted="mcc run first")

    def propose(self, spec: Rule | Policy, actor: str, comment: str) -> str:
        parse_spec(spec.model_dump(mode="json"))
        self.proposals.append((spec.id, actor))
        return spec.id

    def active_specs(self) -> list[Rule | Policy]:
        return list(self.active)

    def funnel(self, plan: DebugPlan) -> FunnelEvidence:
        assert self.funnel_result is not None
        return self.funnel_result

    def exposure(self, plan: DebugPlan) -> ExposureEvidence:
        assert self.exposure_result is not None
        return self.exposure_result

    def run_sql(self, question: str, sql: str) -> QuestionAnswer:
        if self.sql is None:
            raise GuardError("no SQL scripted")
        return self.sql(sql)

    def ran_rules(self) -> list[RanRule]:
        return list(self.ran)

    def registry_ids(self) -> list[str]:
        return sorted({s.id for s in self.active})

    def registry_versions(self) -> list[Any]:
        return []

    def runs(self, limit: int) -> list[Any]:
        return []  # nothing has run in the fake warehouse

    def rule_diff(self, rule_id: str) -> Any:
        raise RegistryError(f"{rule_id}: no versions scripted", accepted="a warehouse registry")

    def performance(
        self, rule_ids: list[str] | None, filters: dict[str, list[str]], by: str | None = None,
        period: PeriodSpec | None = None,
    ) -> PerformanceReport:
        assert self.performance_report is not None
        self.performance_filters, self.performance_by, self.performance_period = filters, by, period
        wanted = set(rule_ids or [r.rule.rule_id for r in self.performance_report.rules])
        return self.performance_report.model_copy(
            update={"rules": [r for r in self.performance_report.rules if r.rule.rule_id in wanted]})

    def tool_context(self) -> Any:
        return None

    def close(self) -> None:
        pass


class ScriptedChatModel(BaseChatModel):
    """A chat model that returns scripted AIMessages in order and records each request's messages."""

    replies: list[AIMessage]
    requests: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[Any] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
        self.bound_tools = list(tools)
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.requests.append(list(messages))
        if not self.replies:
            raise AssertionError("the scripted model ran out of replies")
        return ChatResult(generations=[ChatGeneration(message=self.replies.pop(0))])


def tool_reply(name: str, args: dict[str, Any], *, call_id: str = "call_1", tokens: tuple[int, int] = (100, 20)) -> AIMessage:
    """Return an AIMessage that calls one tool, with usage metadata."""
    return AIMessage(
        content="",
        tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}],
        usage_metadata={"input_tokens": tokens[0], "output_tokens": tokens[1], "total_tokens": sum(tokens)},
    )
