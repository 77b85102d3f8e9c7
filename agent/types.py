"""The agent's contracts: intents, the planner seam, and the output types both planners produce.

Both planners (the deterministic catalog planner and the LLM planner) implement `Planner`; the graph in
`agent.graph` only talks to this protocol, and `mcc ask --json` prints an `AskResult`.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from orchestrator.spec import Policy, Rule
from tools.named_periods import PeriodSpec
from tools.support import SupportRow
from warehouse.catalog import Catalog

Intent = Literal["decision", "eligibility", "debug", "question", "performance", "out_of_scope"]


class Refusal(BaseModel):
    """'I can't answer that', as a first-class output: which phrase failed and what would work."""

    kind: Literal["refusal"] = "refusal"
    reason: str
    unmatched_phrases: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list, description="closest catalog entries")


class Window(BaseModel):
    """A current period compared with the previous one of the same length (dates, ISO, end exclusive)."""

    current_start: str
    current_end: str
    previous_start: str
    previous_end: str
    label: str = Field(description="as the user said it, e.g. 'this week'")


SupportMeasure = Literal["tickets", "csat", "resolution"]
SUPPORT_METRIC = "support_tickets"  # a support DebugPlan's and Diagnostic's `metric`


class SupportAsk(BaseModel):
    """What a support question asks about: the measure said to move, and the ticket reasons it names."""

    measure: SupportMeasure = Field("tickets", description="tickets per active user, mean CSAT, or hours to resolve")
    reasons: list[str] = Field(default_factory=list, description="ticket reasons named, as the catalog spells them")
    dimensions: list[str] = Field(default_factory=list, description="when the prompt names nothing to split by: the "
                                  "dimensions to survey; the diagnosis keeps the one whose segment moved most")


class DebugPlan(BaseModel):
    """What a debug prompt asks: a metric compared across segments of a dimension over a window.

    The dimension is a catalog dimension or a categorical trait (an enum with values, or a bool spelled
    'true'/'false'). `filters` are the prompt's other stated scopes, applied to every funnel and exposure
    query; a scope that cannot be applied is listed in `not_applied` with the reason, never dropped.
    """

    kind: Literal["debug_plan"] = "debug_plan"
    question: str
    metric: str = Field(description="a metric name from the catalog's metrics")
    dimension: str = Field(description="a dimension name from the catalog")
    segments: list[str] = Field(min_length=1, max_length=8, description="values of the dimension; first is the focus")
    window_days: int = Field(7, ge=1, le=90, description="the last N days, when `period` is not set")
    window_label: str = "this week"
    period: PeriodSpec | None = Field(
        None, description="a calendar period named relative to the data end ('since Monday', 'in October'); "
                          "when set, the tools compare it instead of the last `window_days` days"
    )
    filters: dict[str, list[str]] = Field(
        default_factory=dict, description="categorical trait -> the values every compared user has, e.g. {'utm_source': ['facebook']}"
    )
    not_applied: list[str] = Field(default_factory=list, description="stated scopes left out of the comparison, each with why")
    focus_named: bool = Field(True, description="the prompt names the first segment; when False the diagnosis "
                                                "focuses on the segment that moved most")
    comparison: str | None = Field(None, description="the segment the prompt names to compare the focus with "
                                                     "('but not in the US'); else the diagnosis chooses it")
    support: SupportAsk | None = Field(None, description="set for a support question: compare_support runs instead of "
                                                         "the funnel, and `metric` is 'support_tickets'")
    also: list[str] = Field(default_factory=list, description="other segments the prompt says moved with the focus "
                                                             "('on iOS and Android'); never chosen as the comparison")
    survey: list[str] = Field(default_factory=list, description="dimensions to compare the change across when the "
                                                               "prompt names no segment; the diagnosis explains the "
                                                               "one where it concentrates")


class QuestionPlan(BaseModel):
    """A data question answered with one guarded SELECT."""

    kind: Literal["question_plan"] = "question_plan"
    question: str
    sql: str


class FunnelStepDelta(BaseModel):
    step: str
    segment: str
    previous_count: int
    current_count: int
    previous_rate: float | None = Field(None, description="share of the funnel's first step")
    current_rate: float | None = None
    rate_delta: float | None = Field(None, description="current_rate - previous_rate, in rate points")
    evidence_id: str


class ExposureDelta(BaseModel):
    channel: str
    segment: str
    metric: Literal["sent", "delivered", "delivery_rate", "open_rate", "sends_per_user"]
    previous: float
    current: float
    delta: float
    evidence_id: str


