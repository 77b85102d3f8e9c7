"""The agent modules' doctests (small pure functions) run with the suite."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["agent.diagnose", "agent.grounding", "agent.providers", "agent.catalog_text",
                                    "agent.debug_focus", "agent.debug_level", "agent.debug_channel", "agent.catalog_planner.debug_spelling", "agent.support_stats",
                                    "agent.support_causes"])
def test_doctests_pass(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
