"""Fixtures for the agent's tests."""

from __future__ import annotations

import sys
from pathlib import Path

# The fakes module sits beside the tests; make it importable under its unique name.
sys.path.insert(0, str(Path(__file__).parent))