# One segment and ticket reason of compare_support in both periods (a support diagnostic's evidence).
SupportDelta = SupportRow


class Cause(BaseModel):
    rank: int
    summary: str
    step: str | None = None
    channel: str | None = None
    reason: str | None = Field(None, description="the ticket reason a support cause is about")
    evidence_ids: list[str] = Field(min_length=1)
    confidence: Literal["low", "medium", "high"] = "medium"


class Diagnostic(BaseModel):
    """The answer to a debug prompt; every number cites an evidence id whose SQL is in `sql`."""

    kind: Literal["diagnostic"] = "diagnostic"
    question: str
    metric: str
    dimension: str
    segments: list[str]
    window: Window
    funnel: list[FunnelStepDelta]
    exposure: list[ExposureDelta]
    causes: list[Cause]
    next_checks: list[str]
    summary: str
    sql: dict[str, str] = Field(description="evidence id -> the SQL that produced it")
    filters: dict[str, list[str]] = Field(default_factory=dict, description="the scopes every query was restricted to")
    notes: list[str] = Field(
        default_factory=list, description="what the comparison assumed or left out: when traits were read, scopes not applied"
    )
    support: list[SupportDelta] = Field(
        default_factory=list, description="a support diagnostic's rows: focus and comparison, every reason and 'all'"
    )


class QuestionAnswer(BaseModel):
    kind: Literal["answer"] = "answer"
    question: str
    sql: str
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    notes: list[str] = Field(default_factory=list, description="what to know reading it: a period the data covers "
                                                               "only in part, or not at all")


class RuleReading(BaseModel):
    """One rule's measured effect, in numbers and in words (see agent/performance_reading.py)."""

    rule_id: str
    policy_id: str | None = None
    description: str = ""
    segment: str | None = Field(None, description="the value of the answer's `by` trait these figures are for")
    verdict: Literal["lift", "negative", "no_clear_effect", "not_measurable", "no_conversion_event"]
    reading: str = Field(description="the verdict in a sentence, with the numbers behind it")
    metric: str | None = None
    window_days: int | None = None
    sent: int = 0
    sent_rate: float | None = None
    held_out: int = 0
    held_out_rate: float | None = None
    lift: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    contamination: int = 0
    reach: dict[str, int] = Field(default_factory=dict, description="the latest run's decisions by outcome")
    reach_run: str | None = None


class Performance(BaseModel):
    """The answer to "how is rule X doing?": each rule's lift over its holdout, and whom the latest run reached."""

    kind: Literal["performance"] = "performance"
    question: str
    as_of: str
    rules: list[RuleReading]
    global_control: str | None = Field(None, description="everyone messaged against the global control group, in words")
    summary: str
    next_checks: list[str] = Field(default_factory=list)
    filters: dict[str, list[str]] = Field(default_factory=dict, description="the people measured (none: everyone)")
    by: str | None = Field(None, description="the trait each rule was measured apart by (one reading per value)")
    notes: list[str] = Field(default_factory=list, description="whom the figures cover, and what was not applied")
    sql: dict[str, str] = Field(default_factory=dict)


class Usage(BaseModel):
    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


class ToolCall(BaseModel):
    tool: str
    ok: bool
    ms: float
    summary: str = ""


class Trace(BaseModel):
    tools: list[ToolCall] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    rounds: int = 0
    steps: list[str] = Field(default_factory=list, description="graph nodes visited, in order")
    fallbacks: list[str] = Field(default_factory=list, description="where a deterministic answer replaced the model's")


class AskResult(BaseModel):
    """What `mcc ask --json` prints."""

    prompt: str
    intent: Intent
    planner: str
    result: Rule | Policy | Diagnostic | QuestionAnswer | Performance | Refusal | None
    validation: dict[str, Any] = Field(default_factory=lambda: {"errors": [], "warnings": []})
    preview: dict[str, Any] | None = None
    proposal_id: str | None = None
    trace: Trace = Field(default_factory=Trace)
    error: str | None = None


class Planner(Protocol):
    """The seam: the graph calls these; the catalog planner and the LLM planner implement them."""

    name: str
    usage: Usage

    def classify(self, prompt: str, catalog: Catalog) -> Intent: ...

    def draft(
        self, prompt: str, intent: Intent, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        """Draft a spec; `feedback` holds the validator's errors from the previous round (path, message, suggestion)."""
        ...

    def plan_debug(self, prompt: str, catalog: Catalog) -> DebugPlan | Refusal: ...

    def plan_question(self, prompt: str, catalog: Catalog, feedback: list[dict[str, Any]]) -> QuestionPlan | Refusal: ...
