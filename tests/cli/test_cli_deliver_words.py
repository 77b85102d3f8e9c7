"""`mcc deliver` after an outage: one line per reason a message was parked, not one per message."""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from rich.console import Console

from cli import execute_render
from orchestrator.delivery import DeliveryReport


def test_parked_messages_are_counted_by_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    reasons = {f"k{i:04d}": "HTTP 500 from https://rest.example/users/track" for i in range(900)}
    reasons |= {f"r{i}": f"HTTP 400 from https://rest.example/{i}" for i in range(7)}
    report = DeliveryReport(target="braze", now=datetime(2026, 1, 1), due=907, delivered=0, skipped=0,
                            parked=907, attempts=3607, parked_reasons=reasons)
    out = StringIO()
    monkeypatch.setattr(execute_render, "console", Console(file=out, width=200))
    execute_render.render_delivery(report)
    lines = [line for line in out.getvalue().splitlines() if line.startswith(("parked ", "… and"))]
    assert lines[0] == "parked 900: HTTP 500 from https://rest.example/users/track (e.g. k0000)"
    assert len(lines) == execute_render.PARKED_REASONS_SHOWN + 1
    assert lines[-1] == "… and 3 more reasons (--json lists each message)"


def test_skipped_messages_are_counted_by_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    report = DeliveryReport(target="braze", now=datetime(2026, 1, 1), due=12, skipped=12,
                            skipped_reasons={"previous step opened": 2,
                                             "the rule no longer runs (retired, or dropped from its policy)": 10})
    out = StringIO()
    monkeypatch.setattr(execute_render, "console", Console(file=out, width=200))
    execute_render.render_delivery(report)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("skipped ")]
    assert lines == ["skipped 10: the rule no longer runs (retired, or dropped from its policy)",
                     "skipped 2: previous step opened"]
