"""The support diagnosis on hand-built rows: which segment a survey focuses on, and which hypotheses rank."""

from __future__ import annotations

from agent.support_causes import rank_support_causes
from agent.support_diagnosis import overall_line
from agent.support_focus import pick_support_focus
from agent.types import SupportAsk, SupportDelta


def row(segment: str, reason: str, active: tuple[int, int], tickets: tuple[int, int], *,
        csat: tuple[float | None, float | None] = (None, None), rated: tuple[int, int] = (0, 0),
        hours: tuple[float | None, float | None] = (None, None), resolved: tuple[int, int] = (0, 0)) -> SupportDelta:
    per_1k = [1000 * t / a if a else None for t, a in zip(tickets, active, strict=True)]
    return SupportDelta(
        segment=segment, reason=reason, previous_active=active[0], current_active=active[1],
        previous_tickets=tickets[0], current_tickets=tickets[1], ticket_delta=tickets[1] - tickets[0],
        previous_per_1k=per_1k[0], current_per_1k=per_1k[1], per_1k_delta=None,
        previous_resolved=resolved[0], current_resolved=resolved[1], previous_median_hours=hours[0],
        current_median_hours=hours[1], median_hours_delta=None, previous_rated=rated[0], current_rated=rated[1],
        previous_csat=csat[0], current_csat=csat[1], csat_delta=None, previous_csat_sd=1.0, current_csat_sd=1.0,
        evidence_id=f"support:{segment}:{reason}",
    )


def survey(spiking: tuple[int, int], standing: tuple[int, int]) -> list[SupportDelta]:
    """Five segments of 2,000 active users with 20 bug tickets a period; 'a' and 'b' differ as given."""
    rows = [row(s, "bug", (2000, 2000), (20, 20)) for s in ("c", "d", "e")]
    return [*rows, row("a", "bug", (2000, 2000), spiking), row("b", "bug", (2000, 2000), standing)]


def test_a_survey_focuses_on_the_segment_that_rose_beyond_the_survey_bar() -> None:
    rows = survey(spiking=(20, 80), standing=(60, 60))
    choice = pick_support_focus(rows, ["a", "b", "c", "d", "e"], SupportAsk(reasons=["bug"]), "up")
    assert (choice.segment, choice.reason, choice.basis) == ("a", "bug", "moved")


def test_without_a_change_beyond_the_bar_the_standing_difference_is_the_focus() -> None:
    # 'a' rises 20 -> 32 (z about 1.7, below a five-segment survey's bar); 'b' runs at three times the rest
    rows = survey(spiking=(20, 32), standing=(60, 60))
    choice = pick_support_focus(rows, ["a", "b", "c", "d", "e"], SupportAsk(reasons=["bug"]), "up")
    assert (choice.segment, choice.basis) == ("b", "stands out")
    # nothing moved or stands out: the one that moved most, said so
    flat = pick_support_focus(survey((20, 32), (20, 20)), ["a", "b", "c", "d", "e"], SupportAsk(reasons=["bug"]), "up")
    assert (flat.segment, flat.basis) == ("a", "moved most")


def test_a_reason_that_rose_for_the_focus_alone_ranks_first_and_csat_is_tied_to_slower_resolution() -> None:
    rows = [
        row("tiktok", "billing", (1000, 1000), (10, 60)), row("rest", "billing", (9000, 9000), (90, 95)),
        row("tiktok", "bug", (1000, 1000), (10, 11)), row("rest", "bug", (9000, 9000), (90, 92)),
        row("tiktok", "all", (1000, 1000), (20, 71), csat=(4.2, 2.1), rated=(15, 50), hours=(10.0, 30.0),
            resolved=(18, 60)),
        row("rest", "all", (9000, 9000), (180, 187), csat=(4.2, 4.2), rated=(140, 140), hours=(10.0, 11.0),
            resolved=(170, 170)),
    ]
    causes = rank_support_causes(rows, "tiktok", "rest", SupportAsk(), 1.0, {"rest": "the other sources"})
    assert [(c.rank, c.reason, c.confidence) for c in causes][:2] == [(1, "billing", "high"), (2, None, "high")]
    assert "billing tickets per 1,000 active tiktok users went from 10.0 to 60.0" in causes[0].summary
    assert "CSAT" in causes[1].summary and "slower resolution" in causes[1].summary
    assert all(c.reason != "bug" for c in causes)  # bug tickets barely moved
    assert causes[0].evidence_ids == ["support:tiktok:billing", "support:rest:billing"]
    # asked about CSAT, the CSAT hypothesis comes first
    asked = rank_support_causes(rows, "tiktok", "rest", SupportAsk(measure="csat"), 1.0, {})
    assert "CSAT" in asked[0].summary and asked[1].reason == "billing"


def test_more_tickets_from_more_active_users_is_said_as_volume() -> None:
    rows = [row("ios", "all", (1000, 2000), (50, 100)), row("rest", "all", (4000, 4000), (200, 200))]
    causes = rank_support_causes(rows, "ios", "rest", SupportAsk(), 1.0, {})
    assert len(causes) == 1 and "because active users went from 1,000 to 2,000" in causes[0].summary
    assert overall_line(rows, "all") == ("Across everyone compared, tickets went from 250 to 300 as active users went "
                                         "from 5,000 to 6,000 (50.0 to 50.0 per 1,000). ")
