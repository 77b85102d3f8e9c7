"""How a cause is said against the comparison: too thin to compare, the same move, or not significantly more."""

from __future__ import annotations

from agent_fakes import exposure_rows, funnel_rows

from agent.diagnose import derived_values, rank_causes, summarize
from agent.grounding import ungrounded

STEPS = ["app_opened", "workout_completed", "workout_completed_2"]


def _evidence(web_push: tuple[int, int], web_rate: tuple[float, float]) -> tuple[list, list]:
    """iOS push delivery collapses and iOS second workouts fall; web sends push `web_push` times."""
    funnel = (funnel_rows("ios", [1700, 1230, 650], [1690, 1430, 126], STEPS)
              + funnel_rows("web", [750, 540, 275], [765, 648, 327], STEPS))
    exposure = (exposure_rows("ios", "push", (1071, 955), (0.931, 0.142))
                + exposure_rows("web", "push", web_push, web_rate))
    return funnel, exposure


def test_a_channel_the_comparison_barely_uses_is_said_to_be_too_thin() -> None:
    funnel, exposure = _evidence((1, 0), (1.0, 0.0))
    causes = rank_causes(funnel, exposure, "ios", "web")
    push = next(c for c in causes if c.channel == "push")
    assert push.rank == 1 and push.confidence == "high"
    assert "web had too few push sends to compare: 1 then 0" in push.summary
    assert "while web went from 100.0% to 0.0%" not in push.summary
    summary = summarize("activation", funnel, "ios", "web", causes)
    results = {"funnel": [r.model_dump() for r in funnel], "exposure": [r.model_dump() for r in exposure],
               "derived": derived_values(funnel, exposure, "ios", "web")}
    assert ungrounded(summary, results) == []


def test_a_comparison_with_enough_sends_is_still_contrasted() -> None:
    funnel, exposure = _evidence((600, 640), (0.93, 0.92))
    push = next(c for c in rank_causes(funnel, exposure, "ios", "web") if c.channel == "push")
    assert "while web went from 93.0% to 92.0%" in push.summary and "too few" not in push.summary


def test_a_thin_comparison_that_moved_does_not_make_the_focus_shared() -> None:
    # 20 sends falling from 95% to 10% in web would have read as "moved the same way"
    funnel, exposure = _evidence((20, 20), (0.95, 0.10))
    push = next(c for c in rank_causes(funnel, exposure, "ios", "web") if c.channel == "push")
    assert "same way" not in push.summary and push.confidence == "high"


def test_a_step_that_moved_for_the_focus_but_not_more_than_for_the_comparison_is_said_so() -> None:
    # de's first step falls 87.5% -> 78.8% and fr's holds, but on 80 users that gap is not significant
    funnel = (funnel_rows("de", [80, 70, 40], [80, 63, 20], STEPS) + funnel_rows("fr", [80, 67, 40], [80, 67, 30], STEPS))
    causes = rank_causes(funnel, [], "de", "fr")
    assert causes and all(c.confidence == "low" for c in causes)
    text = summarize("m", funnel, "de", "fr", causes)
    assert "No step or channel moved significantly more for de than for fr; the closest: " in text
    assert "Nothing moved for de alone" not in text
