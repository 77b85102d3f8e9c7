"""A comparison segment with almost no sends (or users) in a period is no contrast: it is said, not scored."""

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
