"""A marketing source and an OS version the warehouse cannot apply are stated in the diagnosis, the OS applied."""

from __future__ import annotations

from pathlib import Path

from agent.api import ask
from agent.types import Diagnostic


def test_paid_social_and_an_os_version_are_noted_and_ios_is_still_compared(warehouse_db: Path) -> None:
    result = ask("Why did conversion drop for paid social users on iOS 17 this week?", db=warehouse_db, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result
    d = result.result
    assert (d.dimension, d.segments[0], d.filters) == ("device_os", "ios", {})
    unapplied = [n for n in d.notes if n.startswith("Not applied: ")]
    assert any("'paid social'" in n and "utm_source accepts organic, google" in n for n in unapplied)
    assert any("'ios 17'" in n and "without versions" in n for n in unapplied)
    assert not any("subscription_status" in n for n in d.notes)
