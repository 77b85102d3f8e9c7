"""A question about one channel's messages ("why did push delivery drop on iOS?") opens with that channel's measure."""

from __future__ import annotations

from pathlib import Path

from agent_fakes import WINDOW, FakeBackend, ScriptedPlanner, exposure_rows, funnel_rows

from agent.api import ask
from agent.backend import ExposureEvidence, FunnelEvidence
from agent.debug_channel import ChannelAsk, asked_channel, channel_lead, channel_note
from agent.types import DebugPlan, Diagnostic, ExposureDelta

PUSH = ChannelAsk("push", "delivery_rate", "push delivery")
STEPS = ["app_opened", "workout_completed", "workout_completed_2"]
EXPOSURE = (exposure_rows("ios", "push", (1071, 955), (0.931, 0.142))
            + exposure_rows("android", "push", (1167, 1375), (0.935, 0.929))
            + exposure_rows("web", "push", (1, 0), (1.0, 0.0)))


def _opens(segment: str, delivered: tuple[int, int], rate: tuple[float, float]) -> list[ExposureDelta]:
    eid = f"exposure:{segment}:email"
    return [ExposureDelta(channel="email", segment=segment, metric="delivered", previous=delivered[0],
                          current=delivered[1], delta=delivered[1] - delivered[0], evidence_id=eid),
            ExposureDelta(channel="email", segment=segment, metric="open_rate", previous=rate[0], current=rate[1],
                          delta=rate[1] - rate[0], evidence_id=eid)]


def test_the_channel_measure_is_said_for_the_focus_and_each_segment_with_enough_sends() -> None:
    lead = channel_lead(PUSH, EXPOSURE, ["ios", "web", "android"], {}, "down")
    assert lead == "Push delivery rate for ios went from 93.1% to 14.2% (android: 93.5% to 92.9%). "


def test_a_channel_that_did_not_move_the_way_asked_is_said() -> None:
    opens = _opens("ios", (1800, 2200), (0.203, 0.205)) + _opens("web", (800, 970), (0.222, 0.230))
    lead = channel_lead(ChannelAsk("email", "open_rate", "email opens"), opens, ["ios", "web"], {}, "down")
    assert lead.endswith(": the question says it fell, but it did not change significantly. ")
    assert lead.startswith("Email open rate for ios went from 20.3% to 20.5% (web: 22.2% to 23.0%)")


def test_a_segment_the_channel_never_reached_is_said() -> None:
    lead = channel_lead(ChannelAsk("sms", "sent", "sms sends"), EXPOSURE, ["ios"], {}, None)
    assert lead.startswith("No sms messages went to ios in either period")


def test_clicks_are_no_exposure_measure() -> None:
    assert asked_channel("why did push clicks drop") is None
    assert asked_channel("why did e-mail deliverability fall on web") == ChannelAsk("email", "delivery_rate",
                                                                                      "e-mail deliverability")


def test_the_diagnosis_of_a_channel_question_opens_with_it(tmp_path: Path) -> None:
    question = "why did push delivery drop on iOS?"
    funnel = (funnel_rows("ios", [1700, 1230, 650], [1690, 1430, 126], STEPS)
              + funnel_rows("android", [1350, 950, 480], [1300, 1090, 585], STEPS)
              + funnel_rows("web", [750, 540, 275], [765, 648, 327], STEPS))
    backend = FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=funnel, sql={}),
                          exposure=ExposureEvidence(rows=EXPOSURE, sql={}))
    plan = DebugPlan(question=question, metric="activation", dimension="device_os", segments=["ios", "android", "web"],
                     not_applied=[channel_note(PUSH, "activation")])
    result = ask(question, db=tmp_path / "w.duckdb", planner=ScriptedPlanner(intent="debug", debug=plan), backend=backend)
    assert isinstance(result.result, Diagnostic)
    summary = result.result.summary
    assert summary.startswith("Push delivery rate for ios went from 93.1% to 14.2%")
    # the question's "drop" is the channel's: no premise is read into activation
    assert "The question says activation" not in summary and "activation for ios went from" in summary


EMAIL_ANY = ChannelAsk("email", "any", "email")


def test_a_channel_said_alone_opens_with_the_measure_that_moved_against_the_others() -> None:
    # android's email volume fell while the others' rose: its share of the sends moved, its delivery rate held
    exposure = (exposure_rows("android", "email", (1453, 925), (0.969, 0.981))
                + exposure_rows("web", "email", (819, 1000), (0.972, 0.970))
                + exposure_rows("ios", "email", (1923, 2306), (0.963, 0.970)))
    lead = channel_lead(EMAIL_ANY, exposure, ["android", "web", "ios"], {}, None)
    assert lead == ("Email sends for android went from 1,453 to 925 (web: 819 to 1,000; ios: 1,923 to 2,306). "
                    "Its delivery rate did not change significantly. ")


def test_a_channel_said_alone_that_held_says_each_measure() -> None:
    # every segment's volume rose by the same share and the rates held: nothing stands out for the focus
    exposure = (exposure_rows("android", "email", (1000, 1100), (0.970, 0.972))
                + exposure_rows("web", "email", (2000, 2200), (0.971, 0.969)))
    lead = channel_lead(EMAIL_ANY, exposure, ["android", "web"], {}, None)
    assert lead == ("Email messages to android did not change significantly against the other segments (sends 1,000 "
                    "to 1,100, delivery rate 97.0% to 97.2%). ")


def test_a_channel_said_alone_names_every_measure_that_moved() -> None:
    # ios push: fewer sends against android's and a collapsed delivery rate; the larger move leads
    lead = channel_lead(ChannelAsk("push", "any", "push"), EXPOSURE, ["ios", "android"], {}, None)
    assert lead.startswith("Push delivery rate for ios went from 93.1% to 14.2% (android: 93.5% to 92.9%). ")
    assert lead.endswith("Its sends (1,071 to 955) changed too. ")
