"""The audience preview says what its columns count, so 'audience' and 'eligible' are not read as the same."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from agent.render import preview_view


def test_the_preview_says_what_audience_eligible_and_holdout_count() -> None:
    console = Console(file=StringIO(), width=200)
    console.print(preview_view({"as_of": "2026-11-02", "base": 100, "rules": [
        {"rule_id": "nudge", "size": 40, "share": 0.4, "eligible": 30,
         "holdout": {"expected_treatment": 27, "expected_holdout": 3}, "sends": {"sends_per_day": 5}}]}))
    out = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "nudge │ 40 (40.0%) │ 30 │ 27 / 3" in out
    assert "eligible: those no suppression or stop condition takes out" in out
    assert "the holdout is eligible but gets nothing, to measure lift" in out
