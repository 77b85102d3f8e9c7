"""Cause ranking and the grounding check on fixed evidence, with exact expected outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent_fakes import WINDOW, FakeBackend, ScriptedPlanner, exposure_rows, funnel_rows

from agent.api import ask
from agent.backend import ExposureEvidence, FunnelEvidence
from agent.diagnose import derived_values, rank_causes, summarize, two_proportion_z
from agent.grounding import cited_numbers, ungrounded
from agent.types import DebugPlan, Diagnostic

STEPS = ["trial_started", "workout_completed", "workout_completed_2", "pricing_viewed", "subscription_started"]
STEADY = [1000, 700, 420, 300, 120]


def planted() -> tuple[list, list]:
    """iOS push delivery collapses and iOS second workouts fall; email dips in both segments (a red herring)."""
    funnel = funnel_rows("ios", STEADY, [1000, 690, 280, 200, 80], STEPS) + funnel_rows(
        "android", STEADY, [1000, 705, 425, 305, 122], STEPS
    )
    exposure = (
        exposure_rows("ios", "push", (5000, 5000), (0.92, 0.40))
        + exposure_rows("android", "push", (5000, 5000), (0.92, 0.91))
        + exposure_rows("ios", "email", (3000, 3000), (0.98, 0.90))
        + exposure_rows("android", "email", (3000, 3000), (0.98, 0.90))
    )
    return funnel, exposure


def test_the_channel_feeding_the_broken_step_ranks_first() -> None:
    funnel, exposure = planted()
    causes = rank_causes(funnel, exposure, "ios", "android")
    top = causes[0]
    assert (top.channel, top.step, top.confidence, top.rank) == ("push", "workout_completed_2", "high", 1)
    assert "exposure:ios:push" in top.evidence_ids and "funnel:ios:workout_completed_2" in top.evidence_ids
    assert causes[1].step == "workout_completed_2" and causes[1].channel is None and causes[1].confidence == "medium"


def test_a_change_in_both_segments_ranks_low() -> None:
    funnel, exposure = planted()
    email = [c for c in rank_causes(funnel, exposure, "ios", "android") if c.channel == "email"]
    assert len(email) == 1 and email[0].confidence == "low" and email[0].rank == 3
    assert "not specific to ios" in email[0].summary


def test_nothing_changed_names_no_cause() -> None:
    funnel = funnel_rows("ios", STEADY, STEADY, STEPS) + funnel_rows("android", STEADY, STEADY, STEPS)
    exposure = exposure_rows("ios", "push", (5000, 5000), (0.92, 0.92))
    assert rank_causes(funnel, exposure, "ios", "android") == []
    text = summarize("trial_conversion", funnel, "ios", "android", [])
    assert "not significant, so no cause is named" in text


def test_two_proportion_z_matches_the_textbook_value() -> None:
    # pooled p = 0.10, se = sqrt(0.1 * 0.9 * 2 / 1000) = 0.013416, z = -0.04 / se
    assert round(two_proportion_z(0.12, 1000, 0.08, 1000), 3) == -2.981


def test_the_deterministic_summary_is_grounded() -> None:
    funnel, exposure = planted()
    causes = rank_causes(funnel, exposure, "ios", "android")
    text = summarize("trial_conversion", funnel, "ios", "android", causes)
    assert "12.0% to 8.0%" in text and "push" in text
    evidence = [f.model_dump() for f in funnel] + [e.model_dump() for e in exposure]
    assert ungrounded(text, [evidence, derived_values(funnel, exposure, "ios", "android")]) == []


def test_an_invented_number_is_refused() -> None:
    funnel, exposure = planted()
    evidence = [f.model_dump() for f in funnel] + [e.model_dump() for e in exposure]
    assert ungrounded("iOS push delivery fell from 92.0% to 40.0%.", evidence) == []
    assert ungrounded("iOS push delivery fell from 92.0% to 17.5%, costing 1,234 users.", evidence) == ["17.5", "1,234"]


def test_dates_and_ids_are_not_cited_numbers() -> None:
    cited = cited_numbers("Between 2026-11-18 and 2026-11-25, funnel:ios:workout_completed_2 fell 3 points")
    assert [c.value for c in cited] == [3.0]


class InventingSummarizer(ScriptedPlanner):
    """A planner whose summary cites a number no tool returned."""

    def summarize(self, diagnostic: Diagnostic) -> str:
        self.usage.model_calls += 1
        return "Conversion on iOS fell by 37.3% because push broke."


def test_the_graph_keeps_the_deterministic_summary_when_the_model_invents_a_number(tmp_path: Path) -> None:
    funnel, exposure = planted()
    backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=funnel, sql={"funnel:ios:trial_started": "SELECT 1"}),
                          exposure=ExposureEvidence(rows=exposure, sql={}))
    plan = DebugPlan(question="why", metric="trial_conversion", dimension="device_os", segments=["ios", "android"])
    result = ask("why", db=tmp_path / "w.duckdb", planner=InventingSummarizer(intent="debug", debug=plan), backend=backend)
    assert isinstance(result.result, Diagnostic)
    assert "37.3" not in result.result.summary and "12.0% to 8.0%" in result.result.summary
    assert result.trace.fallbacks and "37.3" in result.trace.fallbacks[0]
    assert result.result.causes[0].channel == "push"
    assert [t.tool for t in result.trace.tools] == ["compare_funnel", "message_exposure"]
    assert result.trace.usage.model_calls == 2


def test_a_drop_shared_by_both_segments_is_said_to_be_shared() -> None:
    dropped = [1000, 700, 280, 200, 80]
    funnel = funnel_rows("ios", STEADY, dropped, STEPS) + funnel_rows("android", STEADY, dropped, STEPS)
    causes = rank_causes(funnel, [], "ios", "android")
    assert causes and all(c.confidence == "low" for c in causes)
    text = summarize("trial_conversion", funnel, "ios", "android", causes)
    assert "12.0% to 8.0% (android: 12.0% to 8.0%)" in text and "not specific to ios" in text


class AdaptingInventingSummarizer(InventingSummarizer):
    """As above, after adapting its call to the server (a note the trace must keep)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notes: list[str] = []

    def summarize(self, diagnostic: Diagnostic) -> str:
        self.notes.append("the server refused temperature; sent again without it")
        return super().summarize(diagnostic)

    def take_notes(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes


def test_a_rejected_summary_keeps_the_planners_own_notes_beside_its_fallback(tmp_path: Path) -> None:
    funnel, exposure = planted()
    backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=funnel, sql={"funnel:ios:trial_started": "SELECT 1"}),
                          exposure=ExposureEvidence(rows=exposure, sql={}))
    plan = DebugPlan(question="why", metric="trial_conversion", dimension="device_os", segments=["ios", "android"])
    planner = AdaptingInventingSummarizer(intent="debug", debug=plan)
    result = ask("why", db=tmp_path / "w.duckdb", planner=planner, backend=backend)
    assert result.trace.fallbacks[0] == "the server refused temperature; sent again without it"
    assert "37.3" in result.trace.fallbacks[1]
