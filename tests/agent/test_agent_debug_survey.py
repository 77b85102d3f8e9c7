"""Where a change concentrates when a debug prompt names no segment: every dimension is compared, ranked."""

from __future__ import annotations

from pathlib import Path

from agent_fakes import funnel_rows

from agent.api import ask
from agent.debug_survey import concentrated, dimension_concentrations, ranked, survey_note
from agent.types import Diagnostic

STEPS = ["trial_started", "subscription_started"]


def _platforms() -> list:
    # ios collapses; android and web hold
    return [*funnel_rows("ios", [1000, 300], [1000, 100], STEPS), *funnel_rows("android", [1000, 300], [1000, 290], STEPS),
            *funnel_rows("web", [500, 140], [500, 140], STEPS)]


def _countries() -> list:
    # every country moves a little the same way: nothing concentrates in one
    return [*funnel_rows("US", [1250, 370], [1250, 270], STEPS), *funnel_rows("DE", [1250, 370], [1250, 260], STEPS)]


def test_the_segment_whose_drop_stands_apart_from_its_dimension_ranks_first_beyond_the_survey_bar() -> None:
    found = dimension_concentrations("device_os", _platforms()) + dimension_concentrations("country", _countries())
    order = ranked(found, "down")
    picked = concentrated(order, "down")
    assert picked is not None and (picked.dimension, picked.segment) == ("device_os", "ios")
    assert picked.share is not None and picked.share > 0.9  # ios lost nearly all of the converters lost
    note = survey_note("trial_conversion", ["device_os", "country"], order, picked, "down")
    assert "concentrates in device_os=ios" in note and note.index("device_os=ios") < note.index("country=")
    # a rise asked of the same data: nothing rose, so nothing concentrates, and the note says the change is spread
    assert concentrated(ranked(found, "up"), "up") is None


def test_a_segment_that_held_while_the_others_fell_is_no_concentration_of_a_rise() -> None:
    # web held while ios fell: web differs from the rest, but nothing rose in it
    found = dimension_concentrations("device_os", _platforms())
    order = ranked(found, "up")
    assert concentrated(order, "up") is None
    assert "the change is spread" in survey_note("activation", ["device_os"], order, None, "up")


def test_which_segment_is_behind_a_drop_surveys_every_dimension_on_the_warehouse(built_warehouse: Path) -> None:
    result = ask("Where is the conversion drop coming from?", db=built_warehouse, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result
    d = result.result
    assert [t.tool for t in result.trace.tools] == ["compare_funnel"] * 3 + ["message_exposure"]
    survey = next(n for n in d.notes if "every segment dimension" in n)
    assert "(device_os, country, utm_source)" in survey and "Ranked: " in survey and "names no segment to" in survey
    # the planted iOS push collapse is where the drop concentrates, and the diagnosis explains it
    assert "concentrates in device_os=ios" in survey and d.dimension == "device_os" and d.segments[0] == "ios"
    assert d.summary.startswith("Of every segment compared, the change concentrates in ios.")
