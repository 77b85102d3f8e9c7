"""Preview shares never read as zero when someone is in the audience, and say what they are a share of."""

from __future__ import annotations

from rich.console import Console

from agent.render import preview_view
from orchestrator.describe import describe_share


def test_a_share_under_a_tenth_of_a_percent_is_not_printed_as_zero() -> None:
    assert describe_share(0.0) == "0.0%"
    assert describe_share(7 / 19_787) == "<0.1%"
    assert describe_share(0.0005) == "0.1%"
    assert describe_share(0.1417) == "14.2%"


def test_the_agent_preview_names_its_denominator_and_keeps_small_audiences_visible() -> None:
    preview = {"as_of": "2026-11-02 00:00:00", "base": 19_787, "rules": [
        {"rule_id": "support_issues", "size": 7, "share": 7 / 19_787, "eligible": 7,
         "holdout": {"expected_treatment": 6, "expected_holdout": 1}, "sends": {"sends_per_day": 3}}]}
    console = Console(width=200, record=True)
    console.print(preview_view(preview))
    text = console.export_text()
    assert "Audience preview as of 2026-11-02 00:00:00, out of 19,787 users" in text
    assert "7 (<0.1%)" in text and "0.0%" not in text


def test_the_agent_preview_says_sends_per_day_is_a_ceiling_per_rule() -> None:
    preview = {"as_of": "2026-11-02", "base": 100, "rules": [
        {"rule_id": "nudge", "size": 40, "share": 0.4, "eligible": 30,
         "holdout": {"expected_treatment": 27, "expected_holdout": 3}, "sends": {"sends_per_day": 5}}]}
    console = Console(width=200, record=True)
    console.print(preview_view(preview))
    text = " ".join(console.export_text().split())
    assert "sends per day: at most, by the channel plan and frequency caps, each rule on its own" in text
