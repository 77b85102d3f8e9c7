"""What every test shares: output that does not depend on the terminal or runner that started the suite."""

from __future__ import annotations

import os

# pytest-xdist starts its workers with COLUMNS=80 and no terminal; the CLI gives pipes 120 columns when COLUMNS is
# unset (cli/common.py), and the tests that read its tables expect that width however the suite was started
# (a test that needs another width passes COLUMNS to CliRunner itself).
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)
